import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { SharedLog } from '../../src/projections/runner-shared-log.ts';
import { event, newStream } from '../eventstore/contract.ts';
import { filledStore } from './helpers.ts';

/*
 * SharedLog and nextAtHand: a group commit's events reach the window together (the source's
 * page drained at hand), and a follower takes them without a promise each, from the window or,
 * behind it, from its own subscription; the sequence stays the log's, gap- and duplicate-free.
 */

/** `count` events of a follower: next() when nothing is at hand, else what is at hand. */
async function drain(follower: Subscription, iterator: AsyncIterator<RecordedEvent>, count: number): Promise<{ positions: bigint[]; atHand: number }> {
  const positions: bigint[] = [];
  let atHand = 0;
  while (positions.length < count) {
    const first = await iterator.next();
    if (first.done === true) break;
    positions.push(first.value.position);
    for (let e = follower.nextAtHand!(); e !== undefined && positions.length < count; e = follower.nextAtHand!()) {
      positions.push(e.position);
      atHand += 1;
    }
  }
  return { positions, atHand };
}

t.test('a live group reaches the window whole, and followers take it at hand', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-at-hand-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = await filledStore(t, dir, 40);
  const head = await store.headPosition();
  const log = new SharedLog(store);
  const a = log.subscribe({ after: head });
  const b = log.subscribe({ after: head });
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  const firstA = ia.next();
  const firstB = ib.next();
  await store.append(newStream(), [event(), event(), event(), event()], 'no_stream');
  const got = [(await firstA).value as RecordedEvent];
  for (let e = a.nextAtHand!(); e !== undefined; e = a.nextAtHand!()) got.push(e);
  t.same(got.map((e) => e.position), [head + 1n, head + 2n, head + 3n, head + 4n], 'one next(), then the rest of the group at hand');
  const gotB = [(await firstB).value as RecordedEvent];
  for (let e = b.nextAtHand!(); e !== undefined; e = b.nextAtHand!()) gotB.push(e);
  t.same(gotB, got, 'the other follower: the same events');
  t.equal(a.nextAtHand!(), undefined, 'the group taken: nothing more at hand');
});

t.test('a follower behind the window takes its own subscription\'s page at hand, rejoins, and the sequence is the log\'s', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-at-hand-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = await filledStore(t, dir, 60);
  const all = await store.readAll();
  const log = new SharedLog(store, 16);
  const ahead = log.subscribe({ after: all[49]!.position });
  const ia = ahead[Symbol.asyncIterator]();
  const aheadGot = await drain(ahead, ia, 10);
  t.same(aheadGot.positions, all.slice(50).map((e) => e.position));
  t.equal(aheadGot.atHand, 9, 'the follower that opened the log: one next(), then its first page at hand');
  const behind = log.subscribe({ after: 0n });
  t.teardown(async () => {
    await ahead.close();
    await behind.close();
  });
  const ib = behind[Symbol.asyncIterator]();
  const got = await drain(behind, ib, 60);
  t.same(got.positions, all.map((e) => e.position), 'every event once, in order, across its own subscription and the window');
  t.ok(got.atHand > 0, `taken at hand: ${got.atHand}`);
});

t.test('a page larger than the window joins it only as far as it fits: the follower that pulled it loses nothing', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-log-at-hand-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = await filledStore(t, dir, 30);
  const all = await store.readAll();
  let opened = 0;
  const log = new SharedLog(
    new Proxy(store, {
      get: (target, name) => (name === 'subscribeAll' ? (...args: Parameters<typeof store.subscribeAll>) => (opened++, target.subscribeAll(...args)) : Reflect.get(target, name, target)),
    }),
    4,
  );
  const follower = log.subscribe({ after: 0n });
  t.teardown(() => follower.close());
  const got = await drain(follower, follower[Symbol.asyncIterator](), 30);
  t.same(got.positions, all.map((e) => e.position), 'every event once, in order');
  t.ok(got.atHand > 0, `taken at hand: ${got.atHand}`);
  t.equal(opened, 1, 'never trimmed out of the window onto a subscription of its own');
});
