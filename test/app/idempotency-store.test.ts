import t from 'tap';
import { openNodeDb } from '../../src/app/node-db.ts';
import { IdempotencyStore, threadIdempotencyExecutor } from '../../src/app/idempotency-store.ts';

const seed = { timeMs: 1_767_225_600_000, secretHex: '00112233445566778899aabbccddeeff' };
const other = { timeMs: 1_767_225_700_000, secretHex: 'ffeeddccbbaa99887766554433221100' };

t.test('first claim is new; an unanswered claim is unfinished with its first seed; an answered one replays', async (t) => {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const s = new IdempotencyStore(db);
  t.same(await s.claim('u1', 'k1', 'h1', seed, '2026-01-01T00:00:00Z'), { kind: 'new', seed });
  t.same(await s.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:01Z'), { kind: 'unfinished', seed }, 'the first seed is kept');
  t.same(await s.claim('u1', 'k1', 'h2', other, '2026-01-01T00:00:01Z'), { kind: 'mismatch' });
  t.same(await s.claim('u2', 'k1', 'h2', other, '2026-01-01T00:00:01Z'), { kind: 'new', seed: other }, 'keys are per principal');
  await s.record('u1', 'k1', 201, '{"position":"7"}', '2026-01-01T00:00:02Z');
  db.close();
  const s2 = new IdempotencyStore(openNodeDb(dir));
  t.same(await s2.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:03Z'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' }, 'after a restart');
  await s2.record('u1', 'k1', 500, 'x', '2026-01-01T00:00:04Z');
  t.same(await s2.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:03Z'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' }, 'an answer is never overwritten');
});

t.test('claims and answers made in one turn are stored together, and each is stored once its promise settles', async (t) => {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const s = new IdempotencyStore(db);
  const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => s.claim('u1', `k${i}`, 'h', seed, '2026-01-01T00:00:00Z')));
  t.ok(claims.every((c) => c.kind === 'new'));
  t.equal(db.prepare('SELECT count(*) FROM idempotency_keys').pluck().get(), 20, 'every claim is in the file once its promise resolved');
  await Promise.all(Array.from({ length: 20 }, (_, i) => s.record('u1', `k${i}`, 200, `{"n":${i}}`, '2026-01-01T00:00:01Z')));
  db.close();
  const reopened = new IdempotencyStore(openNodeDb(dir));
  t.same(await reopened.claim('u1', 'k13', 'h', other, '2026-01-01T00:00:02Z'), { kind: 'completed', statusCode: 200, body: '{"n":13}' });
});

t.test('a write that fails fails only its own caller, not the others of its turn', async (t) => {
  const db = openNodeDb(t.testdir());
  const s = new IdempotencyStore(db);
  // A write SQLite refuses (here a trigger standing for a full disk or an I/O error on one row).
  db.exec("CREATE TEMP TRIGGER refuse_k2 BEFORE INSERT ON idempotency_keys WHEN NEW.key = 'k2' BEGIN SELECT RAISE(ABORT, 'refused'); END");
  const [a, b, c] = await Promise.allSettled([s.claim('u1', 'k1', 'h', seed, 'now'), s.claim('u1', 'k2', 'h', seed, 'now'), s.claim('u1', 'k3', 'h', seed, 'now')]);
  t.equal(a?.status, 'fulfilled');
  t.equal(b?.status, 'rejected', 'the claim that could not be stored is refused');
  t.equal(c?.status, 'fulfilled');
  t.same(db.prepare('SELECT key, seed FROM idempotency_keys ORDER BY key').all(), [
    { key: 'k1', seed: JSON.stringify(seed) },
    { key: 'k3', seed: JSON.stringify(seed) },
  ]);
});

t.test('a key claimed by another writer of the file between look-up and store is found, not claimed twice', async (t) => {
  const db = openNodeDb(t.testdir());
  const s = new IdempotencyStore(db);
  const pending = s.claim('u1', 'k2', 'h', seed, 'now');
  // Another process claims k2 in the same instant: the look-up and the claim are one transaction here.
  db.prepare("INSERT INTO idempotency_keys (principal_id, key, request_hash, seed, created_at) VALUES ('u1', 'k2', 'h', ?, 'then')").run(JSON.stringify(other));
  t.same(await pending, { kind: 'unfinished', seed: other }, "the other's claim stands, with its seed");
});

t.test('on the writer thread: the same answers, stored in the same file, across a restart', async (t) => {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const s = new IdempotencyStore(db, threadIdempotencyExecutor(db.name));
  const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => s.claim('u1', `k${i}`, 'h', seed, '2026-01-01T00:00:00Z')));
  t.ok(claims.every((c) => c.kind === 'new'));
  t.equal(db.prepare('SELECT count(*) FROM idempotency_keys').pluck().get(), 20, 'every claim is in the file once its promise resolved');
  t.same(await s.claim('u1', 'k3', 'h2', other, 'now'), { kind: 'mismatch' });
  await s.record('u1', 'k3', 201, '{"position":"7"}', '2026-01-01T00:00:02Z');
  t.same(await s.claim('u1', 'k3', 'h', other, 'now'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' });
  await s.close();
  db.close();
  const reopened = new IdempotencyStore(openNodeDb(dir));
  t.same(await reopened.claim('u1', 'k3', 'h', other, 'now'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' }, 'after a restart');
  t.same(await reopened.claim('u1', 'k4', 'h', other, 'now'), { kind: 'unfinished', seed }, 'an unanswered claim keeps its first seed');
});
