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

/**
 * The store's word on where a stream ends, when it can give it without a read
 * (SqliteEventStore.knownLastRevision): a revision past which the stream has no event,
 * -1n for none; undefined when only a read can tell.
 */
export interface KnownHeads {
  knownLastRevision(stream: string): bigint | undefined;
}

/** The store's KnownHeads, if it keeps them (the embedded store does; EventStoreDB's adapter does not). */
export function knownHeadsOf(store: object): KnownHeads | undefined {
  const candidate = store as Partial<KnownHeads>;
  return typeof candidate.knownLastRevision === 'function' ? { knownLastRevision: (stream) => candidate.knownLastRevision!.call(store, stream) } : undefined;
}

export class StateCache {
  private readonly entries = new Map<string, CachedState<unknown>>();
  /**
   * `heads`: the RAW store's knowledge of stream ends (knownHeadsOf): with it, a state
   * folded up to the store's known end is used without reading the stream to confirm it.
   */
  constructor(
    private readonly maxEntries = 50_000,
    private readonly heads?: KnownHeads,
  ) {}

  /** True when the store vouches that `stream` has no event after `revision` (undefined: the stream had none). */
  isCurrent(stream: string, revision: bigint | undefined): boolean {
    const known = this.heads?.knownLastRevision(stream);
    return known !== undefined && known === (revision ?? -1n);
  }

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
