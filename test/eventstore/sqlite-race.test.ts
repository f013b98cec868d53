import t from 'tap';
import Database from 'better-sqlite3';
import path from 'node:path';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.ts';
import type { ExpectedRevision } from '../../src/eventstore/port.ts';
import { validateAppend } from '../../src/eventstore/append-validation.ts';
import { GroupCommitter } from '../../src/eventstore/sqlite/group-commit.ts';
import { openSqliteStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { openSqlite } from '../../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../../src/shared/sqlite-migrations.ts';
import { EVENTSTORE_MIGRATIONS_DIR } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore } from './sqlite-fixture.ts';

async function race(stores: SqliteEventStore[], stream: string, expected: ExpectedRevision, callers: number) {
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, (_, i) => stores[i % stores.length]!.append(stream, [event(), event()], expected)),
  );
  const won = settled.filter((s) => s.status === 'fulfilled');
  const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  return { won, lost };
}

t.test('20 concurrent appenders expecting the same revision: exactly one wins', async (t) => {
  const { store } = await freshSqliteStore(t);
  for (const [label, expected, prepare] of [
    ['no_stream on a new stream', 'no_stream', 0],
    ['exact revision 4', 4n, 5],
  ] as const) {
    const stream = newStream();
    if (prepare > 0) await store.append(stream, Array.from({ length: prepare }, () => event()), 'no_stream');
    const { won, lost } = await race([store], stream, expected, 20);
    t.equal(won.length, 1, `${label}: one winner`);
    t.equal(lost.length, 19, `${label}: nineteen losers`);
    const actual = BigInt(prepare + 1);
    t.ok(lost.every((e) => e instanceof WrongExpectedRevisionError && e.expected === expected && e.actual === actual && e.stream === stream), `${label}: each told expected and actual`);
    t.equal(await store.streamRevision(stream), actual, `${label}: only the winner's two events`);
  }
});

t.test('the same race between two writer connections on one file (thread and inline), ten rounds', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const other = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => other.close());
  for (let round = 0; round < 10; round++) {
    const stream = newStream();
    await store.append(stream, [event()], 'no_stream');
    const { won, lost } = await race([store, other], stream, 0n, 20);
    t.equal(won.length, 1, `round ${round}: one winner`);
    t.ok(lost.length === 19 && lost.every((e) => e instanceof WrongExpectedRevisionError && e.actual === 2n), `round ${round}: 19 WrongExpectedRevision`);
  }
});

t.test('appends arriving together share one transaction, and none is acknowledged before it is committed', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const before = store.groupCommitStats();
  const reader = new Database(file, { readonly: true });
  t.teardown(() => reader.close());
  const visible = reader.prepare('SELECT count(*) FROM events WHERE id = ?').pluck();
  const seenAtAck: number[] = [];
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      const e = event();
      await store.append(newStream(), [e], 'no_stream');
      seenAtAck.push(visible.get(e.id) as number);
    }),
  );
  const after = store.groupCommitStats();
  t.equal(after.groups - before.groups, 1, 'fifty callers, one transaction');
  t.equal(after.appends - before.appends, 50);
  t.same(seenAtAck, Array(50).fill(1), 'each event was committed (visible to another connection) when its caller heard back');
});

t.test('in a group, a caller that fails fails alone', async (t) => {
  const { store } = await freshSqliteStore(t);
  const taken = event();
  await store.append(newStream(), [taken], 'no_stream');
  const retried = event();
  const retryStream = newStream();
  const original = await store.append(retryStream, [retried], 'no_stream');
  const existing = newStream();
  await store.append(existing, [event()], 'no_stream');
  const before = store.groupCommitStats();
  const results = await Promise.allSettled([
    ...Array.from({ length: 10 }, () => store.append(newStream(), [event(), event()], 'no_stream')),
    store.append(existing, [event()], 7n),
    store.append(newStream(), [taken], 'any'),
    store.append(retryStream, [retried], 'no_stream'),
  ]);
  t.equal(store.groupCommitStats().groups - before.groups, 1, 'all in one transaction');
  t.ok(results.slice(0, 10).every((r) => r.status === 'fulfilled'), 'the ten good callers succeed');
  t.match(results[10], { status: 'rejected', reason: { name: 'WrongExpectedRevisionError', actual: 0n } });
  t.match(results[11], { status: 'rejected', reason: { name: 'EventIdConflictError', reason: 'other_stream' } });
  t.same(results[12], { status: 'fulfilled', value: original }, 'the retry got its original result');
  t.equal((await store.readAll()).length, 3 + 20, 'only the good callers wrote');
});

