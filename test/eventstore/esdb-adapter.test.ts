import t, { type Test } from 'tap';
import { v7 as uuidv7 } from 'uuid';
import { EventIdConflictError, InvalidAppendError, WrongExpectedRevisionError } from '../../src/eventstore/errors.ts';
import { EsdbStore } from '../../src/eventstore/esdb/esdb-store.ts';
import { CLAIM_EVENT_TYPE, claimStream } from '../../src/eventstore/esdb/id-claims.ts';
import type { EventToAppend, ExpectedRevision, RecordedEvent } from '../../src/eventstore/port.ts';
import { FakeEsdbClient } from './esdb-fake.ts';
import { validMetadata as metadata } from './fixtures/metadata.ts';

/*
 * The EventStoreDB adapter's own logic — the id claims, exact-revision rounds, paging and
 * filtering, subscription resumption — over an in-memory stand-in for the client, so it
 * is exercised on every machine. The real server runs the shared contract suite in
 * esdb.contract.test.ts wherever Docker is available.
 */

function ev(data: unknown = { n: 1 }, type = 'FundAllocated'): EventToAppend {
  return { id: uuidv7(), type, schemaVersion: 1, data, metadata };
}

function setup(t: Test): { fake: FakeEsdbClient; store: EsdbStore } {
  const fake = new FakeEsdbClient();
  const store = new EsdbStore(fake.asClient());
  t.teardown(() => store.close());
  return { fake, store };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function userRecords(fake: FakeEsdbClient) {
  return fake.records.filter((r) => !r.streamId.startsWith('$') && !r.type.startsWith('$'));
}

t.test('positions are commit positions: increasing, not dense; system and claim records never show', async (t) => {
  const { fake, store } = setup(t);
  const a = await store.append('fund-1', [ev(), ev()], 'no_stream');
  fake.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
  const b = await store.append('fund-2', [ev()], 'no_stream');
  t.equal(a.revision, 1n);
  t.equal(b.revision, 0n);
  t.ok(b.position > a.position);
  const all = await store.readAll();
  t.same(all.map((e) => e.stream), ['fund-1', 'fund-1', 'fund-2']);
  t.ok(all[1]!.position - all[0]!.position > 1n, 'positions are log offsets, not a count');
  t.equal(all[1]!.position, a.position);
  t.equal(await store.headPosition(), b.position);
  t.ok(fake.records.some((r) => r.type === CLAIM_EVENT_TYPE), 'claims exist, in $ streams');
  t.same(await store.readStream(claimStream(all[0]!.id)), [], 'a $ stream reads as empty');
});

t.test('readAll pages by exclusive position across system records', async (t) => {
  const { fake, store } = setup(t);
  for (let i = 0; i < 7; i++) {
    await store.append(`fund-${i}`, [ev({ i })], 'no_stream');
    fake.writeSystemEvent('$scavenges', '$scavengeStarted');
  }
  const seen: RecordedEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: 3 });
    if (page.length === 0) break;
    seen.push(...page);
    after = page.at(-1)!.position;
  }
  t.same(seen.map((e) => (e.data as { i: number }).i), [0, 1, 2, 3, 4, 5, 6]);
  t.same(await store.readAll({ after: seen[6]!.position }), []);
  t.same(await store.readAll({ limit: 0 }), []);
});

t.test('readStream both directions, from a revision, with a limit', async (t) => {
  const { store } = setup(t);
  await store.append('class-9', [0, 1, 2, 3, 4].map((i) => ev({ i })), 'no_stream');
  const rev = (events: RecordedEvent[]) => events.map((e) => Number(e.revision));
  t.same(rev(await store.readStream('class-9')), [0, 1, 2, 3, 4]);
  t.same(rev(await store.readStream('class-9', { fromRevision: 2n, limit: 2 })), [2, 3]);
  t.same(rev(await store.readStream('class-9', { direction: 'backwards' })), [4, 3, 2, 1, 0]);
  t.same(rev(await store.readStream('class-9', { direction: 'backwards', fromRevision: 3n, limit: 2 })), [3, 2]);
  t.same(await store.readStream('class-404'), []);
  t.equal(await store.streamRevision('class-9'), 4n);
  t.equal(await store.streamRevision('class-404'), undefined);
});

t.test('every expected-revision kind, with expected and actual on the error', async (t) => {
  const { store } = setup(t);
  await store.append('fund-1', [ev()], 'no_stream');
  const noStream = await caught(store.append('fund-1', [ev()], 'no_stream'));
  t.ok(noStream instanceof WrongExpectedRevisionError);
  t.same([(noStream as WrongExpectedRevisionError).expected, (noStream as WrongExpectedRevisionError).actual], ['no_stream', 0n]);
  const exact = (await caught(store.append('fund-1', [ev()], 5n))) as WrongExpectedRevisionError;
  t.same([exact.stream, exact.expected, exact.actual], ['fund-1', 5n, 0n]);
  const exists = (await caught(store.append('fund-2', [ev()], 'stream_exists'))) as WrongExpectedRevisionError;
  t.same([exists.expected, exists.actual], ['stream_exists', undefined]);
  t.equal((await store.append('fund-1', [ev()], 0n)).revision, 1n);
  t.equal((await store.append('fund-1', [ev()], 'stream_exists')).revision, 2n);
  t.equal((await store.append('fund-1', [ev()], 'any')).revision, 3n);
  t.equal((await store.append('fund-3', [ev()], 'any')).revision, 0n);
});

