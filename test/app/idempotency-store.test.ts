import t from 'tap';
import { openNodeDb } from '../../src/app/node-db.ts';
import { IdempotencyStore } from '../../src/app/idempotency-store.ts';

const seed = { timeMs: 1_767_225_600_000, secretHex: '00112233445566778899aabbccddeeff' };
const other = { timeMs: 1_767_225_700_000, secretHex: 'ffeeddccbbaa99887766554433221100' };

t.test('first claim is new; an unanswered claim is unfinished with its first seed; an answered one replays', async (t) => {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const s = new IdempotencyStore(db);
  t.same(s.claim('u1', 'k1', 'h1', seed, '2026-01-01T00:00:00Z'), { kind: 'new', seed });
  t.same(s.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:01Z'), { kind: 'unfinished', seed }, 'the first seed is kept');
  t.same(s.claim('u1', 'k1', 'h2', other, '2026-01-01T00:00:01Z'), { kind: 'mismatch' });
  t.same(s.claim('u2', 'k1', 'h2', other, '2026-01-01T00:00:01Z'), { kind: 'new', seed: other }, 'keys are per principal');
  s.record('u1', 'k1', 201, '{"position":"7"}', '2026-01-01T00:00:02Z');
  db.close();
  const s2 = new IdempotencyStore(openNodeDb(dir));
  t.same(s2.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:03Z'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' }, 'after a restart');
  s2.record('u1', 'k1', 500, 'x', '2026-01-01T00:00:04Z');
  t.same(s2.claim('u1', 'k1', 'h1', other, '2026-01-01T00:00:03Z'), { kind: 'completed', statusCode: 201, body: '{"position":"7"}' }, 'an answer is never overwritten');
});
