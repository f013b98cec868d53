import t from 'tap';
import fc from 'fast-check';
import path from 'node:path';
import Fastify from 'fastify';
import { useWellFormedJsonParser } from '../../src/http/json-body-parser.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { startLog } from '../integrity-log/helpers.ts';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

/**
 * JSON bodies holding a lone UTF-16 surrogate are refused before any route runs (R2 item 1):
 * stored, such a string has no canonical form and stops the Merkle log for good.
 */

const json = { 'content-type': 'application/json' };

t.test('a lone surrogate in a body field: 400 naming it, nothing appended, the Merkle log keeps up', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 } });
  const log = startLog(t, { rawStore: h.store, dataDir: path.join(h.dataDir, 'log') });
  const fin = h.tokenFor('finance', '360100');
  const opened = await h.call({ method: 'POST', url: '/api/v1/funds', token: fin, payload: { fundId: 'r2-sur', source: 'ui_special_account', year: 2026, regionCode: '360102', openedOn: '2026-01-05' } });
  t.equal(opened.statusCode, 201);
  const head = await h.store.headPosition();
  const post = (body: string) => h.call({ method: 'POST', url: '/api/v1/funds/r2-sur/allocations', token: fin, headers: json, payload: body });

  const cases: [string, string, string][] = [
    ['the reviewer reproduction', '{"amountFen":1,"documentRef":"\\ud800"}', 'body.documentRef'],
    ['a low surrogate alone, upper-case escape, mid-text', '{"amountFen":1,"documentRef":"赣财\\uDC00社"}', 'body.documentRef'],
    ['a high surrogate followed by a non-low escape', '{"amountFen":1,"documentRef":"\\ud83d\\u0041"}', 'body.documentRef'],
    ['nested in an array', '{"amountFen":1,"documentRef":"x","extra":[{"a":"ok"},{"b":"\\udbff"}]}', 'body.extra.1.b'],
    ['in a property name', '{"amountFen":1,"documentRef":"x","k\\ud800":1}', 'body.k\\ud800'],
  ];
  for (const [name, body, field] of cases) {
    const res = await post(body);
    t.equal(res.statusCode, 400, name);
    const problem = problemOf(t, res);
    t.equal(problem.type, PROBLEM('validation-failed'), `${name}: validation-failed`);
    t.equal(problem.errors?.[0]?.path, field, `${name}: errors[].path`);
    t.match(problem.errors?.[0]?.message, /well-formed Unicode/);
  }
  t.equal(await h.store.headPosition(), head, 'nothing was appended');

  // A well-formed pair, escaped or raw, and the literal text backslash-u-d-8-0-0 are ordinary text.
  const fine = await post('{"amountFen":1,"documentRef":"\\ud83d\\ude00 😀 𠀀 \\\\ud800"}');
  t.equal(fine.statusCode, 201, 'well-formed text is accepted');
  const [stored] = (await h.store.readStream('fund-r2-sur')).slice(-1);
  t.equal((stored!.data as { documentRef: string }).documentRef, '😀 😀 𠀀 \\ud800', 'and stored unchanged');

  await log.waitForPosition(await h.store.headPosition(), 20_000);
  t.equal(log.status().state, 'live', 'the Merkle log integrated every event');
  for (const e of await h.store.readAll()) t.doesNotThrow(() => leafBytesOf(e), `event ${e.position} has a canonical form`);
});

t.test('property: any well-formed text, astral characters included, passes the parser unchanged', async (t) => {
  const app = Fastify();
  useWellFormedJsonParser(app);
  app.post('/echo', async (request) => ({ got: request.body }));
  await app.ready();
  t.teardown(() => app.close());
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('😀', '𠀀', '𩸽', '\\ud800', '\\', 'u', 'd', '8', '"', '台'), maxLength: 8 }),
  );
  const body = fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 });
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const res = await app.inject({ method: 'POST', url: '/echo', headers: json, payload: JSON.stringify(value) });
      return res.statusCode === 200 && JSON.stringify(res.json().got) === JSON.stringify(value);
    }),
    { numRuns: 150, seed: 8785 },
  );
  // The same values with their non-ASCII characters escaped, as some clients send them.
  const escaped = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const res = await app.inject({ method: 'POST', url: '/echo', headers: json, payload: escaped(JSON.stringify(value)) });
      return res.statusCode === 200 && JSON.stringify(res.json().got) === JSON.stringify(value);
    }),
    { numRuns: 100, seed: 7493 },
  );
});
