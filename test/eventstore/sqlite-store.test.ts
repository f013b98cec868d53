import t from 'tap';
import Database from 'better-sqlite3';
import { EventIdConflictError } from '../../src/eventstore/errors.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { PAGE_BYTES_MAX, ReadQueries } from '../../src/eventstore/sqlite/read-queries.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore, insertSystemEvent } from './sqlite-fixture.ts';

t.test('positions are dense from 1 in commit order, across concurrent callers and batches', async (t) => {
  const { store } = await freshSqliteStore(t);
  const streams = Array.from({ length: 8 }, () => newStream());
  const results = await Promise.all(
    streams.flatMap((s, i) => [store.append(s, [event(), event()], 'no_stream'), store.append(s, Array.from({ length: i + 1 }, () => event()), 1n)]),
  );
  const total = streams.reduce((n, _, i) => n + 2 + i + 1, 0);
  const all = await store.readAll();
  t.same(all.map((e) => e.position), Array.from({ length: total }, (_, i) => BigInt(i + 1)), 'readAll: 1..n without a hole');
  t.equal(await store.headPosition(), BigInt(total));
  t.same(new Set(results.map((r) => r.position)).size, results.length, 'every caller its own position');
  for (const s of streams) {
    const read = await store.readStream(s);
    t.same(read.map((e) => e.revision), read.map((_, i) => BigInt(i)), `${s}: revisions from 0`);
  }
});

t.test('a refused append leaves no hole in the positions', async (t) => {
  const { store } = await freshSqliteStore(t);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  const [, second] = await Promise.allSettled([
    store.append(stream, [event(), event()], 5n),
    store.append(stream, [event()], 0n),
  ]);
  t.equal(second.status, 'fulfilled');
  t.same((await store.readAll()).map((e) => e.position), [1n, 2n], 'the rolled-back savepoint took no position');
});

t.test('system events written by the store tools are skipped by readAll, subscribeAll and headPosition', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  insertSystemEvent(file, 'stream');
  insertSystemEvent(file, 'type');
  t.equal(await store.headPosition(), 1n, 'the head is the newest user event');
  await store.append(stream, [event()], 'any');
  t.same((await store.readAll()).map((e) => e.position), [1n, 4n], 'positions 2 and 3 are system events');
  const seen: bigint[] = [];
  for await (const e of store.subscribeAll()) {
    seen.push(e.position);
    if (seen.length === 2) break;
  }
  t.same(seen, [1n, 4n]);
});

t.test('a subscription sees appends made by another process (another connection) by polling', async (t) => {
  const { store, file } = await freshSqliteStore(t, { pollIntervalMs: 20 });
  const other = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => other.close());
  const stream = newStream();
  const subscription = store.subscribeAll();
  const got: RecordedEvent[] = [];
  const reading = (async () => {
    for await (const e of subscription) {
      got.push(e);
      if (got.length === 3) break;
    }
  })();
  await other.append(stream, [event()], 'no_stream');
  await other.append(stream, [event(), event()], 'any');
  await reading;
  t.same(got.map((e) => e.revision), [0n, 1n, 2n]);
  t.equal(store.groupCommitStats().appends, 0, 'none of them went through this store');
});

t.test('idempotency is for runs of stored events: a tail of a stored batch is a retry, a reordering is not', async (t) => {
  const { store } = await freshSqliteStore(t);
  const stream = newStream();
  const [a, b, c] = [event(), event(), event()];
  const original = await store.append(stream, [a, b, c], 'no_stream');
  t.same(await store.append(stream, [b, c], 'any'), original, 'the last two: same last event, same result');
  t.same(await store.append(stream, [a, b], 'any'), { revision: 1n, position: original.position - 1n }, 'the first two: their own last event');
  const error = await store.append(stream, [b, a], 'any').catch((e: unknown) => e);
  t.ok(error instanceof EventIdConflictError);
  t.equal((error as EventIdConflictError).reason, 'partial_batch');
  t.equal((await store.readAll()).length, 3);
});

t.test('maxEventBytes is configurable and exact', async (t) => {
  const { store } = await freshSqliteStore(t, { maxEventBytes: 400 });
  const base = event({ data: { s: '' } });
  const overhead = JSON.stringify(base.data).length + JSON.stringify(base.metadata).length;
  const fits = { ...base, data: { s: 'x'.repeat(400 - overhead) } };
  await store.append(newStream(), [fits], 'no_stream');
  const over = { ...event(), metadata: base.metadata, data: { s: 'x'.repeat(401 - overhead) } };
  await t.rejects(store.append(newStream(), [over], 'no_stream'), { name: 'InvalidAppendError', field: 'events[0]', message: /401 bytes.*400/ });
});

