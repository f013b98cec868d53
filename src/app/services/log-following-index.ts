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

  async #readNewEvents(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ after: this.#position, limit: READ_PAGE });
      for (const e of page) {
        this.apply(e);
        this.#position = e.position;
      }
      if (page.length < READ_PAGE) return;
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
