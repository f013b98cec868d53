import t from 'tap';
import type { Test } from 'tap';
import path from 'node:path';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import type { EventToAppend } from '../../src/eventstore/port.ts';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { openCheckpoint } from '../../src/integrity/checkpoint.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { verifyInclusion } from '../../src/integrity/verify-inclusion.ts';
import { integrityDir } from '../../src/integrity-log/checkpoint-store.ts';
import { LogView } from '../../src/integrity-log/log-view.ts';
import { IntegrityLogThread, type IntegrityLogThreadOptions } from '../../src/integrity-log/log-thread-port.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { ProjectionNotCaughtUpError } from '../../src/projections/errors.ts';
import { servedFileOnDisk } from '../../src/projections/projection-digest.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { integrityServer } from '../http/routes/integrity-server.ts';
import { eventually, expectedRoot, rawStoreWith, silent } from './helpers.ts';

const ORIGIN = 'taizhang.test/thread';

async function startThread(t: Test, store: SqliteEventStore, dataDir: string, more: Partial<IntegrityLogThreadOptions> = {}): Promise<IntegrityLogThread> {
  const log = await IntegrityLogThread.start({
    storeFile: store.file,
    commits: store,
    dataDir,
    logger: silent,
    config: { origin: ORIGIN, checkpointEveryEvents: 1_000_000, checkpointIntervalMs: 3_600_000 },
    ...more,
  });
  t.teardown(() => log.close());
  return log;
}

function fundOpened(n: number): EventToAppend {
  const meta = { actor: { id: 'u-1', role: 'finance' }, correlationId: `c-${n}`, causationId: `c-${n}`, requestId: `r-${n}`, occurredAt: '2026-03-01T09:00:00+08:00' };
  return { id: `0190b6a2-3c4d-7e5f-8a1b-${String(n).padStart(12, '0')}`, type: 'FundOpened', schemaVersion: 1, data: { fundId: `fund-${n}` }, metadata: meta };
}

t.test('a fresh command: waiting for its position ends the linger, and its inclusion proof verifies against a checkpoint the thread signed', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 40, 5);
  // Neither the linger, the shared head nor the store poll would let the thread move within the test: the wait must.
  const log = await startThread(t, store, path.join(dir, 'data'), {
    config: { origin: ORIGIN, checkpointEveryEvents: 1, checkpointIntervalMs: 3_600_000 },
    pollMs: 20,
    batchLingerMs: 600_000,
    storePollIntervalMs: 600_000,
    headPollMs: 600_000,
  });
  await log.waitForPosition(await store.headPosition(), 30_000);
  const { app } = await integrityServer(t, dir, store, log);
  await store.append('fund-first', [fundOpened(0)], 'no_stream');
  const written = await store.append('fund-fresh', [fundOpened(1)], 'no_stream');
  const [recorded] = await store.readAll({ after: written.position - 1n, limit: 1 });
  const leafHash = hashLeaf(leafBytesOf(recorded!));
  // The route waits for minPosition on the main thread; the thread is told, ends its linger and reports.
  const res = await app.inject({ method: 'GET', url: `/api/v1/integrity/inclusion?event=${fundOpened(1).id}&size=42&minPosition=${written.position}` });
  t.equal(res.statusCode, 200, 'the route waited for the position, not 503');
  const body = res.json() as { leafIndex: number; treeSize: number; leafHash: string; proof: string[] };
  t.same({ leafIndex: body.leafIndex, treeSize: body.treeSize }, { leafIndex: 41, treeSize: 42 }, 'the fresh event is the next leaf');
  verifyInclusion(41, 42, leafHash, body.proof.map((h) => Buffer.from(h, 'base64')), await expectedRoot(store, 42));
  t.equal(log.status().state, 'live');
  t.ok((log.status().servedPosition ?? 0n) >= written.position, 'the status has the position the thread reported');
  t.match((await app.inject({ method: 'GET', url: '/ready' })).json().integrity, { state: 'live', signingFailure: null }, '/ready reports the thread\'s log');
  await eventually(() => (log.latestCheckpoint()?.treeSize ?? 0) > 41);
  const { checkpoint } = openCheckpoint(log.latestCheckpoint()!.note, parseVerifierKey(log.verifierKey()), ORIGIN);
  const answer = log.view((view) => view.inclusion(41, checkpoint.treeSize));
  verifyInclusion(41, checkpoint.treeSize, leafHash, answer.proof, checkpoint.rootHash);
  t.equal(log.status().checkpointSize, checkpoint.treeSize);
  t.pass('the proofs read on the main thread verify with the event as stored, the tree computed apart and the signed checkpoint');
});

t.test('with nobody waiting, the shared head brings the thread along (the store poll is off)', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 20, 8);
  const log = await startThread(t, store, path.join(dir, 'data'), { batchLingerMs: 0, storePollIntervalMs: 600_000, headPollMs: 5 });
  const written = await store.append('fund-noticed', [fundOpened(2)], 'no_stream');
  await eventually(() => (log.status().servedPosition ?? 0n) >= written.position);
  t.same(log.view((view) => view.root(21)), await expectedRoot(store), 'the thread integrated the append it saw');
});

t.test('close commits and closes the thread; a restarted thread takes the log on from the file', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await rawStoreWith(t, dir, 30, 6);
  const log = await startThread(t, store, dataDir, { batchLingerMs: 600_000 });
  await log.waitForPosition(30n, 30_000);
  for (let n = 1; n <= 5; n++) await store.append(`fund-c${n}`, [fundOpened(100 + n)], 'no_stream');
  await log.close();
  await log.close();
  await t.rejects(log.waitForPosition(35n, 1_000), ProjectionNotCaughtUpError, 'nobody waits on a closed log');
  const file = servedFileOnDisk(merkleLog, integrityDir(dataDir));
  const db = openReader(file!);
  const size = new LogView(db).size();
  t.ok(size >= 30 && size <= 35, `the file holds a prefix of the log (${size} leaves)`);
  t.same(new LogView(db).root(size), await expectedRoot(store, size), 'and it is the log as stored');
  db.close();
  const again = await startThread(t, store, dataDir);
  await again.waitForPosition(35n, 30_000);
  t.same(again.view((view) => view.root(35)), await expectedRoot(store), 'the restarted thread integrated the rest');
});

t.test('a thread that fails is logged and reported; waiting callers are told at once; close still returns', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 10, 7);
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const log = await startThread(t, store, path.join(dir, 'data'), { logger, failAfterStart: 'injected failure' });
  await eventually(() => log.status().state === 'failed');
  t.match(log.failure, /injected failure/);
  await t.rejects(log.waitForPosition(1_000n, 30_000), { name: 'ProjectionNotCaughtUpError', reason: 'failed' });
  const errors = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((r) => r.level >= 50);
  t.match(errors.map((r) => r.msg).join('\n'), /integrity log thread failed.*no longer advances/);
  t.ok(lines.some((line) => line.includes('"thread":"integrity-log"') && line.includes('integrity log started')), "the thread's own lines reach the main logger");
  await log.close();
});

t.test('a thread that cannot start rejects start with its error', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 0);
  await t.rejects(
    IntegrityLogThread.start({ storeFile: path.join(dir, 'missing.sqlite'), commits: store, dataDir: path.join(dir, 'data'), logger: silent, config: { origin: ORIGIN, checkpointEveryEvents: 10, checkpointIntervalMs: 1000 } }),
    /missing\.sqlite|unable to open|does not exist/i,
  );
});
