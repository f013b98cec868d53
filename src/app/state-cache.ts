/**
 * Folded state per stream, so a command on a long stream (a fund with a year of payments)
 * reads only the events appended since it was last folded instead of the whole history.
 * Bounded LRU. A stale entry is harmless: the runner reads forward from its revision, and
 * the append's expected revision still guards every decision.
 */
export interface CachedState<S> {
  /** Revision of the last event folded; undefined when the stream had no event when it was read (a new stream). */
  revision: bigint | undefined;
  state: S;
}

export class StateCache {
  private readonly entries = new Map<string, CachedState<unknown>>();
  constructor(private readonly maxEntries = 50_000) {}

  get<S>(key: string): CachedState<S> | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit as CachedState<S> | undefined;
  }

  /**
   * Removes and returns the entry: whoever folds newer events into a state that evolves in
   * place must own it meanwhile, or two concurrent folds would apply the same events twice
   * to one object. The other caller then folds from scratch; `set` puts it back.
   */
  take<S>(key: string): CachedState<S> | undefined {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    return hit as CachedState<S> | undefined;
  }

  set<S>(key: string, value: CachedState<S>): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