const kinds: ExpectedRevision[] = ['no_stream', 'any', 'stream_exists', 0n, 7n];

t.test('re-appending a stored batch returns its original result and writes nothing, for every expected kind', async (t) => {
  const { fake, store } = setup(t);
  const batch = [ev({ a: 1 }), ev({ b: 2 })];
  const original = await store.append('fund-1', batch, 'no_stream');
  await store.append('fund-1', [ev()], 1n);
  const before = fake.records.length;
  for (const expected of kinds) {
    t.same(await store.append('fund-1', batch, expected), original, `expected ${String(expected)}`);
    // Key order in data does not make it other content.
    const reordered = batch.map((e) => ({ ...e, metadata: { ...e.metadata, actor: { role: 'finance', id: 'principal-7' } } }));
    t.same(await store.append('fund-1', reordered, expected), original);
  }
  t.equal(fake.records.length, before, 'no record of any kind was written');
});

t.test('an id stored elsewhere, with other content, or in part is refused, and nothing is written', async (t) => {
  const { fake, store } = setup(t);
  const first = ev({ amountFen: 100 });
  const second = ev({ amountFen: 200 });
  await store.append('fund-1', [first, second], 'no_stream');
  const before = userRecords(fake).length;

  const elsewhere = (await caught(store.append('fund-2', [first], 'any'))) as EventIdConflictError;
  t.same([elsewhere.eventId, elsewhere.reason], [first.id, 'other_stream']);
  const changed = (await caught(store.append('fund-1', [{ ...first, data: { amountFen: 101 } }, second], 'any'))) as EventIdConflictError;
  t.same([changed.eventId, changed.reason], [first.id, 'other_content']);
  const retyped = (await caught(store.append('fund-1', [first, { ...second, schemaVersion: 2 }], 'any'))) as EventIdConflictError;
  t.same([retyped.eventId, retyped.reason], [second.id, 'other_content']);
  const partial = (await caught(store.append('fund-1', [first, ev()], 'any'))) as EventIdConflictError;
  t.same([partial.eventId, partial.reason], [first.id, 'partial_batch']);
  const reordered = (await caught(store.append('fund-1', [second, first], 'any'))) as EventIdConflictError;
  t.equal(reordered.reason, 'partial_batch');
  t.equal(userRecords(fake).length, before);
});

t.test('an id claimed for another stream by a writer that never finished stays refused there', async (t) => {
  const { fake, store } = setup(t);
  const orphan = ev();
  // A writer claimed the id for fund-9 revision 0, then died before appending.
  await fake.appendToStream(
    claimStream(orphan.id),
    { id: uuidv7(), contentType: 'application/json', type: CLAIM_EVENT_TYPE, data: { stream: 'fund-9', revision: '0', batchFirstRevision: '0', batchFirstId: orphan.id }, metadata: undefined },
    { expectedRevision: 'no_stream' },
  );
  const refused = (await caught(store.append('fund-1', [orphan], 'any'))) as EventIdConflictError;
  t.same([refused.reason, refused.eventId], ['other_stream', orphan.id]);
  // The same stream may still take it, whatever the dead writer meant to write.
  const result = await store.append('fund-9', [{ ...orphan, data: { other: true } }], 'no_stream');
  t.equal(result.revision, 0n);
});

t.test('a claim whose batch lost its race is dead: the id can go anywhere later', async (t) => {
  const { fake, store } = setup(t);
  const loser = ev();
  await store.append('fund-1', [ev()], 'no_stream');
  // Claimed for fund-1 revision 0, but another event holds revision 0.
  await fake.appendToStream(
    claimStream(loser.id),
    { id: uuidv7(), contentType: 'application/json', type: CLAIM_EVENT_TYPE, data: { stream: 'fund-1', revision: '0', batchFirstRevision: '0', batchFirstId: loser.id }, metadata: undefined },
    { expectedRevision: 'no_stream' },
  );
  t.equal((await store.append('fund-2', [loser], 'no_stream')).revision, 0n);
});

t.test('20 concurrent appenders expecting one revision: exactly one wins', async (t) => {
  const { store } = setup(t);
  await store.append('fund-1', [ev()], 'no_stream');
  const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.append('fund-1', [ev()], 0n)));
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  t.equal(won.length, 1);
  t.equal(lost.length, 19);
  t.ok(lost.every((o) => o.reason instanceof WrongExpectedRevisionError && o.reason.actual === 1n));
  t.equal(await store.streamRevision('fund-1'), 1n);
});

t.test('concurrent appends expecting any all land, in distinct revisions', async (t) => {
  const { store } = setup(t);
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.append('fund-1', [ev({ i })], 'any')));
  t.same(results.map((r) => r.revision).sort((a, b) => Number(a - b)), Array.from({ length: 12 }, (_, i) => BigInt(i)));
  t.equal((await store.readStream('fund-1')).length, 12);
});

