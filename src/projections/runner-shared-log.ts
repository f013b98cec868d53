import type { EventStore, RecordedEvent, Subscription, SubscribeAllOptions } from '../eventstore/port.ts';

/** Events kept behind the newest one read, for runners a little behind the others. */
export const SHARED_WINDOW_EVENTS_MAX = 8192;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscription to the log for all the runners of a process. Each runner following the
 * log on its own subscription had every new event read from SQLite, parsed and upcast once
 * per read model (eleven times; measured at about a fifth of the server's main thread
 * during the command benchmark). Here the newest events are read once, kept in a bounded
 * window, and every runner walks the window at its own pace.
 *
 * The order and gap-freeness are the underlying subscription's: the window is a
 * contiguous run of its sequence. A runner that starts before the window, or falls
 * behind it (it was trimmed), reads on a subscription of its own until it reaches the
 * window again. Runners must not modify the events they are given (they are shared).
 */
export class SharedLog {
  readonly #store: EventStore;
  readonly #windowMax: number;
  /** Contiguous run of the shared subscription's events, oldest first. */
  #events: RecordedEvent[] = [];
  /** Sequence number (since this source started) of #events[0]. */
  #base = 0;
  /** The window covers the positions after this one. */
  #start = 0n;
  #source: { subscription: Subscription; iterator: AsyncIterator<RecordedEvent> } | undefined;
  #pull: Promise<void> | undefined;
  #ended = false;
  #failure: { error: unknown } | undefined;
  readonly #followers = new Set<SharedSubscription>();

  constructor(store: EventStore, windowMax = SHARED_WINDOW_EVENTS_MAX) {
    if (!Number.isInteger(windowMax) || windowMax < 2) throw new RangeError(`windowMax must be an integer >= 2, got ${windowMax}`);
    this.#store = store;
    this.#windowMax = windowMax;
  }

