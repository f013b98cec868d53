import t from 'tap';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { fromBase64 } from '../../../src/integrity/base64.ts';
import { openCheckpoint } from '../../../src/integrity/checkpoint.ts';
import { parseVerifierKey } from '../../../src/integrity/note-keys.ts';
import { verifyConsistency } from '../../../src/integrity/verify-consistency.ts';
import { verifyInclusion } from '../../../src/integrity/verify-inclusion.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { caughtUp, expectedLeaves, rawStoreWith, startLog } from '../../integrity-log/helpers.ts';
import { fillStore } from '../../projections/fixtures/synthetic-events.ts';
import { capturedLogs, captureStream, leaks } from '../helpers/test-server.ts';
import { integrityServer } from './integrity-server.ts';

const PROBLEM = (slug: string) => `https://taizhang.dev/problems/${slug}`;
/** The Merkle log's lines go to the suite's capture too, as the server's do (integrity-server.ts). */
const logger = createLogger('info', captureStream);
const b = (s: string): Buffer => {
  const bytes = fromBase64(s);
  if (bytes === undefined) throw new Error(`not base64: ${s}`);
  return bytes;
};

t.test('the integrity routes answer without a token, and every answer verifies with the pure verifiers', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 200, 7);
  const log = startLog(t, { logger, rawStore: store, dataDir: path.join(dir, 'data') });
  await caughtUp(log, store);
  const { app } = await integrityServer(t, dir, store, log);
  const get = (url: string) => app.inject({ method: 'GET', url });

  const key = await get('/api/v1/integrity/key');
  t.equal(key.statusCode, 200);
  t.match(key.headers['content-type'], /^text\/plain/);
  const verifier = parseVerifierKey(key.body);
  t.equal(verifier.name, 'taizhang.test/log', 'the verifier key names the origin');

  const none = await get('/api/v1/integrity/checkpoint');
  t.equal(none.statusCode, 404, 'no checkpoint before the first signing');
  t.equal(none.json().type, PROBLEM('not-found'));

  const readyBefore = (await get('/ready')).json();
  t.match(readyBefore.integrity, { state: 'live', servedPosition: String(await store.headPosition()), lagEvents: '0', latestCheckpoint: null, signingFailure: null }, '/ready: the log caught up, nothing signed yet');

  log.signNow();
  const cp = await get('/api/v1/integrity/checkpoint');
  t.equal(cp.statusCode, 200);
  t.match(cp.headers['content-type'], /^text\/plain/);
  const { checkpoint } = openCheckpoint(cp.body, verifier);
  t.equal(checkpoint.treeSize, 200);
  const ready = (await get('/ready')).json();
  t.same(
    { treeSize: ready.integrity.latestCheckpoint.treeSize, rootHash: ready.integrity.latestCheckpoint.rootHash },
    { treeSize: 200, rootHash: Buffer.from(checkpoint.rootHash).toString('base64') },
    '/ready reports the latest checkpoint',
  );
  t.ok(Number.isFinite(Date.parse(ready.integrity.latestCheckpoint.signedAt)), 'with when it was signed');

  const { events, hashes } = await expectedLeaves(store);
  for (const i of [0, 1, 99, 127, 128, 199]) {
    const res = await get(`/api/v1/integrity/inclusion?index=${i}`);
    t.equal(res.statusCode, 200, `inclusion of leaf ${i}`);
    const body = res.json();
    t.same({ leafIndex: body.leafIndex, treeSize: body.treeSize }, { leafIndex: i, treeSize: 200 }, 'default size: the latest checkpoint');
    t.same(b(body.leafHash), hashes[i], 'the leaf hash of the event as stored');
    verifyInclusion(i, 200, hashes[i]!, body.proof.map(b), checkpoint.rootHash);
  }
  const byEvent = (await get(`/api/v1/integrity/inclusion?event=${events[42]!.id}&size=150`)).json();
  t.equal(byEvent.leafIndex, 42);
  t.equal(byEvent.treeSize, 150);
  const root150 = (await get('/api/v1/integrity/root?size=150')).json();
  t.same(root150.size, 150);
  verifyInclusion(42, 150, hashes[42]!, byEvent.proof.map(b), b(root150.root));

  for (const [m, n] of [[1, 200], [64, 200], [150, 200], [7, 13], [200, 200]] as const) {
    const res = await get(`/api/v1/integrity/consistency?from=${m}&to=${n}`);
    t.equal(res.statusCode, 200);
    const roots = await Promise.all([m, n].map(async (s) => b((await get(`/api/v1/integrity/root?size=${s}`)).json().root)));
    verifyConsistency(m, n, res.json().proof.map(b), roots[0]!, roots[1]!);
    t.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', 'explicit sizes: immutable');
  }
  const toLatest = (await get('/api/v1/integrity/consistency?from=50')).json();
  t.same([toLatest.from, toLatest.to], [50, 200], 'to defaults to the latest checkpoint');
  verifyConsistency(50, 200, toLatest.proof.map(b), b((await get('/api/v1/integrity/root?size=50')).json().root), checkpoint.rootHash);
  t.same((await get('/api/v1/integrity/root')).json(), { size: 200, root: Buffer.from(checkpoint.rootHash).toString('base64') }, 'root defaults to the latest checkpoint');
});