t.test('the same batch sent twice at once lands once and both callers get its result', async (t) => {
  const { fake, store } = setup(t);
  const batch = [ev({ a: 1 }), ev({ b: 2 })];
  const [x, y] = await Promise.all([store.append('fund-1', batch, 'any'), store.append('fund-1', batch, 'any')]);
  t.same(x, y);
  t.equal(userRecords(fake).length, 2);
});

t.test('one id raced into two streams lands in exactly one', async (t) => {
  const { fake, store } = setup(t);
  const contested = ev();
  const outcomes = await Promise.allSettled([store.append('fund-1', [contested], 'any'), store.append('fund-2', [contested], 'any')]);
  const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  t.equal(lost.length, 1);
  t.ok(lost[0]!.reason instanceof EventIdConflictError && lost[0]!.reason.reason === 'other_stream');
  t.equal(userRecords(fake).filter((r) => r.id === contested.id).length, 1);
});

t.test('bad input is refused before anything reaches EventStoreDB', async (t) => {
  const { fake, store } = setup(t);
  const calls = fake.appendCalls;
  t.equal(((await caught(store.append('$system-1', [ev()], 'any'))) as InvalidAppendError).field, 'stream');
  t.equal(((await caught(store.append('fund-1', [], 'any'))) as InvalidAppendError).field, 'events');
  t.equal(((await caught(store.append('fund-1', [{ ...ev(), id: 'not-a-uuid' }], 'any'))) as InvalidAppendError).field, 'events[0].id');
  t.equal(((await caught(store.append('fund-1', [ev({}, '$metadata')], 'any'))) as InvalidAppendError).field, 'events[0].type');
  t.equal(((await caught(store.append('fund-1', [ev({ blob: 'x'.repeat(1024 * 1024) })], 'any'))) as InvalidAppendError).field, 'events[0]');
  t.equal(fake.appendCalls, calls);
});

t.test('a large event and unicode data come back as they went in', async (t) => {
  const { store } = setup(t);
  const text = '台账 — 职业培训补贴 🧾 \u{1F600} é';
  const big = 'x'.repeat(1024 * 1024 - 1024);
  await store.append('trainee-1', [ev({ text }), ev({ big })], 'no_stream');
  const [a, b] = await store.readStream('trainee-1');
  t.same(a?.data, { text });
  t.equal((b?.data as { big: string }).big.length, big.length);
  t.same(a?.metadata, metadata);
  t.match(a?.recordedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

async function take(iterator: AsyncIterator<RecordedEvent>, n: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  while (out.length < n) {
    const next = await iterator.next();
    if (next.done === true) break;
    out.push(next.value);
  }
  return out;
}

t.test('subscribeAll catches up, follows live appends, skips system events, and starts after `after`', async (t) => {
  const { fake, store } = setup(t);
  for (let i = 0; i < 5; i++) await store.append(`fund-${i}`, [ev({ i })], 'no_stream');
  const history = await store.readAll();
  const subscription = store.subscribeAll({ after: history[1]!.position });
  const iterator = subscription[Symbol.asyncIterator]();
  const caughtUp = await take(iterator, 3);
  t.same(caughtUp.map((e) => (e.data as { i: number }).i), [2, 3, 4]);
  const writer = (async () => {
    for (let i = 5; i < 25; i++) {
      await store.append(`fund-${i}`, [ev({ i })], 'no_stream');
      if (i % 4 === 0) fake.writeSystemEvent('$stats-0', '$statsCollected');
    }
  })();
  const live = await take(iterator, 20);
  await writer;
  t.same(live.map((e) => (e.data as { i: number }).i), Array.from({ length: 20 }, (_, k) => k + 5));
  await subscription.close();
  t.equal((await iterator.next()).done, true);
});

t.test('a dropped subscription resumes from the last event handed out: no gap, no duplicate', async (t) => {
  const { fake, store } = setup(t);
  for (let i = 0; i < 6; i++) await store.append(`fund-${i}`, [ev({ i })], 'no_stream');
  fake.dropNextSubscriptionAfter = 3;
  const subscription = store.subscribeAll();
  const seen = await take(subscription[Symbol.asyncIterator](), 6);
  await subscription.close();
  t.same(seen.map((e) => (e.data as { i: number }).i), [0, 1, 2, 3, 4, 5]);
});

t.test('a server that starts a subscription at (not after) its position still yields no duplicate', async (t) => {
  const { fake, store } = setup(t);
  fake.subscriptionStartInclusive = true;
  for (let i = 0; i < 6; i++) await store.append(`fund-${i}`, [ev({ i })], 'no_stream');
  const history = await store.readAll();
  fake.dropNextSubscriptionAfter = 2;
  const subscription = store.subscribeAll({ after: history[0]!.position });
  const seen = await take(subscription[Symbol.asyncIterator](), 5);
  await subscription.close();
  t.same(seen.map((e) => (e.data as { i: number }).i), [1, 2, 3, 4, 5]);
});
