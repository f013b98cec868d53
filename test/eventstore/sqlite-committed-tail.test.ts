import t from 'tap';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { DEFAULT_MAX_EVENT_BYTES, validateAppend } from '../../src/eventstore/append-validation.ts';
import type { EventToAppend, ExpectedRevision, RecordedEvent } from '../../src/eventstore/port.ts';
import { CommittedTail, type TailLimits } from '../../src/eventstore/sqlite/committed-tail.ts';
import { GroupCommitter, type AppendRequest } from '../../src/eventstore/sqlite/group-commit.ts';
import { ReadQueries } from '../../src/eventstore/sqlite/read-queries.ts';
import { EVENTSTORE_MIGRATIONS_DIR, openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { openSqlite, type SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../../src/shared/sqlite-migrations.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore, insertSystemEvent } from './sqlite-fixture.ts';

/** A log file with a writer (the store's GroupCommitter, run inline), the store's read queries and a tail fed by the writer's answers. */
function harness(dir: string, limits: TailLimits, options: { leafHashes?: boolean } = {}) {
  const file = path.join(dir, `events-${newUuidV7()}.sqlite`);
  const db = openSqlite(file);
  applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
  const committer = new GroupCommitter(db, options);
  const tail = new CommittedTail(limits);
  const reads = new ReadQueries(db);
  const commit = (requests: AppendRequest[]) => {
    const result = committer.commitGroup(requests);
    tail.noteGroup(requests, result);
    return result;
  };
  return { file, db, committer, tail, reads, commit };
}

function request(stream: string, expected: ExpectedRevision, events: EventToAppend[]): AppendRequest {
  return { stream, expected, events: validateAppend(stream, events, expected, DEFAULT_MAX_EVENT_BYTES) };
}

/**
 * Every `after` the tail answers for gives exactly SQLite's pages (recorded and leaf-hash);
 * throws naming the first difference. Returns how many it answered.
 */
function compareEveryAfter(h: ReturnType<typeof harness>): number {
  const head = (h.db.prepare('SELECT max(position) FROM events').pluck().get() as number | null) ?? 0;
  let answered = 0;
  for (let after = 0n; after <= BigInt(head) + 1n; after++) {
    const recorded = h.tail.recordedPage(after);
    const leaves = h.tail.leafHashPage(after);
    if ((recorded === undefined) !== (leaves === undefined)) throw new Error(`after ${after}: one page without the other`);
    const live = h.tail.recordedPage(after, true);
    if (recorded === undefined) {
      // A live reader at the end of the tail (or past its last user row) sleeps instead of asking SQLite.
      const cover = h.tail.covers;
      const atEnd = cover !== undefined && after >= cover.after && after <= cover.last;
      if (atEnd ? live?.length !== 0 : live !== undefined) throw new Error(`after ${after}: live page ${String(live?.length)} where ${atEnd ? 'an empty one' : 'none'} was due`);
      continue;
    }
    assertSame(live, recorded, `after ${after}: live and first read`);
    answered += 1;
    const cover = h.tail.covers!;
    if (after < cover.after || after >= cover.last) throw new Error(`after ${after}: answered outside (${cover.after}, ${cover.last}]`);
    // The tail's page ends where the tail does; SQLite's may go on into rows appended by
    // others since, which the subscription's next page reads there.
    const upToTailEnd = <T extends { position: bigint }>(page: T[]) => page.filter((e) => e.position <= cover.last);
    assertSame(recorded, upToTailEnd(h.reads.readPage(after)), `after ${after}: recorded page`);
    assertSame(leaves, upToTailEnd(h.reads.readLeafHashPage(after)), `after ${after}: leaf-hash page`);
  }
  return answered;
}

function assertSame(fromTail: unknown, fromSqlite: unknown, what: string): void {
  if (!isDeepStrictEqual(fromTail, fromSqlite)) {
    const show = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    throw new Error(`${what} differs:\n tail   ${show(fromTail)}\n sqlite ${show(fromSqlite)}`);
  }
}

const STREAMS = ['fund-a', 'fund-b', 'account-c'];
const expectedArb = fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.bigInt({ min: 0n, max: 3n }));
const dataArb = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ amountFen: fc.integer(), note: fc.string({ unit: 'grapheme', maxLength: 12 }) }));
const requestArb = fc.record({
  stream: fc.constantFrom(...STREAMS),
  expected: expectedArb,
  data: fc.array(dataArb, { minLength: 1, maxLength: 3 }),
  /** Send an earlier batch again (a retry, answered as replayed), or reuse its first id with other content (a conflict). */
  again: fc.option(fc.record({ which: fc.nat(), sameContent: fc.boolean() }), { freq: 4 }),
  /** A `$` stream or type, as only the store's own tools write (the writer stores it; readAll never hands it out). */
  system: fc.constantFrom<'none' | 'stream' | 'type'>('none', 'none', 'none', 'none', 'stream', 'type'),
});
const stepArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('group' as const), requests: fc.array(requestArb, { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const), system: fc.constantFrom<'stream' | 'type' | 'none'>('stream', 'type', 'none') }) },
);
const limitsArb = fc.record({ eventsMax: fc.integer({ min: 0, max: 16 }), bytesMax: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(1 << 20)) });

