/**
 * The store as the merkle-log projection reads it. The projection runtime reads RecordedEvents
 * (readAll), which parses every event's data and metadata; the log only needs each leaf's
 * hash. Where the store kept the leaf hash it computed at append (readAllLeafHashes), this
 * view's readAll returns events that carry that hash and no data at all (HashedLeafEvent);
 * rows stored without one, and stores that only hand out their stored text (readAllText),
 * give events that carry that text and parse it only if something asks for `data` or
 * `metadata` — the log writer asks only for the rows it cannot canonicalise from the text
 * (src/integrity/envelope-text.ts). subscribeAll follows the store the same way where it can
 * (subscribeAllLeafHashes): a live log reads each new event's stored hash, not its JSON.
 * Every other method is the store's own.
 *
 * Only for the merkle-log runner: its events are class instances whose data and metadata
 * are getters, which a spread or a structured clone would not copy.
 */
import { forwardingStore } from '../eventstore/forwarding-store.ts';
import type { EventMetadata, EventStore, LeafHashSubscription, ReadAllOptions, RecordedEvent, StoredEventText, StoredLeafHash, Subscription } from '../eventstore/port.ts';

/**
 * An event read as its stored leaf hash: which event it is and where, nothing of its content.
 * Nothing of the log asks for more (the writer integrates `leafHash`); asking is a bug, and
 * it says so rather than hand out a value the store never gave.
 */
export class HashedLeafEvent implements RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly position: bigint;
  readonly type: string;
  readonly leafHash: Uint8Array;

  constructor(row: StoredLeafHash & { leafHash: Uint8Array }) {
    this.id = row.id;
    this.stream = row.stream;
    this.position = row.position;
    this.type = row.type;
    this.leafHash = row.leafHash;
  }

  get revision(): bigint {
    return this.#unread('revision');
  }

  get schemaVersion(): number {
    return this.#unread('schemaVersion');
  }

  get recordedAt(): string {
    return this.#unread('recordedAt');
  }

  get data(): unknown {
    return this.#unread('data');
  }

  get metadata(): EventMetadata {
    return this.#unread('metadata');
  }

  #unread(field: string): never {
    throw new Error(`event ${this.id} was read as its leaf hash: its ${field} was not read`);
  }
}

function fromLeafHash(row: StoredLeafHash): RecordedEvent {
  return row.leafHash !== undefined ? new HashedLeafEvent(row) : new TextBackedEvent(row.text);
}

export class TextBackedEvent implements RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly stored: StoredEventText;
  #data: unknown;
  #metadata: EventMetadata | undefined;

  constructor(stored: StoredEventText) {
    this.stored = stored;
    this.id = stored.id;
    this.stream = stored.stream;
    this.revision = stored.revision;
    this.position = stored.position;
    this.type = stored.type;
    this.schemaVersion = stored.schemaVersion;
    this.recordedAt = stored.recordedAt;
  }

  get data(): unknown {
    if (this.#data === undefined) this.#data = JSON.parse(this.stored.dataJson) as unknown;
    return this.#data;
  }

  get metadata(): EventMetadata {
    this.#metadata ??= JSON.parse(this.stored.metadataJson) as EventMetadata;
    return this.#metadata;
  }
}

/** A store's leaf-hash subscription as the projection runtime follows the log: events, as readAll gives them. */
class HashedSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  readonly #inner: LeafHashSubscription;
  readonly #rows: AsyncIterator<StoredLeafHash>;

  constructor(inner: LeafHashSubscription) {
    this.#inner = inner;
    this.#rows = inner[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    const row = await this.#rows.next();
    return row.done === true ? { done: true, value: undefined } : { done: false, value: fromLeafHash(row.value) };
  }

  /** The inner subscription's row at hand, as an event (port.ts Subscription.nextAtHand): the runner drains a group without a promise each. */
  nextAtHand(): RecordedEvent | undefined {
    const row = this.#inner.nextAtHand?.();
    return row === undefined ? undefined : fromLeafHash(row);
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** The views leafSource made: wrapping one again would only add a layer. */
const sources = new WeakSet<EventStore>();

/**
 * `store`, with readAll (no type filter asked) answered from readAllLeafHashes when the store
 * has it, else from readAllText when it has that. A store that is already a leaf source is
 * returned as it is.
 */
export function leafSource(store: EventStore): EventStore {
  if (sources.has(store)) return store;
  const readAllText = store.readAllText?.bind(store);
  const readAllLeafHashes = store.readAllLeafHashes?.bind(store);
  const subscribeAllLeafHashes = store.subscribeAllLeafHashes?.bind(store);
  if (readAllText === undefined && readAllLeafHashes === undefined) return store;
  const readRows = async (options: Omit<ReadAllOptions, 'types'> | undefined): Promise<RecordedEvent[]> => {
    if (readAllLeafHashes !== undefined) return (await readAllLeafHashes(options)).map(fromLeafHash);
    return (await readAllText!(options)).map((row) => new TextBackedEvent(row));
  };
  const source = forwardingStore(store, {
    readAll: async (options?: ReadAllOptions): Promise<RecordedEvent[]> => {
      if (options?.types !== undefined) return store.readAll(options);
      return readRows(options);
    },
    subscribeAll: (options) => (subscribeAllLeafHashes === undefined ? store.subscribeAll(options) : new HashedSubscription(subscribeAllLeafHashes(options))),
  });
  sources.add(source);
  return source;
}
