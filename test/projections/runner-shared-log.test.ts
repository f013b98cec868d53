import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { forwardingStore } from '../../src/eventstore/forwarding-store.ts';
import type { EventStore, RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { SharedLog } from '../../src/projections/runner-shared-log.ts';
import { syntheticAppends } from './fixtures/synthetic-events.ts';
import { filledStore } from './helpers.ts';

/** The store with its subscriptions counted (opened and closed). */
function counted(store: EventStore): { store: EventStore; opened: () => number; closed: () => number } {
  let opened = 0;
  let closed = 0;
  return {
    store: forwardingStore(store, {
      subscribeAll(options) {
        opened += 1;
        const inner = store.subscribeAll(options);
        return {
          [Symbol.asyncIterator]: () => inner[Symbol.asyncIterator](),
          close: () => {
            closed += 1;
            return inner.close();
          },
        };
      },
    }),
    opened: () => opened,
    closed: () => closed,
  };
}

/** The next `n` events of a subscription. */
async function take(iterator: AsyncIterator<RecordedEvent>, n: number): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const r = await iterator.next();
    if (r.done === true) throw new Error(`ended after ${i} of ${n}`);
    out.push(r.value.position);
  }
  return out;
}

const positionsAfter = (all: RecordedEvent[], after: bigint) => all.filter((e) => e.position > after).map((e) => e.position);

t.test('followers from different positions each get the log after theirs, in order, from one subscription', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const raw = await filledStore(t, dir, 120);
  const all = await raw.readAll({ limit: 1000 });
  const { store, opened } = counted(raw);
  const log = new SharedLog(store);
  const starts = [0n, all[9]!.position, all[59]!.position, all[119]!.position];
  // The first follower starts the shared subscription at 0: the others are inside or ahead of its window.
  const subs = starts.map((after) => log.subscribe({ after }));
  t.teardown(() => Promise.all(subs.map((s) => s.close())));
  const iterators = subs.map((s) => s[Symbol.asyncIterator]());
  for (const [i, after] of starts.entries()) {
    if (after === all[119]!.position) continue;
    t.same(await take(iterators[i]!, 120 - (i === 0 ? 0 : i === 1 ? 10 : 60)), positionsAfter(all, after), `follower after ${after}`);
  }
  // Live: events appended now reach every follower, including the one that started at the head.
  const more = [...syntheticAppends(130, 7)].slice(-3);
  for (const { stream, events } of more) await raw.append(`${stream}-live`, events, 'any');
  const live = (await raw.readAll({ after: all[119]!.position, limit: 100 })).map((e) => e.position);
  t.ok(live.length >= 3);
  for (const it of iterators) t.same(await take(it, live.length), live);
  t.equal(opened(), 1, 'one subscription to the store for all four');
});

t.test('a follower behind the window reads on its own, then rejoins without a gap or a duplicate', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const raw = await filledStore(t, dir, 100);
  const all = await raw.readAll({ limit: 1000 });
  const { store, opened, closed } = counted(raw);
  const log = new SharedLog(store, 8);
  const fast = log.subscribe({ after: all[49]!.position });
  const slow = log.subscribe({ after: 0n });
  const fastIt = fast[Symbol.asyncIterator]();
  const slowIt = slow[Symbol.asyncIterator]();
  t.same(await take(fastIt, 30), positionsAfter(all, all[49]!.position).slice(0, 30), 'the fast one moves the window on');
  t.same(await take(slowIt, all.length), positionsAfter(all, 0n), 'the slow one: the whole log, once each, in order');
  t.equal(opened(), 2, 'the shared subscription and the slow one’s own while it was behind');
  t.equal(closed(), 1, 'its own one is closed once it rejoined');
  // The slow one has meanwhile moved the window past the fast one (8 events): now that one is behind.
  t.same(await take(fastIt, 20), positionsAfter(all, all[79]!.position), 'the fast one goes on where it was');
  t.equal(opened(), 3);
  await fast.close();
  await slow.close();
  t.equal(closed(), 3, 'every subscription opened is closed once the followers have left');
});

