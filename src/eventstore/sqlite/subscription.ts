import type { RecordedEvent, Subscription } from '../port.ts';

/** What a subscription needs from the store. */
export interface SubscriptionSource {
  /** The next user events after `after`, in position order; bounded in rows and bytes. */
  readPage(after: bigint): RecordedEvent[];
  /** Settles at the next commit made through this process. */
  nextCommit(): Promise<void>;
  /** How long to wait before looking again when nothing was signalled (appends by other processes). */
  readonly pollIntervalMs: number;
  /** The subscription ended (closed, broken out of, or failed). */
  ended(subscription: PollingSubscription): void;
}

/**
 * subscribeAll on a store that can be read by position: the subscription pulls one
 * bounded page at a time after the last position it handed out, so catch-up and live
 * following are the same loop and the sequence can have neither a gap nor a duplicate.
 * Caught up, it sleeps until this process commits or the poll interval passes.
 * Buffering is one page; a slow consumer just reads later.
 */
export class PollingSubscription implements Subscription {
  readonly #source: SubscriptionSource;
  #after: bigint;
  #closed = false;
  #started = false;
  #wake: (() => void) | undefined;

  constructor(source: SubscriptionSource, after: bigint) {
    this.#source = source;
    this.#after = after;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    this.#source.ended(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.#started) throw new Error('a subscription can be iterated once');
    this.#started = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<RecordedEvent> {
    try {
      while (!this.#closed) {
        // Taken before reading: a commit between the read and the wait still wakes us.
        const committed = this.#source.nextCommit();
        const page = this.#source.readPage(this.#after);
        if (page.length === 0) {
          await this.#sleep(committed);
          continue;
        }
        for (const event of page) {
          if (this.#closed) return;
          this.#after = event.position;
          yield event;
        }
      }
    } finally {
      await this.close();
    }
  }

  #sleep(committed: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#source.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
      void committed.then(done);
    }).finally(() => {
      this.#wake = undefined;
    });
  }
}
