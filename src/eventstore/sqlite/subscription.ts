import type { RecordedEvent } from '../port.ts';

/** What a subscription needs from the store. */
export interface SubscriptionSource<T extends { readonly position: bigint } = RecordedEvent> {
  /**
   * The next user events after `after`, in position order; bounded in rows and bytes.
   * `live`: the subscription was woken by this store's commit (or reads on after a page it
   * read live), so the source may answer from what this store itself committed: an empty
   * page at the end of its live tail (committed-tail.ts) sends it to sleep until the next
   * commit. false on the first read and whenever the poll interval ran out: the source must
   * look at the log itself, where another process may have appended.
   */
  readPage(after: bigint, live: boolean): T[];
  /** Calls `wake` once, at the next commit made through this store; returns how to cancel that. */
  onNextCommit(wake: () => void): () => void;
  /** How long to wait before looking again when nothing was signalled (appends by other processes). */
  readonly pollIntervalMs: number;
  /** The subscription ended (closed, broken out of, or failed). */
  ended(subscription: PollingSubscription<T>): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * subscribeAll on a store that can be read by position: the subscription pulls one
 * bounded page at a time after the last position it handed out, so catch-up and live
 * following are the same loop and the sequence can have neither a gap nor a duplicate.
 * Caught up, it sleeps until this process commits or the poll interval passes.
 * Buffering is one page; a slow consumer just reads later.
 *
 * A hand-written iterator rather than an async generator: handing out an event already in
 * the page costs one resolved promise, which matters when catching up on millions.
 */
export class PollingSubscription<T extends { readonly position: bigint } = RecordedEvent> implements AsyncIterable<T>, AsyncIterator<T> {
  readonly #source: SubscriptionSource<T>;
  #after: bigint;
  #page: T[] = [];
  #index = 0;
  #closed = false;
  #started = false;
  #wake: (() => void) | undefined;
  /** What readPage may trust (SubscriptionSource.readPage): false until a commit woke it, and again after each poll. */
  #live = false;
  #fetching: Promise<IteratorResult<T>> | undefined;

  constructor(source: SubscriptionSource<T>, after: bigint) {
    this.#source = source;
    this.#after = after;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#started) throw new Error('a subscription can be iterated once');
    this.#started = true;
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#closed) return Promise.resolve(DONE);
    // A caller that does not await each next() queues behind the page being fetched.
    if (this.#fetching !== undefined) return this.#fetching.then(() => this.next());
    const event = this.#page[this.#index];
    if (event === undefined) {
      this.#fetching = this.#nextPage().finally(() => {
        this.#fetching = undefined;
      });
      return this.#fetching;
    }
    this.#index += 1;
    this.#after = event.position;
    return Promise.resolve({ done: false, value: event });
  }

  /**
   * The next event if the page read last still holds one, taken without a promise; undefined
   * when the next one must be read (then next() reads it). A reader that drains a group's
   * events this way pays no promise per event. Not to be called while a next() is pending.
   */
  nextAtHand(): T | undefined {
    if (this.#closed || this.#fetching !== undefined) return undefined;
    const event = this.#page[this.#index];
    if (event === undefined) return undefined;
    this.#index += 1;
    this.#after = event.position;
    return event;
  }

  /** `break` out of a for-await loop. */
  async return(): Promise<IteratorResult<T>> {
    await this.close();
    return DONE;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#page = [];
    this.#wake?.();
    this.#source.ended(this);
  }

  async #nextPage(): Promise<IteratorResult<T>> {
    try {
      while (!this.#closed) {
        // The read and the start of the wait happen in one synchronous step: a commit
        // notification (a message from the writer) cannot fall between them.
        this.#page = this.#source.readPage(this.#after, this.#live);
        this.#index = 0;
        if (this.#page.length > 0) {
          const first = this.#page[0]!;
          this.#index = 1;
          this.#after = first.position;
          return { done: false, value: first };
        }
        this.#live = await this.#sleep();
      }
      return DONE;
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  /** Resolves true when a commit of this store woke it, false when the poll interval ran out (or it was closed). */
  #sleep(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (byCommit: boolean) => {
        clearTimeout(timer);
        cancel();
        this.#wake = undefined;
        resolve(byCommit);
      };
      const timer = setTimeout(() => done(false), this.#source.pollIntervalMs);
      const cancel = this.#source.onNextCommit(() => done(true));
      this.#wake = () => done(false);
    });
  }
}