/** Three groups of three two-event batches: 18 rows, the tail keeping the newest 16. */
const ANSWERED_EXAMPLE = Array.from({ length: 3 }, () => ({
  kind: 'group' as const,
  requests: STREAMS.map((stream) => ({ stream, expected: 'any' as const, data: [{ a: 1 }, [2]], again: null, system: 'none' as const })),
}));

t.test('property: every page the tail gives is the page SQLite gives, for random groups, replays, refusals and foreign appends', (t) => {
  const dir = t.testdir();
  let answeredTotal = 0;
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), limitsArb, fc.boolean(), (steps, limits, leafHashes) => {
      const h = harness(dir, limits, { leafHashes });
      try {
        const sent: AppendRequest[] = [];
        for (const step of steps) {
          if (step.kind === 'foreign') {
            if (step.system === 'none') foreignAppend(h.file);
            else insertSystemEvent(h.file, step.system);
            continue;
          }
          const requests = step.requests.map((r) => {
            const earlier = r.again === null || sent.length === 0 ? undefined : sent[r.again.which % sent.length]!;
            if (earlier !== undefined && r.again!.sameContent) return earlier;
            const events = r.data.map((data) => event({ data }));
            if (earlier !== undefined) events[0] = { ...events[0]!, id: earlier.events[0]!.id };
            if (r.system === 'none') return request(r.stream, r.expected, events);
            // validateAppend refuses `$` names: serialised here as it would, past its check.
            const stream = r.system === 'stream' ? `$${r.stream}` : r.stream;
            const type = r.system === 'type' ? '$Metadata' : 'SubsidyPaid';
            const serialized = request(r.stream, r.expected, events);
            return { ...serialized, stream, events: serialized.events.map((e) => ({ ...e, type })) };
          });
          h.commit(requests);
          sent.push(...requests);
          answeredTotal += compareEveryAfter(h);
        }
      } finally {
        h.db.close();
      }
    }),
    { numRuns: 30, examples: [[ANSWERED_EXAMPLE, { eventsMax: 16, bytesMax: 1 << 20 }, true]] },
  );
  // The example alone makes the tail answer 6 + 12 + 16 pages: a property it never exercised would prove nothing.
  t.ok(answeredTotal >= 34, `the tail answered ${answeredTotal} pages across the runs`);
  t.end();
});

