import t from 'tap';
import { EventSchemaError } from '../../src/eventstore/errors.ts';
import type { EventToAppend, RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { leafSource } from '../../src/integrity-log/leaf-source.ts';
import { event, newStream } from './contract.ts';
import { paidRegistry } from './paid-versions.ts';
import { freshSqliteStore } from './sqlite-fixture.ts';

/*
 * nextAtHand: the events of a page already read are taken without a promise, in the same
 * sequence as next() gives, on the SQLite store's subscriptions and through the registry's.
 */

type AtHand = { nextAtHand(): RecordedEvent | undefined };
const atHand = (s: Subscription) => s as Subscription & AtHand;

t.test('the store: nextAtHand drains the page read last, then next() reads on; one sequence, no gap', async (t) => {
  const { store } = await freshSqliteStore(t, { pollIntervalMs: 60_000 });
  const stream = newStream();
  await store.append(stream, [event(), event(), event()], 'no_stream');
  const sub = atHand(store.subscribeAll());
  const it = sub[Symbol.asyncIterator]();
  t.teardown(() => sub.close());
  t.equal(sub.nextAtHand(), undefined, 'nothing read yet');
  const seen = [((await it.next()).value as RecordedEvent).position];
  for (let e = sub.nextAtHand(); e !== undefined; e = sub.nextAtHand()) seen.push(e.position);
  t.same(seen, [1n, 2n, 3n], 'the rest of the page at hand');
  const live = it.next();
  t.equal(sub.nextAtHand(), undefined, 'while next() reads, nothing is at hand');
  await store.append(stream, [event(), event()], 'any');
  seen.push(((await live).value as RecordedEvent).position);
  seen.push(sub.nextAtHand()!.position);
  t.same(seen, [1n, 2n, 3n, 4n, 5n]);
  t.same((await store.readAll()).map((e) => e.position), seen, 'as readAll');
  await sub.close();
  t.equal(sub.nextAtHand(), undefined, 'closed: nothing');
});

const paid = (schemaVersion: number, data: unknown): EventToAppend => ({ ...event(), type: 'Paid', schemaVersion, data });

t.test('through the registry: events at hand are upcast as next() upcasts them, and a bad one ends the subscription', async (t) => {
  const { store: inner } = await freshSqliteStore(t, { pollIntervalMs: 60_000 });
  const store = withRegistry(inner, paidRegistry());
  await inner.append('pay-1', [paid(2, { amountFen: 500 }), paid(1, { amountYuan: 1.5 }), paid(1, { amountYuan: 'lots' }), paid(2, { amountFen: 7 })], 'no_stream');
  const sub = atHand(store.subscribeAll());
  const it = sub[Symbol.asyncIterator]();
  t.same(((await it.next()).value as RecordedEvent).data, { amountFen: 500 });
  t.same(sub.nextAtHand(), { ...(await inner.readAll({ after: 1n, limit: 1 }))[0], schemaVersion: 2, data: { amountFen: 150 } }, 'the v1 event at hand, upcast');
  t.throws(() => sub.nextAtHand(), EventSchemaError, 'the bad one: the error, never a skip');
  t.equal(sub.nextAtHand(), undefined, 'and then nothing');
  t.same(await it.next(), { done: true, value: undefined }, 'the subscription ended');
});

t.test('through the registry: the sequence by next() alone is unchanged (order, upcast, end on close)', async (t) => {
  const { store: inner } = await freshSqliteStore(t);
  const store = withRegistry(inner, paidRegistry());
  await inner.append('pay-2', [paid(1, { amountYuan: 2 }), paid(2, { amountFen: 3 })], 'no_stream');
  const sub = store.subscribeAll();
  const got: unknown[] = [];
  const done = (async () => {
    for await (const e of sub) got.push(e.data);
  })();
  await store.append('pay-2', [paid(2, { amountFen: 4 })], 'any');
  while (got.length < 3) await new Promise((resolve) => setImmediate(resolve));
  await sub.close();
  await done;
  t.same(got, [{ amountFen: 200 }, { amountFen: 3 }, { amountFen: 4 }]);
});

t.test('the Merkle log\'s view: leaf-hash rows at hand, as events, in the sequence readAll gives', async (t) => {
  const { store } = await freshSqliteStore(t, { pollIntervalMs: 60_000 });
  await store.append(newStream(), [event(), event(), event()], 'no_stream');
  const view = leafSource(store);
  const sub = atHand(view.subscribeAll());
  t.teardown(() => sub.close());
  const it = sub[Symbol.asyncIterator]();
  const seen = [(await it.next()).value as RecordedEvent];
  for (let e = sub.nextAtHand(); e !== undefined; e = sub.nextAtHand()) seen.push(e);
  const all = await view.readAll();
  t.same(seen.map((e) => e.position), [1n, 2n, 3n], 'one next(), then the page at hand');
  const hashes = (events: RecordedEvent[]) => events.map((e) => (e as unknown as { leafHash?: Uint8Array }).leafHash);
  t.ok(hashes(seen).every((h) => h?.length === 32), 'each a stored 32-byte leaf hash');
  t.same(hashes(seen), hashes(all), 'the hashes readAll gives');
});