  subscribe(options: SubscribeAllOptions = {}): Subscription {
    const after = options.after ?? 0n;
    if (this.#source === undefined) this.#open(after);
    const follower = new SharedSubscription(this, after);
    this.#followers.add(follower);
    return follower;
  }

  /** The subscription it is given no longer follows; the last one closes the shared source. */
  async leave(follower: SharedSubscription): Promise<void> {
    if (!this.#followers.delete(follower) || this.#followers.size > 0) return;
    const source = this.#source;
    this.#source = undefined;
    this.#pull = undefined;
    this.#events = [];
    await source?.subscription.close();
  }

  /**
   * Sequence number of the first event after `after`, if the window can tell (`after` is at
   * or past its start); undefined when `after` is before it.
   */
  seqAfter(after: bigint): number | undefined {
    if (this.#source === undefined || after < this.#start) return undefined;
    // Binary search: the first event of the window past `after`.
    let lo = 0;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#events[mid]!.position <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#base + lo;
  }

  /** The event with sequence number `seq`: 'trimmed' when the window has moved past it, undefined when not read yet. */
  at(seq: number): RecordedEvent | 'trimmed' | undefined {
    if (seq < this.#base) return 'trimmed';
    return this.#events[seq - this.#base];
  }

  /** Resolves once the window holds one more event, or the source ended or failed. */
  more(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    if (this.#ended) return Promise.resolve();
    const source = this.#source;
    if (source === undefined) return Promise.resolve();
    this.#pull ??= source.iterator.next().then(
      (result) => {
        if (this.#source !== source) return;
        this.#pull = undefined;
        if (result.done === true) this.#ended = true;
        else {
          this.#push(result.value);
          this.#pushAtHand(source.subscription);
        }
      },
      (error: unknown) => {
        if (this.#source !== source) return;
        this.#pull = undefined;
        this.#failure = { error };
        throw error;
      },
    );
    // Whoever waits on it sees the failure; a waiter that closed meanwhile must not leave it unhandled.
    this.#pull.catch(() => {});
    return this.#pull;
  }

  get ended(): boolean {
    return this.#ended || this.#source === undefined;
  }

  /** A subscription of its own, for a runner before the window. */
  privateSubscription(after: bigint): Subscription {
    return this.#store.subscribeAll({ after });
  }

  #open(after: bigint): void {
    const subscription = this.#store.subscribeAll({ after });
    this.#source = { subscription, iterator: subscription[Symbol.asyncIterator]() };
    this.#events = [];
    this.#base = 0;
    this.#start = after;
    this.#ended = false;
    this.#failure = undefined;
  }

  /**
   * The rest of what the source already holds (the page a group commit's events came in)
   * joins the window at once, without a promise per event: the followers then find the
   * whole group at hand. Never past a full window: a trim there could drop events the
   * follower that pulled has not read (the rest comes with the next pulls, from the page).
   * A failure there (an upcast) fails the log as a failed next() does.
   */
  #pushAtHand(subscription: Subscription): void {
    if (subscription.nextAtHand === undefined) return;
    try {
      while (this.#events.length < this.#windowMax) {
        const event = subscription.nextAtHand();
        if (event === undefined) return;
        this.#push(event);
      }
    } catch (error) {
      this.#failure = { error };
      throw error;
    }
  }

  #push(event: RecordedEvent): void {
    this.#events.push(event);
    if (this.#events.length <= this.#windowMax) return;
    // Drop the older half at once: trimming one event per event would copy the array each time.
    const drop = this.#events.length >> 1;
    this.#start = this.#events[drop - 1]!.position;
    this.#events = this.#events.slice(drop);
    this.#base += drop;
  }
}

/** One runner's view of the shared log: its place in the window, or a subscription of its own meanwhile. */
class SharedSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  readonly #log: SharedLog;
  #after: bigint;
  #seq: number | undefined;
  #own: { subscription: Subscription; iterator: AsyncIterator<RecordedEvent> } | undefined;
  #closed = false;
  #started = false;
  /** Ends the wait in #slowNext, if one is on, when the subscription closes. */
  #wakeOnClose: (() => void) | undefined;

  constructor(log: SharedLog, after: bigint) {
    this.#log = log;
    this.#after = after;
    this.#seq = log.seqAfter(after);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.#started) throw new Error('a subscription can be iterated once');
    this.#started = true;
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    if (this.#closed) return Promise.resolve(DONE);
    // The common case, an event already in the window, costs one resolved promise.
    if (this.#seq !== undefined && this.#own === undefined) {
      const event = this.#log.at(this.#seq);
      if (event !== undefined && event !== 'trimmed' && event.position > this.#after) {
        this.#seq += 1;
        this.#after = event.position;
        return Promise.resolve({ done: false, value: event });
      }
    }
    return this.#slowNext();
  }

  /**
   * The next event if it is at hand: in the window, or behind it in the page of its own
   * subscription (port.ts Subscription.nextAtHand). undefined otherwise, and whenever next()
   * has something to do first (rejoin the window, learn its place in it).
   */
  nextAtHand(): RecordedEvent | undefined {
    if (this.#closed) return undefined;
    const own = this.#own;
    if (own !== undefined) {
      if (own.subscription.nextAtHand === undefined || this.#log.seqAfter(this.#after) !== undefined) return undefined;
      const event = own.subscription.nextAtHand();
      if (event !== undefined) this.#after = event.position;
      return event;
    }
    if (this.#seq === undefined) return undefined;
    const event = this.#log.at(this.#seq);
    if (event === undefined || event === 'trimmed' || event.position <= this.#after) return undefined;
    this.#seq += 1;
    this.#after = event.position;
    return event;
  }

  async #slowNext(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.#closed) return DONE;
      if (this.#own !== undefined) return this.#ownNext();
      if (this.#seq === undefined) {
        this.#seq = this.#log.seqAfter(this.#after);
        if (this.#seq === undefined) {
          this.#goOwn();
          continue;
        }
      }
      const event = this.#log.at(this.#seq);
      if (event === 'trimmed') {
        this.#seq = undefined;
        continue;
      }
      if (event !== undefined) {
        this.#seq += 1;
        // Ahead of the window (it started before this runner's position): skip up to it.
        if (event.position <= this.#after) continue;
        this.#after = event.position;
        return { done: false, value: event };
      }
      if (this.#log.ended) return DONE;
      // One promise per wait, not a race with a promise that settles only at close: each race
      // left a reaction on that promise until close, ~300 B per wait for the server's lifetime.
      const woke = await new Promise<typeof DONE | undefined>((resolve, reject) => {
        this.#wakeOnClose = () => resolve(DONE);
        this.#log.more().then(() => resolve(undefined), reject);
      });
      this.#wakeOnClose = undefined;
      if (woke === DONE) return DONE;
    }
  }

  /** Reads on its own subscription until its position is inside the window, then rejoins. */
  async #ownNext(): Promise<IteratorResult<RecordedEvent>> {
    const own = this.#own!;
    const rejoinAt = this.#log.seqAfter(this.#after);
    if (rejoinAt !== undefined) {
      this.#own = undefined;
      this.#seq = rejoinAt;
      await own.subscription.close();
      return this.#slowNext();
    }
    const result = await own.iterator.next();
    if (result.done === true) return DONE;
    this.#after = result.value.position;
    return result;
  }

  #goOwn(): void {
    const subscription = this.#log.privateSubscription(this.#after);
    this.#own = { subscription, iterator: subscription[Symbol.asyncIterator]() };
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return DONE;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wakeOnClose?.();
    const own = this.#own;
    this.#own = undefined;
    await own?.subscription.close();
    await this.#log.leave(this);
  }
}
