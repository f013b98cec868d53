import t, { type Test } from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import type { RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { eventually, replayedSha256, startFollowingRunner } from './helpers.ts';

/**
 * The runner takes the events a subscription already holds through its optional
 * nextAtHand (SharedLog's), not a promise each. A subscription handing out `events`, all
 * at hand, counting the calls of each kind.
 */
function fakeSubscription(events: readonly RecordedEvent[], atHand: boolean) {
  let i = 0;
  let pendingNext = false;
  let closed: (() => void) | undefined;
  const calls = { next: 0, atHand: 0, atHandWhileNextPending: 0 };
  const subscription: Subscription = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        calls.next += 1;
        const event = events[i];
        if (event !== undefined) {
          i += 1;
          return { done: false, value: event };
        }
        pendingNext = true;
        await new Promise<void>((resolve) => (closed = resolve));
        return { done: true, value: undefined };
      },
    }),
    close: async () => closed?.(),
    ...(atHand
      ? {
          nextAtHand: () => {
            calls.atHand += 1;
            if (pendingNext) calls.atHandWhileNextPending += 1;
            const event = events[i];
            if (event !== undefined) i += 1;
            return event;
          },
        }
      : {}),
  };
  return { subscription, calls };
}

async function follow(t: Test, name: string, events: readonly RecordedEvent[], atHand: boolean) {
  const fake = fakeSubscription(events, atHand);
  const positions: bigint[] = [];
  const { runner, dir } = await startFollowingRunner(t, eventStats, fake.subscription, {
    batchSize: 7,
    batchDelayMsMax: 600_000,
    batchLingerMs: 0,
    onChange: () => void positions.push(runner.position),
  });
  const last = events.at(-1)!.position;
  await eventually(() => runner.position === last);
  await runner.stop();
  const file = path.join(dir, 'readmodels', 'event-stats.v1.sqlite');
  return { calls: fake.calls, positions, digest: digestReadModelFile(eventStats, file).sha256, name };
}

t.test('events at hand join the batch without a promise each; batches stay within batchSize and the rows are a replay', async (t) => {
  const events = syntheticRecorded(300, 21);
  const replayed = replayedSha256(eventStats, events, t.testdir());
  const withAtHand = await follow(t, 'at hand', events, true);
  const without = await follow(t, 'next only', events, false);
  t.equal(withAtHand.digest, replayed, 'with nextAtHand: the replay digest');
  t.equal(without.digest, replayed, 'with next() only: the replay digest');
  t.equal(without.calls.next, 301, 'next() only: a promise per event (and the last, pending one)');
  t.ok(withAtHand.calls.next <= 300 / 7 + 2, `with nextAtHand: next() ${withAtHand.calls.next} times, once per batch`);
  t.equal(withAtHand.calls.atHandWhileNextPending, 0, 'never while a next() is pending');
  const steps = withAtHand.positions.map((p, i) => p - (withAtHand.positions[i - 1] ?? 0n)).filter((d) => d > 0n);
  t.ok(steps.every((d) => d <= 7n), `every batch at most 7 events (${steps.length} batches)`);
  t.equal(steps.reduce((a, b) => a + b, 0n), 300n);
});