t.test('savepoints: a caller failing inside SQLite is rolled back alone; the group still commits', async (t) => {
  const file = path.join(t.testdir(), 'events.sqlite');
  const db = openSqlite(file);
  t.teardown(() => db.close());
  applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
  const committer = new GroupCommitter(db);
  const request = (stream: string, expected: ExpectedRevision) => ({ stream, expected, events: validateAppend(stream, [event(), event()], expected) });
  const broken = request(newStream(), 'any');
  broken.events[1] = { ...broken.events[1]!, schemaVersion: null as unknown as number };
  const outcomes = committer.commit([request(newStream(), 'no_stream'), broken, request(newStream(), 'no_stream')]);
  t.match(outcomes, [{ ok: true, revision: 1, position: 2 }, { ok: false, failure: { kind: 'internal', message: /NOT NULL/ } }, { ok: true, revision: 1, position: 4 }]);
  t.equal(db.prepare('SELECT count(*) FROM events').pluck().get(), 4, "the broken caller's first event went with its savepoint");
  t.same(db.prepare('SELECT position FROM events ORDER BY position').pluck().all(), [1, 2, 3, 4], 'and left no hole');
});

t.test('a revision the writer remembers is dropped once another connection appended: the caller is refused with the true revision', async (t) => {
  const file = path.join(t.testdir(), 'events.sqlite');
  const db = openSqlite(file);
  t.teardown(() => db.close());
  applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
  const committer = new GroupCommitter(db);
  const request = (stream: string, expected: ExpectedRevision) => ({ stream, expected, events: validateAppend(stream, [event()], expected) });
  const stream = newStream();
  t.match(committer.commit([request(stream, 'no_stream')]), [{ ok: true, revision: 0 }]);
  const other = openSqlite(file);
  t.teardown(() => other.close());
  new GroupCommitter(other).commit([request(stream, 0n)]);
  t.match(committer.commitGroup([request(stream, 0n), request(stream, 1n)]), {
    foreign: true,
    outcomes: [{ ok: false, failure: { kind: 'wrong_expected_revision', actual: 1 } }, { ok: true, revision: 2 }],
  });
  t.match(committer.commit([request(stream, 'no_stream'), request(stream, 2n)]), [{ ok: false, failure: { kind: 'wrong_expected_revision', actual: 2 } }, { ok: true, revision: 3, position: 4 }]);
  t.same(db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY position').pluck().all(stream), [0, 1, 2, 3], 'no revision skipped or doubled');
});

t.test('group size is bounded in callers and in bytes', async (t) => {
  const { store } = await freshSqliteStore(t, { groupLimits: { maxRequests: 4, maxBytes: 2500 } });
  let before = store.groupCommitStats();
  await Promise.all(Array.from({ length: 10 }, () => store.append(newStream(), [event()], 'no_stream')));
  t.equal(store.groupCommitStats().groups - before.groups, 3, 'ten callers, at most four per transaction');
  before = store.groupCommitStats();
  const big = () => event({ data: { s: 'x'.repeat(1500) } });
  await Promise.all([store.append(newStream(), [big()], 'any'), store.append(newStream(), [big()], 'any'), store.append(newStream(), [event()], 'any')]);
  t.equal(store.groupCommitStats().groups - before.groups, 2, 'two big callers (~1.7 kB each) do not share a 2.5 kB group; the small one joins the second');
});
