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

/**
 * Bounded and recency-kept, as two generations instead of one LRU Map: a hit or a store
 * goes into `young`; when `young` holds half the bound it becomes `old`, and the previous
 * `old` is dropped whole. Nothing used in the last half-bound of insertions is lost, and
 * no entry is ever moved by delete-and-set nor evicted by iterating from the front: on a
 * full 50 000-entry Map that front is a run of deleted slots V8 walks on every eviction
 * (the LRU's get and set were 5 % of the server's main thread in the command mix).
 */
export class StateCache {
  private young = new Map<string, CachedState<unknown>>();
  private old = new Map<string, CachedState<unknown>>();
  private readonly generationMax: number;
  /**
   * `maxEntries`: at most this many states are held. `heads`: the RAW store's knowledge of
   * stream ends (knownHeadsOf): with it, a state folded up to the store's known end is used
   * without reading the stream to confirm it.
   */
  constructor(
    maxEntries = 50_000,
    private readonly heads?: KnownHeads,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 2) throw new RangeError(`StateCache maxEntries must be an integer ≥ 2, got ${maxEntries}`);
    this.generationMax = Math.floor(maxEntries / 2);
  }

  /** True when the store vouches that `stream` has no event after `revision` (undefined: the stream had none). */
  isCurrent(stream: string, revision: bigint | undefined): boolean {
    const known = this.heads?.knownLastRevision(stream);
    return known !== undefined && known === (revision ?? -1n);
  }

  /** States held now (at most maxEntries). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  get<S>(key: string): CachedState<S> | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit as CachedState<S>;
    const aged = this.old.get(key);
    if (aged === undefined) return undefined;
    this.old.delete(key);
    this.addYoung(key, aged);
    return aged as CachedState<S>;
  }

  /**
   * Removes and returns the entry: whoever folds newer events into a state that evolves in
   * place must own it meanwhile, or two concurrent folds would apply the same events twice
   * to one object. The other caller then folds from scratch; `set` puts it back.
   */
  take<S>(key: string): CachedState<S> | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) {
      this.young.delete(key);
      return hit as CachedState<S>;
    }
    const aged = this.old.get(key);
    if (aged !== undefined) this.old.delete(key);
    return aged as CachedState<S> | undefined;
  }

  set<S>(key: string, value: CachedState<S>): void {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return;
    }
    this.old.delete(key);
    this.addYoung(key, value);
  }

  delete(key: string): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  private addYoung(key: string, value: CachedState<unknown>): void {
    this.young.set(key, value);
    if (this.young.size < this.generationMax) return;
    this.old = this.young;
    this.young = new Map();
  }
}
