import type { EventStore, RecordedEvent } from '../../eventstore/port.ts';

const READ_PAGE = 1000;

/**
 * An in-memory index that folds the whole log and is caught up (readAll after the last
 * position seen) before every answer, so a command sees every event committed before it,
 * its own process's or another's. Subclasses say what they keep in `apply`.
 */
export abstract class LogFollowingIndex {
  #position = 0n;
  #catching: Promise<void> | undefined;

  constructor(protected readonly store: EventStore) {}

  /** The only event types `apply` looks at: the rest of the log is skipped by the store, never decoded. */
  protected abstract readonly eventTypes: readonly string[];

  protected abstract apply(e: RecordedEvent): void;

  /** One catch-up at a time; callers arriving meanwhile wait for it and then read on. */
  protected async catchUp(): Promise<void> {
    while (this.#catching) await this.#catching;
    this.#catching = this.#readNewEvents();
    try {
      await this.#catching;
    } finally {
      this.#catching = undefined;
    }
  }

  /**
   * A short filtered page has passed every event up to the head as it was during the read,
   * so up to the head read BEFORE it: the next catch-up starts there, not at the last
   * matching event (which could be far behind, with every event since to skip again).
   */
  async #readNewEvents(): Promise<void> {
    const head = await this.store.headPosition();
    for (;;) {
      const page = await this.store.readAll({ after: this.#position, limit: READ_PAGE, types: this.eventTypes });
      for (const e of page) {
        this.apply(e);
        this.#position = e.position;
      }
      if (page.length < READ_PAGE) {
        if (head > this.#position) this.#position = head;
        return;
      }
    }
  }
}

/** One index per store and kind in this process, shared by every request. */
export function indexPerStore<I extends object>(make: (store: EventStore) => I): (store: EventStore) => I {
  const indexes = new WeakMap<EventStore, I>();
  return (store) => {
    let index = indexes.get(store);
    if (!index) {
      index = make(store);
      indexes.set(store, index);
    }
    return index;
  };
}