/** An append by another process: a plain user row, no leaf hash, written by its own connection. */
function foreignAppend(file: string): void {
  const db = openSqlite(file);
  try {
    db.prepare(`INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, 0, ?, 'Foreign', 1, ?, '{"x":1}', '{}')`).run(
      newStream(),
      newUuidV7(),
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
}

t.test('bounds: the tail keeps at most eventsMax rows and bytesMax bytes, the newest, as one contiguous run', (t) => {
  const h = harness(t.testdir(), { eventsMax: 5, bytesMax: 1 << 20 });
  t.teardown(() => h.db.close());
  const stream = newStream();
  h.commit([request(stream, 'no_stream', [event(), event(), event()])]);
  t.same(h.tail.covers, { after: 0n, last: 3n });
  h.commit([request(stream, 'any', [event(), event(), event(), event()])]);
  t.equal(h.tail.size, 5, 'trimmed to eventsMax');
  t.same(h.tail.covers, { after: 2n, last: 7n }, 'the oldest rows left');
  t.equal(h.tail.recordedPage(1n), undefined, 'before the tail: read SQLite');
  t.same(h.tail.recordedPage(2n)?.map((e) => e.position), [3n, 4n, 5n, 6n, 7n]);
  t.equal(h.tail.recordedPage(7n), undefined, 'at its end: read SQLite (another process may have appended)');
  t.same(h.tail.recordedPage(7n, true), [], 'at its end, woken by a commit: sleep until the next one (or the poll)');
  t.equal(h.tail.recordedPage(8n, true), undefined, 'past its end: read SQLite');
  t.equal(h.tail.recordedPage(1n, true), undefined, 'before it: read SQLite');

  const one = request(stream, 'any', [event()]).events[0]!;
  const rowBytes = one.data.length + one.metadata.length;
  const byBytes = harness(t.testdir(), { eventsMax: 100, bytesMax: rowBytes * 2 });
  t.teardown(() => byBytes.db.close());
  byBytes.commit([request(stream, 'no_stream', [event(), event(), event()])]);
  t.equal(byBytes.tail.size, 2, 'trimmed to bytesMax');
  t.ok(byBytes.tail.bytes <= rowBytes * 2);
  t.same(byBytes.tail.covers, { after: 1n, last: 3n });
  t.end();
});

t.test('a group that does not follow the tail (a foreign append between) starts it afresh', (t) => {
  const h = harness(t.testdir(), { eventsMax: 100, bytesMax: 1 << 20 });
  t.teardown(() => h.db.close());
  h.commit([request(newStream(), 'no_stream', [event(), event()])]);
  foreignAppend(h.file);
  h.commit([request(newStream(), 'no_stream', [event()])]);
  t.same(h.tail.covers, { after: 3n, last: 4n }, 'only the group after the foreign row');
  t.equal(h.tail.recordedPage(2n), undefined, 'the foreign row is read from SQLite');
  t.end();
});

t.test('a failed group leaves no trace, and one the tail cannot account for empties it', (t) => {
  const h = harness(t.testdir(), { eventsMax: 100, bytesMax: 1 << 20 });
  t.teardown(() => h.db.close());
  const stream = newStream();
  const first = request(stream, 'no_stream', [event()]);
  h.commit([first]);
  // What the queue reports when the writer thread failed mid-group: nothing is known.
  h.tail.noteGroup([request(stream, 'any', [event()])], { outcomes: [], foreign: true, head: undefined });
  t.equal(h.tail.size, 0, 'a group of unknown fate empties the tail');
  h.commit([request(stream, 'any', [event()])]);
  t.same(h.tail.covers, { after: 1n, last: 2n });
  // A transaction that failed: every caller refused, nothing written.
  h.tail.noteGroup([request(stream, 'any', [event()])], { outcomes: [{ ok: false, failure: { kind: 'internal', message: 'SQLITE_FULL' } }], foreign: true, head: undefined });
  t.equal(h.tail.size, 0);
  h.commit([request(stream, 'any', [event()])]);
  // Positions the outcomes do not account for (a hole in the group): nothing of it is kept.
  h.tail.noteGroup([request(stream, 'any', [event(), event()])], {
    outcomes: [{ ok: true, revision: 4, position: 6, leafHashesHex: 'ab'.repeat(64) }],
    foreign: false,
    head: 7,
    recordedAt: new Date().toISOString(),
  });
  t.equal(h.tail.size, 0, 'emptied');
  t.end();
});

t.test('a refused or replayed batch in a group adds nothing; the stored ones keep their positions', (t) => {
  const h = harness(t.testdir(), { eventsMax: 100, bytesMax: 1 << 20 });
  t.teardown(() => h.db.close());
  const stream = newStream();
  const first = request(stream, 'no_stream', [event()]);
  h.commit([first]);
  const result = h.commit([request(stream, 'no_stream', [event()]), first, request(stream, 0n, [event(), event()])]);
  t.match(result.outcomes, [{ ok: false }, { ok: true, replayed: true }, { ok: true, position: 3 }]);
  t.same(h.tail.covers, { after: 0n, last: 3n });
  t.strictSame(h.tail.recordedPage(0n), h.reads.readPage(0n));
  t.strictSame(h.tail.leafHashPage(1n), h.reads.readLeafHashPage(1n));
  t.end();
});

async function take<T>(subscription: AsyncIterable<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  for await (const e of subscription) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

t.test('the store: live subscriptions take their pages from the tail, and what they get is what SQLite holds', async (t) => {
  const { store } = await freshSqliteStore(t);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  const total = 1 + 5 * 3;
  const events = take(store.subscribeAll(), total);
  const leaves = take(store.subscribeAllLeafHashes(), total);
  for (let i = 0; i < 5; i++) {
    await Promise.all([store.append(stream, [event(), event({ data: { i, note: '第二' } })], 'any'), store.append(newStream(), [event()], 'no_stream')]);
  }
  t.strictSame(await events, await store.readAll(), 'the same events as readAll reads from SQLite (through the writer thread)');
  t.strictSame(await leaves, await store.readAllLeafHashes(), 'the same leaf hashes as readAllLeafHashes');
  const stats = store.liveTailStats();
  t.ok(stats.pagesFromTail >= 2, `pages from the tail: ${stats.pagesFromTail}`);
  t.ok(stats.rows === total && stats.bytes > 0, 'every row is in the tail');
});

// Where a page came from is asserted with polls a minute apart: a poll that ran out before a
// commit's notice (a loaded machine) would read the committed rows from SQLite instead.
const NO_POLL = { pollIntervalMs: 60_000 };

t.test('the store: a subscription that mutates what it is given changes nothing another sees', async (t) => {
  const { store } = await freshSqliteStore(t, NO_POLL);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  const a = store.subscribeAll({ after: 1n })[Symbol.asyncIterator]();
  const b = store.subscribeAll({ after: 1n })[Symbol.asyncIterator]();
  t.teardown(async () => {
    await a.return?.();
    await b.return?.();
  });
  const nextA = a.next();
  const nextB = b.next();
  await store.append(stream, [event({ data: { amountFen: 100 } })], 'any');
  const fromA = (await nextA).value as RecordedEvent;
  (fromA.data as { amountFen: number }).amountFen = -1;
  fromA.metadata.actor.id = 'tampered';
  const fromB = (await nextB).value as RecordedEvent;
  t.same(fromB.data, { amountFen: 100 });
  t.not(fromB.metadata.actor.id, 'tampered');
  t.ok(store.liveTailStats().pagesFromTail >= 2, 'both read from the tail');
});

t.test('the store: tail off, a catch-up, and a restart read SQLite', async (t) => {
  const { store, file } = await freshSqliteStore(t, { tailLimits: { eventsMax: 0, bytesMax: 0 } });
  const stream = newStream();
  await store.append(stream, [event(), event()], 'no_stream');
  const got: bigint[] = [];
  for await (const e of store.subscribeAll()) {
    got.push(e.position);
    if (got.length === 2) break;
  }
  t.same(got, [1n, 2n]);
  t.same(store.liveTailStats(), { pagesFromTail: 0, endsFromTail: 0, pagesFromSqlite: 1, rows: 0, bytes: 0 }, 'tail off: SQLite only');
  await store.close();

  const reopened = await openSqliteStore({ file, ...NO_POLL });
  t.teardown(() => reopened.close());
  const sub = reopened.subscribeAll()[Symbol.asyncIterator]();
  t.teardown(async () => {
    await sub.return?.();
  });
  t.equal(((await sub.next()).value as RecordedEvent).position, 1n, 'catch-up after a restart');
  t.same(reopened.liveTailStats().pagesFromTail, 0, 'the tail starts empty: the catch-up read SQLite');
  await sub.next();
  const live = sub.next();
  await reopened.append(stream, [event()], 'any');
  t.equal(((await live).value as RecordedEvent).position, 3n);
  t.equal(reopened.liveTailStats().pagesFromTail, 1, 'the live append came from the tail');
});

t.test('the store: at the end of the tail a live subscription sleeps without reading SQLite; another process\'s rows reach it at the next commit', async (t) => {
  const { store, file } = await freshSqliteStore(t, NO_POLL);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  const sub = store.subscribeAll()[Symbol.asyncIterator]();
  t.teardown(async () => {
    await sub.return?.();
  });
  await sub.next();
  const live = sub.next();
  await store.append(stream, [event()], 'any');
  t.equal(((await live).value as RecordedEvent).position, 2n);
  const { endsFromTail, pagesFromSqlite } = store.liveTailStats();
  const next = sub.next();
  t.equal(store.liveTailStats().endsFromTail, endsFromTail + 1, 'woken by the commit, it found the end of the tail and slept');
  t.equal(store.liveTailStats().pagesFromSqlite, pagesFromSqlite, 'without reading SQLite');
  foreignAppend(file);
  await store.append(stream, [event()], 'any');
  t.same([((await next).value as RecordedEvent).position, ((await sub.next()).value as RecordedEvent).position], [3n, 4n], 'the next commit, not following the tail, sent it to SQLite');
});

t.test('the store: another process\'s rows after the tail\'s end reach a live subscription at its poll', async (t) => {
  const { store, file } = await freshSqliteStore(t, { pollIntervalMs: 30 });
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  const sub = store.subscribeAll({ after: 1n })[Symbol.asyncIterator]();
  t.teardown(async () => {
    await sub.return?.();
  });
  const live = sub.next();
  await store.append(stream, [event()], 'any');
  t.equal(((await live).value as RecordedEvent).position, 2n);
  const foreign = sub.next();
  foreignAppend(file);
  t.equal(((await foreign).value as RecordedEvent).position, 3n);
});
