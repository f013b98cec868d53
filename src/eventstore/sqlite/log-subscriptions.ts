import { validateReadAllOptions } from '../append-validation.ts';
import type { SubscribeAllOptions } from '../port.ts';
import { PollingSubscription } from './subscription.ts';

/**
 * The live subscriptions of one SQLite store, writing (sqlite-store.ts) or read-only
 * (read-only-store.ts): each reads pages of the log and, once caught up, sleeps until
 * `wakeAll` (a commit, or a head notice from the writing thread) or its poll interval.
 */
export class LogSubscriptions {
  readonly #open = new Set<{ close(): Promise<void> }>();
  /** Sleeping subscriptions, woken by the next wakeAll. */
  readonly #sleeping = new Set<() => void>();
  readonly #pollIntervalMs: number;

  constructor(pollIntervalMs: number) {
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** A subscription after `options.after` (validated here), reading the log with `readPage`. */
  open<T extends { readonly position: bigint }>(options: SubscribeAllOptions | undefined, readPage: (after: bigint, live: boolean) => T[]): PollingSubscription<T> {
    const { after } = validateReadAllOptions({ after: options?.after });
    const subscription: PollingSubscription<T> = new PollingSubscription<T>(
      {
        readPage,
        onNextCommit: (wake) => {
          this.#sleeping.add(wake);
          return () => this.#sleeping.delete(wake);
        },
        pollIntervalMs: this.#pollIntervalMs,
        ended: () => this.#open.delete(subscription),
      },
      after,
    );
    this.#open.add(subscription);
    return subscription;
  }

  /** The log grew: every sleeping subscription reads on (one that finds nothing sleeps again). */
  wakeAll(): void {
    const sleeping = [...this.#sleeping];
    this.#sleeping.clear();
    for (const wake of sleeping) wake();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open].map((s) => s.close()));
  }
}