t.test('every (m, n) pair up to 20 leaves over HTTP: inclusion and consistency verify', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 20, 8);
  const log = startLog(t, { logger, rawStore: store, dataDir: path.join(dir, 'data') });
  await caughtUp(log, store);
  const { app } = await integrityServer(t, dir, store, log);
  const get = async (url: string) => (await app.inject({ method: 'GET', url })).json();
  const { hashes } = await expectedLeaves(store);
  const roots: Buffer[] = [];
  for (let n = 1; n <= 20; n++) roots[n] = b((await get(`/api/v1/integrity/root?size=${n}`)).root);
  let checked = 0;
  for (let n = 1; n <= 20; n++) {
    for (let m = 1; m <= n; m++) {
      verifyInclusion(m - 1, n, hashes[m - 1]!, (await get(`/api/v1/integrity/inclusion?index=${m - 1}&size=${n}`)).proof.map(b), roots[n]!);
      verifyConsistency(m, n, (await get(`/api/v1/integrity/consistency?from=${m}&to=${n}`)).proof.map(b), roots[m]!, roots[n]!);
      checked++;
    }
  }
  t.equal(checked, 210, '210 pairs, each an inclusion and a consistency proof');
});

t.test('bad parameters are 400 problems naming the field; what is not there is a clear problem', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 30, 9);
  const log = startLog(t, { logger, rawStore: store, dataDir: path.join(dir, 'data') });
  await caughtUp(log, store);
  const { app, tokens } = await integrityServer(t, dir, store, log);
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const problem = (res: LightMyRequestResponse) => {
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    return res.json() as { type: string; status: number; detail: string; errors?: { path: string; message: string }[]; treeSize?: number };
  };
  const field = async (url: string, path: string, status = 400) => {
    const res = await get(url);
    t.equal(res.statusCode, status, `${url}: ${status}`);
    const p = problem(res);
    t.equal(p.type, PROBLEM('validation-failed'));
    t.ok(p.errors?.some((e) => e.path === path), `${url}: names ${path} (${JSON.stringify(p.errors)})`);
    return p;
  };
  await field('/api/v1/integrity/inclusion?index=abc&size=10', 'querystring.index');
  await field('/api/v1/integrity/inclusion?index=01&size=10', 'querystring.index');
  await field('/api/v1/integrity/inclusion?index=-1&size=10', 'querystring.index');
  await field('/api/v1/integrity/inclusion?index=3&size=1e3', 'querystring.size');
  await field('/api/v1/integrity/inclusion?event=not-an-id', 'querystring.event');
  await field('/api/v1/integrity/inclusion?size=10', 'querystring.index');
  await field('/api/v1/integrity/inclusion?index=1&event=0190b6a2-3c4d-7e5f-8a1b-000000000001&size=10', 'querystring.event');
  await field('/api/v1/integrity/inclusion?index=10&size=10', 'querystring.index');
  const beyond = await field('/api/v1/integrity/inclusion?index=1&size=31', 'querystring.size');
  t.equal(beyond.treeSize, 30, 'the problem says how large the tree is');
  t.match(beyond.detail, /beyond the log: the tree has 30 leaves/);
  await field('/api/v1/integrity/root?size=99999', 'querystring.size');
  await field('/api/v1/integrity/consistency?from=0&to=10', 'querystring.from');
  await field('/api/v1/integrity/consistency?from=11&to=10', 'querystring.from');
  await field('/api/v1/integrity/consistency?to=10', 'querystring.from');
  await field('/api/v1/integrity/consistency?from=3&to=40', 'querystring.to');
  await field('/api/v1/integrity/inclusion?index=1&size=10&minPosition=x', 'querystring.minPosition');

  const unknown = await get('/api/v1/integrity/inclusion?event=0190b6a2-3c4d-7e5f-8a1b-000000000001&size=10');
  t.equal(unknown.statusCode, 404, 'an event not in the log');
  t.equal(problem(unknown).type, PROBLEM('not-found'));
  const noCheckpoint = await get('/api/v1/integrity/root');
  t.equal(noCheckpoint.statusCode, 404, 'default size before any checkpoint');
  t.match(problem(noCheckpoint).detail, /no checkpoint is signed yet/);

  log.signNow();
  await fillStore(store, 5, 77);
  await caughtUp(log, store);
  const [late] = (await store.readAll({ after: (await store.headPosition()) - 1n }));
  const notYet = await get(`/api/v1/integrity/inclusion?event=${late!.id}`);
  t.equal(notYet.statusCode, 503, 'an event beyond the latest checkpoint: not yet provable against it');
  t.equal(notYet.headers['retry-after'], '10');
  const explicit = await get(`/api/v1/integrity/inclusion?event=${late!.id}&size=35`);
  t.equal(explicit.statusCode, 200, 'with an explicit size it is');

  const badToken = await get('/api/v1/integrity/key', { authorization: 'Bearer tz_not-a-token-at-all-xxxxxxxxxx' });
  t.equal(badToken.statusCode, 401, 'public, but a token sent must be valid');
  const token = tokens.create({ name: 'Auditor', role: 'auditor', principalId: 'aud-1', nowIso: '2026-03-02T09:00:00+08:00' });
  t.equal((await get('/api/v1/integrity/key', { authorization: `Bearer ${token}` })).statusCode, 200, 'and a valid one is fine');
});

