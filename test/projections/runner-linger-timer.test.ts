import t from 'tap';
import { eventStats } from '../../projections/event-stats/projection.ts';
import type { RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { startFollowingRunner, turns } from './helpers.ts';

/** Ten minutes: within the test, the lingering batch is committed only by the waiter. */
const LONG_MS = 600_000;

/** A subscription whose events arrive when the test feeds them, one next() at a time. */
function fedSubscription() {
  const queue: RecordedEvent[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const subscription: Subscription = {
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
        const event = queue.shift();
        return event === undefined ? { done: true, value: undefined } : { done: false, value: event };
      },
    }),
    close: async () => {
      closed = true;
      wake?.();
    },
  };
  const feed = (event: RecordedEvent) => {
    queue.push(event);
    wake?.();
  };
  return { subscription, feed };
}

t.test('a live batch that goes idle again and again waits on one linger timer, not one per idle moment', async (t) => {
  const fed = fedSubscription();
  const { runner } = await startFollowingRunner(t, eventStats, fed.subscription, { batchSize: 1000, batchDelayMsMax: LONG_MS, batchLingerMs: LONG_MS });
  await runner.waitForPosition(0n, 60_000);

  const realSetTimeout = globalThis.setTimeout;
  let lingerTimers = 0;
  globalThis.setTimeout = ((handler: () => void, ms?: number) => {
    if ((ms ?? 0) > 60_000) lingerTimers += 1;
    return realSetTimeout(handler, ms);
  }) as typeof setTimeout;
  const events = syntheticRecorded(20, 31);
  try {
    for (const event of events) {
      fed.feed(event);
      await turns(5); // the runner takes it, finds nothing more at hand, and lingers
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  t.equal(runner.position, 0n, 'nothing committed while the batch lingers');
  t.equal(lingerTimers, 1, 'one linger timer for the batch through 20 idle moments');
  await runner.waitForPosition(20n, 60_000);
  t.equal(runner.position, 20n, 'a caller waiting ends the linger: the batch is committed');
});
