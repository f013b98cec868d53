/**
 * The event store port. Every adapter (sqlite/, esdb/) implements it with the same
 * meaning, proven by the one contract suite in test/eventstore/.
 *
 * Positions are global, bigint and strictly increasing in commit order. The embedded
 * store numbers them densely from 1; EventStoreDB uses its commit position. Readers
 * resume with `after` (exclusive), so a position is only ever one that was read.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface Actor {
  id: string;
  role: string;
}

export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  requestId: string;
  /** ISO 8601 with offset: when the thing happened in the business world. */
  occurredAt: string;
}

export interface EventToAppend {
  /** Caller-chosen UUIDv7; the idempotency key of the event. */
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent extends EventToAppend {
  stream: string;
  /** 0-based revision of the event in its stream. */
  revision: bigint;
  /** Global position; not part of the hashed envelope. */
  position: bigint;
  /** ISO 8601 UTC time the store committed the event. */
  recordedAt: string;
}

/**
 * A user event as the store holds it, data and metadata still their stored JSON text
 * (EventStore.readAllText): for readers that hash or copy the text rather than use the values.
 */
export interface StoredEventText extends Omit<RecordedEvent, 'data' | 'metadata'> {
  dataJson: string;
  metadataJson: string;
}

/**
 * A user event as the Merkle log integrates it (EventStore.readAllLeafHashes): which event it
 * is, where, and the leaf hash the store computed when it appended it, SHA-256(0x00 ‖ RFC 8785 of the
 * envelope). A row stored without one (appended before the store kept them, or whose
 * envelope has no canonical form) comes with its stored text instead, for the log to hash.
 */
export type StoredLeafHash = {
  position: bigint;
  id: string;
  stream: string;
  type: string;
} & ({ leafHash: Uint8Array; text?: undefined } | { leafHash?: undefined; text: StoredEventText });

export interface AppendResult {
  /** Revision of the last event of the batch in its stream. */
  revision: bigint;
  /** Global position of the last event of the batch. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive start revision; defaults to the first (forwards) or last (backwards). */
  fromRevision?: bigint;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: return events after this position. Omitted or 0n: from the start. */
  after?: bigint;
  limit?: number;
  /**
   * Only events of these types (exact names; `limit` counts only them). A reader that
   * handles a fraction of the log reads that fraction: the others are never decoded.
   * Omitted: every type. A read that comes back with fewer than `limit` events has still
   * passed every event of the log, matched or not, up to the head at the time of the read.
   */
  types?: readonly string[];
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
  /**
   * Optional: the next event of the sequence if it is already at hand (in memory), taken
   * without a promise; undefined when it is not (then `next()` waits for it). Never called
   * while a `next()` of the same subscription is pending. The read-model runners drain a
   * group commit's events with it instead of a promise and a race per event and runner.
   */
  nextAtHand?(): RecordedEvent | undefined;
}

/** subscribeAllLeafHashes: subscribeAll's sequence, each event as readAllLeafHashes gives it. */
export interface LeafHashSubscription extends AsyncIterable<StoredLeafHash> {
  close(): Promise<void>;
  /** Optional: as Subscription.nextAtHand. */
  nextAtHand?(): StoredLeafHash | undefined;
}

export interface SubscribeAllOptions {
  /** Exclusive start position, as in readAll. */
  after?: bigint;
}

export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream yields an empty array. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or undefined when it does not exist. */
  streamRevision(stream: string): Promise<bigint | undefined>;
  /** User events (no `$` streams or types) in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: readAll (no `types` filter) without parsing data and metadata — the Merkle log
   * hashes the canonical form of the text and needs no values. Adapters that do not keep
   * JSON text leave it out; readers then use readAll.
   */
  readAllText?(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredEventText[]>;
  /**
   * Optional: readAll (no `types` filter) as the Merkle log needs it — each event's leaf hash
   * as computed and stored at append, data and metadata not read; rows without a stored
   * hash carry their text (StoredLeafHash). Adapters that keep no leaf hashes leave it out.
   */
  readAllLeafHashes?(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredLeafHash[]>;
  /** Catch up from `after`, then follow live appends: one ordered, gap-free, duplicate-free sequence. */
  subscribeAll(options?: SubscribeAllOptions): Subscription;
  /** Optional: subscribeAll with each event as readAllLeafHashes gives it (the Merkle log following live appends). */
  subscribeAllLeafHashes?(options?: SubscribeAllOptions): LeafHashSubscription;
  /** Position of the newest user event, 0n when empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}
