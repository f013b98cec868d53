import { WrongExpectedRevisionError } from '../eventstore/errors.ts';
import { forwardingStore } from '../eventstore/forwarding-store.ts';
import type { EventStore } from '../eventstore/port.ts';
import type { Metrics } from './metrics.ts';

/** The store with every append counted and timed; everything else passes straight through. */
export function withAppendMetrics(store: EventStore, metrics: Metrics): EventStore {
  return forwardingStore(store, {
    async append(stream, events, expected) {
      const stop = metrics.appendDurationSeconds.startTimer();
      try {
        const result = await store.append(stream, events, expected);
        metrics.appends.inc({ outcome: 'ok' });
        metrics.appendedEvents.inc(Array.isArray(events) ? events.length : 0);
        return result;
      } catch (error) {
        metrics.appends.inc({ outcome: error instanceof WrongExpectedRevisionError ? 'conflict' : 'error' });
        throw error;
      } finally {
        stop();
      }
    },
  });
}
