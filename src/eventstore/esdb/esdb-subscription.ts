import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  excludeSystemEvents,
  type AllStreamSubscription,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { RecordedEvent, Subscription } from '../port.ts';
import { fromEsdbEvent, isUserEvent } from './event-mapping.ts';
import { allPosition, type EsdbClient } from './esdb-reads.ts';

/**
 * subscribeAll over an EventStoreDB catch-up subscription to $all. The server does the
 * hard part: it reads history, then switches to live events (and back, when the client
 * falls behind) in one ordered stream. It also filters out `$` event types server-side,
 * so system events and the id claims never cross the wire.
 *
 * On top of that: the start is exclusive (events at or before `after` are dropped, so
 * the guarantee holds whichever way the server treats its start position); a dropped
 * connection is resumed from the last event handed out, never from the start; and a
 * position that does not increase is skipped, so a resumption cannot duplicate.
 */

/** Reconnections in a row without an event in between before the error is passed on. */
const RESUMES_MAX = 10;
const RESUME_DELAY_MS = 500;

export class EsdbSubscription implements Subscription {
  readonly #client: EsdbClient;
  #after: bigint;
  #closed = false;
  #started = false;
  #current: AllStreamSubscription | undefined;
  readonly #ended: (s: EsdbSubscription) => void;

  constructor(client: EsdbClient, after: bigint, ended: (s: EsdbSubscription) => void) {
    this.#client = client;
    this.#after = after;
    this.#ended = ended;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#ended(this);
    await this.#current?.unsubscribe().catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.#started) throw new Error('a subscription can be iterated once');
    this.#started = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    try {
      while (!this.#closed) {
        const subscription = this.#client.subscribeToAll({ fromPosition: allPosition(this.#after), filter: excludeSystemEvents() });
        this.#current = subscription;
        try {
          for await (const resolved of subscription) {
            if (this.#closed) return;
            const event = this.#accept(resolved as ResolvedEvent);
            if (event === undefined) continue;
            failures = 0;
            yield event;
          }
          return; // the server ended it: only on unsubscribe
        } catch (error) {
          if (this.#closed) return;
          failures += 1;
          if (!isTransient(error) || failures > RESUMES_MAX) throw error;
          await new Promise((resolve) => setTimeout(resolve, RESUME_DELAY_MS));
        } finally {
          await subscription.unsubscribe().catch(() => undefined);
        }
      }
    } finally {
      await this.close();
    }
  }

  #accept(resolved: ResolvedEvent): RecordedEvent | undefined {
    if (!isUserEvent(resolved)) return undefined;
    const event = fromEsdbEvent(resolved);
    if (event.position <= this.#after) return undefined;
    this.#after = event.position;
    return event;
  }
}

function isTransient(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError
  );
}