t.test('the file refuses UPDATE and DELETE of events, whoever asks', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  await store.append(newStream(), [event()], 'no_stream');
  const db = new Database(file);
  t.teardown(() => db.close());
  t.throws(() => db.prepare("UPDATE events SET data = '{}'").run(), /append-only: UPDATE refused/);
  t.throws(() => db.prepare('DELETE FROM events').run(), /append-only: DELETE refused/);
  t.equal(db.prepare('SELECT count(*) FROM events').pluck().get(), 1);
  t.same(db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all(), ['0001_events.sql', '0002_leaf_hash.sql']);
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});

t.test('events survive close and reopen; appends pending at close are answered first', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const stream = newStream();
  const pending = [store.append(stream, [event()], 'no_stream'), store.append(stream, [event()], 0n)];
  await store.close();
  const results = await Promise.all(pending);
  t.same(results.map((r) => r.revision), [0n, 1n]);
  await t.rejects(store.append(stream, [event()], 'any'), /closed/);
  const reopened = await openSqliteStore({ file });
  t.teardown(() => reopened.close());
  t.equal(await reopened.streamRevision(stream), 1n);
  t.equal(await reopened.headPosition(), 2n);
});

t.test('closing the store ends its subscriptions', async (t) => {
  const { store } = await freshSqliteStore(t);
  const subscription = store.subscribeAll();
  const ended = (async () => {
    for await (const _ of subscription) t.fail('no events were appended');
    return 'ended';
  })();
  await new Promise((r) => setTimeout(r, 20));
  await store.close();
  t.equal(await ended, 'ended');
});

t.test('a subscription page is bounded in bytes, so big events are not buffered by the thousand', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const big = 1000 * 1000;
  const count = Math.ceil(PAGE_BYTES_MAX / big) + 40;
  const sample = event({ data: { s: 'x'.repeat(big) } });
  const perEvent = JSON.stringify(sample.data).length + JSON.stringify(sample.metadata).length;
  for (let i = 0; i < count; i++) await store.append(newStream(), [{ ...sample, id: event().id }], 'no_stream');
  const db = new Database(file, { readonly: true });
  t.teardown(() => db.close());
  const page = new ReadQueries(db).readPage(0n);
  t.ok(page.length < count, `one page holds ${page.length} of ${count}`);
  t.ok(page.length * perEvent >= PAGE_BYTES_MAX, 'it reads until the bound...');
  t.ok(page.length * perEvent < PAGE_BYTES_MAX + 32 * perEvent, '...and at most one chunk of 32 past it');
  const seen: bigint[] = [];
  for await (const e of store.subscribeAll()) {
    seen.push(e.position);
    if (seen.length === count) break;
  }
  t.equal(seen.length, count, 'the subscription still reads them all');
});

t.test('next() called again before the last one settled: each call gets the next event, once', async (t) => {
  const { store } = await freshSqliteStore(t);
  const subscription = store.subscribeAll();
  const iterator = subscription[Symbol.asyncIterator]();
  const pending = [iterator.next(), iterator.next(), iterator.next()];
  await store.append(newStream(), [event(), event(), event()], 'no_stream');
  const results = await Promise.all(pending);
  t.same(results.map((r) => (r.done ? 'done' : r.value.position)), [1n, 2n, 3n]);
  t.throws(() => subscription[Symbol.asyncIterator](), /iterated once/);
  await subscription.close();
  t.same(await iterator.next(), { done: true, value: undefined }, 'closed: done');
});

t.test('a caught-up subscription is woken by a commit in this process, not by its poll', async (t) => {
  const { store } = await freshSqliteStore(t, { pollIntervalMs: 3_600_000 });
  const subscription = store.subscribeAll();
  const first = subscription[Symbol.asyncIterator]().next();
  await new Promise((r) => setTimeout(r, 20));
  await store.append(newStream(), [event()], 'no_stream');
  let guard: NodeJS.Timeout | undefined;
  const result = await Promise.race([first, new Promise<'stuck'>((r) => (guard = setTimeout(() => r('stuck'), 30_000)))]);
  clearTimeout(guard);
  t.not(result, 'stuck', 'woken without waiting an hour for the poll');
  await subscription.close();
});