t.test('minPosition waits for the Merkle log; a server without the log answers 503', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 10, 10);
  const log = startLog(t, { logger, rawStore: store, dataDir: path.join(dir, 'data') });
  await caughtUp(log, store);
  const { app } = await integrityServer(t, dir, store, log);
  await fillStore(store, 3, 11);
  const head = await store.headPosition();
  const [last] = await store.readAll({ after: head - 1n });
  const res = await app.inject({ method: 'GET', url: `/api/v1/integrity/inclusion?event=${last!.id}&size=13&minPosition=${head}` });
  t.equal(res.statusCode, 200, 'the proof of a just-written event, once the log has it');
  t.equal(res.json().leafIndex, 12);
  const far = await app.inject({ method: 'GET', url: `/api/v1/integrity/root?size=1&minPosition=${head + 1000n}` });
  t.equal(far.statusCode, 503);
  t.equal(far.json().type, PROBLEM('not-ready'));

  const bare = await integrityServer(t, path.join(dir, 'bare'), store, undefined);
  const res2 = await bare.app.inject({ method: 'GET', url: '/api/v1/integrity/key' });
  t.equal(res2.statusCode, 503);
  t.equal(res2.json().type, PROBLEM('not-ready'));
  const bareReady = await bare.app.inject({ method: 'GET', url: '/ready' });
  t.equal(bareReady.statusCode, 200);
  t.notOk('integrity' in bareReady.json(), '/ready of a server without the log has no integrity part');
});

t.test('the routes are documented in the OpenAPI description', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 0);
  const { app } = await integrityServer(t, dir, store, undefined);
  const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, { get?: { security?: unknown } }> };
  for (const p of ['key', 'checkpoint', 'inclusion', 'consistency', 'root']) {
    const route = spec.paths[`/api/v1/integrity/${p}`];
    t.ok(route?.get, `/api/v1/integrity/${p} is documented`);
    t.equal(route?.get?.security, undefined, 'and needs no token');
  }
});

t.test('the integrity server logs through the suite capture, which scans its lines for tokens', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 3, 5);
  const { app } = await integrityServer(t, dir, store, undefined);
  const before = capturedLogs().length;
  const guess = `tz_${'g'.repeat(43)}`;
  const res = await app.inject({ method: 'GET', url: '/api/v1/integrity/key', headers: { authorization: `Bearer ${guess}`, 'x-request-id': 'integrity-capture-0001' } });
  t.equal(res.statusCode, 401);
  const lines = capturedLogs().slice(before);
  t.ok(lines.some((l) => l.includes('integrity-capture-0001')), 'the request\'s line is captured');
  t.same(leaks(lines, [guess]), [], 'and holds no token');
});