t.test('a follower waiting at the head ends when it is closed; the last close closes the source; a new follower opens another', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const raw = await filledStore(t, dir, 10);
  const all = await raw.readAll({ limit: 100 });
  const { store, opened, closed } = counted(raw);
  const log = new SharedLog(store);
  const a = log.subscribe({ after: all[9]!.position });
  const b = log.subscribe({ after: all[9]!.position });
  const waiting = a[Symbol.asyncIterator]().next();
  const bWaiting = b[Symbol.asyncIterator]().next();
  await a.close();
  t.same(await waiting, { done: true, value: undefined }, 'the closed follower ends');
  t.equal(closed(), 0, 'another follower still uses the source');
  await b.close();
  t.same(await bWaiting, { done: true, value: undefined });
  t.equal(closed(), 1);
  const c = log.subscribe({ after: all[4]!.position });
  t.same(await take(c[Symbol.asyncIterator](), 5), positionsAfter(all, all[4]!.position));
  await c.close();
  t.equal(opened(), 2);
});

t.test('a failing source fails every follower, with its error', async (t) => {
  const failure = new Error('upcast refused event 3');
  let n = 0;
  const failing: Subscription = {
    close: async () => {},
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        n += 1;
        if (n === 3) throw failure;
        return { done: false, value: { position: BigInt(n) } as RecordedEvent };
      },
    }),
  };
  const log = new SharedLog({ subscribeAll: () => failing } as unknown as EventStore);
  const a = log.subscribe({ after: 0n })[Symbol.asyncIterator]();
  const b = log.subscribe({ after: 0n })[Symbol.asyncIterator]();
  t.same(await take(a, 2), [1n, 2n]);
  await t.rejects(a.next(), failure);
  t.same(await take(b, 2), [1n, 2n]);
  await t.rejects(b.next(), failure, 'the other follower meets the same error, not a gap');
});

/** A log in memory: subscriptions hand out the events after their start, then wait for appends. */
class MemoryLog {
  readonly events: RecordedEvent[] = [];
  #wake: (() => void)[] = [];
  opened = 0;
  append(n: number): void {
    for (let i = 0; i < n; i++) {
      // Positions with gaps, as a store's $-events leave them.
      const position = BigInt((this.events.length + 1) * 2);
      this.events.push({ position } as RecordedEvent);
    }
    for (const w of this.#wake.splice(0)) w();
  }
  store(): EventStore {
    return {
      subscribeAll: ({ after = 0n } = {}) => {
        this.opened += 1;
        let closed = false;
        let at = this.events.findIndex((e) => e.position > after);
        if (at < 0) at = this.events.length;
        const next = async (): Promise<IteratorResult<RecordedEvent>> => {
          for (;;) {
            if (closed) return { done: true, value: undefined };
            const e = this.events[at];
            if (e) {
              at += 1;
              return { done: false, value: e };
            }
            await new Promise<void>((resolve) => this.#wake.push(resolve));
          }
        };
        return {
          [Symbol.asyncIterator]: () => ({ next }),
          close: async () => {
            closed = true;
            for (const w of this.#wake.splice(0)) w();
          },
        };
      },
    } as unknown as EventStore;
  }
}

t.test('any interleaving of followers, appends and a small window: each follower gets exactly the log after its start', async (t) => {
  const fc = await import('fast-check');
  const step = fc.oneof(
    fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant('read' as const), who: fc.nat(3), n: fc.integer({ min: 1, max: 8 }) }),
  );
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 2, max: 9 }), fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 40 }), async (windowMax, startsAt, steps) => {
      const memory = new MemoryLog();
      memory.append(30);
      const log = new SharedLog(memory.store(), windowMax);
      const followers = startsAt.map((i) => {
        const after = i === 0 ? 0n : memory.events[i - 1]!.position;
        const sub = log.subscribe({ after });
        return { after, sub, it: sub[Symbol.asyncIterator](), seen: [] as bigint[] };
      });
      for (const s of steps) {
        if (s.kind === 'append') memory.append(s.n);
        else {
          const f = followers[s.who % followers.length]!;
          const available = memory.events.filter((e) => e.position > f.after).length - f.seen.length;
          for (let i = 0; i < Math.min(s.n, available); i++) {
            const r = await f.it.next();
            if (r.done === true) throw new Error('ended early');
            f.seen.push(r.value.position);
          }
        }
      }
      for (const f of followers) {
        const rest = memory.events.filter((e) => e.position > f.after).length - f.seen.length;
        for (let i = 0; i < rest; i++) f.seen.push(((await f.it.next()) as IteratorYieldResult<RecordedEvent>).value.position);
        const expected = memory.events.filter((e) => e.position > f.after).map((e) => e.position);
        if (JSON.stringify(f.seen.map(String)) !== JSON.stringify(expected.map(String))) throw new Error(`follower after ${f.after}: ${f.seen.join(',')} != ${expected.join(',')}`);
      }
      await Promise.all(followers.map((f) => f.sub.close()));
    }),
    { numRuns: 100 },
  );
  t.pass('100 random schedules');
});
