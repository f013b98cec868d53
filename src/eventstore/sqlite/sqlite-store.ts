import { fileURLToPath } from 'node:url';
import { assertNever } from '../../domain/decider.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, openSqlite, type SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { applyMigrations } from '../../shared/sqlite-migrations.ts';
import {
  DEFAULT_MAX_EVENT_BYTES,
  validateAppend,
  validateReadStreamOptions,
} from '../append-validation.ts';
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors.ts';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  LeafHashSubscription,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEventText,
  StoredLeafHash,
  SubscribeAllOptions,
  Subscription,
} from '../port.ts';
import type { AppendFailure, AppendOutcome, GroupResult } from './group-commit.ts';
import { DEFAULT_GROUP_LIMITS, GroupCommitQueue, type GroupLimits } from './group-commit-queue.ts';
import { ReadQueries } from './read-queries.ts';
import { StreamHeads } from './stream-heads.ts';
import { LogSubscriptions } from './log-subscriptions.ts';
import { CommittedTail, DEFAULT_TAIL_LIMITS, type TailLimits } from './committed-tail.ts';
import { inlineExecutor, threadExecutor, type WriteExecutor, type WriterMode } from './write-executor.ts';

export interface SqliteStoreOptions {
  /** The database file; created with its schema when missing. */
  file: string;
  /** Largest event: UTF-8 bytes of JSON data + JSON metadata (see validateAppend). */
  maxEventBytes?: number;
  /**
   * Where group commits run. `thread` (default): a worker thread owning the write
   * connection, so the event loop keeps serving while a commit waits for its fsync.
   * See the measurements in README.md, "Event store".
   */
  writer?: WriterMode;
  groupLimits?: GroupLimits;
  /** How often a caught-up subscription looks for appends made by other processes. */
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
  /**
   * Bounds of the live tail: the newest committed rows kept in memory, from which this
   * store's own subscriptions take their pages (committed-tail.ts). `eventsMax: 0` turns it off.
   */
  tailLimits?: TailLimits;
}

export const EVENTSTORE_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/eventstore/', import.meta.url));

/** A failed write of the store itself (disk full, I/O error, writer thread gone), not of the input. */
export class EventStoreWriteError extends Error {
  readonly code = 'event_store_write';
  constructor(message: string) {
    super(`event store write failed: ${message}`);
    this.name = 'EventStoreWriteError';
  }
}

/**
 * Page cache of the connection that scans the log (readAll, subscriptions). Catch-ups read
 * each page once, so a larger cache only holds pages nobody reads again: measured with 11
 * read models catching up on 1 M events, the store's one 64 MiB cache filled with them.
 */
const SCAN_CACHE_KIB = 2 * 1024;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteEventStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const db = openSqlite(options.file, { busyTimeoutMs });
  let scanDb: SqliteDatabase | undefined;
  let executor: WriteExecutor | undefined;
  try {
    applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
    db.pragma('query_only = ON');
    scanDb = openSqlite(options.file, { busyTimeoutMs, cacheSizeKib: SCAN_CACHE_KIB, queryOnly: true });
    executor = options.writer === 'inline' ? inlineExecutor(options.file, busyTimeoutMs) : await threadExecutor(options.file, busyTimeoutMs);
    return new SqliteEventStore(db, executor, options, scanDb);
  } catch (e) {
    await executor?.close();
    scanDb?.close();
    db.close();
    throw e;
  }
}

/** The embedded event store: one SQLite file, written through group commits, read on the calling thread. */
export class SqliteEventStore implements EventStore {
  readonly #db: SqliteDatabase;
  readonly #scanDb: SqliteDatabase | undefined;
  readonly #reads: ReadQueries;
  readonly #queue: GroupCommitQueue;
  readonly #heads: StreamHeads;
  readonly #executor: WriteExecutor;
  readonly #maxEventBytes: number;
  readonly #subscriptions: LogSubscriptions;
  readonly #tail: CommittedTail;
  /** Subscription pages taken from the tail, empty answers at its end (the reader sleeps), and pages read from SQLite (liveTailStats). */
  readonly #pages = { fromTail: 0, endsFromTail: 0, fromSqlite: 0 };
  /** onCommit listeners: threads reading this file are told of new appends through them. */
  readonly #commitListeners = new Set<(head: bigint) => void>();
  readonly #file: string;
  #closed = false;

  /** `scanDb`: a second read connection for scans of the log (see ReadQueries); this store closes it. */
  constructor(db: SqliteDatabase, executor: WriteExecutor, options: SqliteStoreOptions, scanDb?: SqliteDatabase) {
    this.#db = db;
    this.#scanDb = scanDb;
    this.#file = options.file;
    this.#reads = new ReadQueries(db, scanDb);
    this.#executor = executor;
    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    const logHead = db.prepare('SELECT max(position) FROM events').pluck();
    const streamsAfter = db.prepare('SELECT stream FROM events WHERE position > ? ORDER BY position LIMIT ?').pluck();
    this.#heads = new StreamHeads({
      dataVersion: () => dataVersion.get() as number,
      logHead: () => (logHead.get() as number | null) ?? 0,
      streamsAfter: (position, limit) => {
        const streams = streamsAfter.all(position, limit + 1) as string[];
        return streams.length > limit ? undefined : streams;
      },
    });
    this.#tail = new CommittedTail(options.tailLimits ?? DEFAULT_TAIL_LIMITS);
    this.#queue = new GroupCommitQueue(executor, options.groupLimits ?? DEFAULT_GROUP_LIMITS, (requests, result) => {
      try {
        this.#tail.noteGroup(requests, result);
      } catch {
        // A tail it cannot vouch for is dropped: subscriptions read SQLite until the next group.
        this.#tail.clear();
      }
      try {
        this.#heads.noteGroup(requests, result);
      } catch {
        this.#heads.forget();
      }
      if (result.outcomes.some((o) => o.ok)) this.#signalCommit(headAfter(result));
    });
    this.#maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.#subscriptions = new LogSubscriptions(options.pollIntervalMs ?? 250);
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.#assertOpen();
    const serialized = validateAppend(stream, events, expected, this.#maxEventBytes);
    let bytes = 0;
    for (const e of serialized) bytes += e.data.length + e.metadata.length;
    const outcome = await this.#queue.submit({ stream, expected, events: serialized }, bytes);
    return toResult(outcome);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const valid = validateReadStreamOptions(options);
    const events = this.#reads.readStream(stream, valid);
    if (valid.direction === 'forwards' && (valid.limit === undefined || events.length < valid.limit)) {
      this.#heads.noteReadToEnd(stream, Number(valid.fromRevision ?? 0n), events.length === 0 ? undefined : Number(events[events.length - 1]!.revision));
    }
    return events;
  }

  /**
   * A revision past which `stream` has no event now (-1n: it has none), when this store can
   * vouch for it without a read: it saw the stream's end (its own append, or a read) and
   * the log holds nothing it was not told of since (see stream-heads.ts). undefined otherwise.
   * A caller holding a state folded up to that revision is current.
   */
  knownLastRevision(stream: string): bigint | undefined {
    if (this.#closed) return undefined;
    const bound = this.#heads.lastRevision(stream);
    return bound === undefined ? undefined : BigInt(bound);
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    this.#assertOpen();
    return this.#reads.streamRevision(stream);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    return this.#reads.readAllOf(options);
  }

  /** readAll with data and metadata as the JSON text stored (port.ts): the Merkle log hashes it without a parse. */
  async readAllText(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredEventText[]> {
    this.#assertOpen();
    return this.#reads.readAllTextOf(options);
  }

  /** readAll as the Merkle log integrates it: the leaf hashes the writer stored at append (port.ts). */
  async readAllLeafHashes(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredLeafHash[]> {
    this.#assertOpen();
    return this.#reads.readAllLeafHashesOf(options);
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    return this.#subscribe(options, (from, live) => this.#fromTail(this.#tail.recordedPage(from, live)) ?? this.#fromSqlite(this.#reads.readPage(from)));
  }

  /** subscribeAll as the Merkle log follows the store: stored leaf hashes (port.ts). */
  subscribeAllLeafHashes(options?: SubscribeAllOptions): LeafHashSubscription {
    return this.#subscribe(options, (from, live) => this.#fromTail(this.#tail.leafHashPage(from, live)) ?? this.#fromSqlite(this.#reads.readLeafHashPage(from)));
  }

  /** Subscription pages served from the live tail and read from SQLite so far (tests, benchmarks). */
  liveTailStats(): { pagesFromTail: number; endsFromTail: number; pagesFromSqlite: number; rows: number; bytes: number } {
    const { fromTail, endsFromTail, fromSqlite } = this.#pages;
    return { pagesFromTail: fromTail, endsFromTail, pagesFromSqlite: fromSqlite, rows: this.#tail.size, bytes: this.#tail.bytes };
  }

  #fromTail<T>(page: T[] | undefined): T[] | undefined {
    if (page === undefined) return undefined;
    if (page.length === 0) this.#pages.endsFromTail += 1;
    else this.#pages.fromTail += 1;
    return page;
  }

  #fromSqlite<T>(page: T[]): T[] {
    this.#pages.fromSqlite += 1;
    return page;
  }

  #subscribe<T extends { readonly position: bigint }>(options: SubscribeAllOptions | undefined, readPage: (after: bigint, live: boolean) => T[]) {
    this.#assertOpen();
    return this.#subscriptions.open(options, readPage);
  }

  async headPosition(): Promise<bigint> {
    this.#assertOpen();
    return this.#reads.headPosition();
  }

  /** The database file (a worker opens it read-only: openSqliteStoreReadOnly). */
  get file(): string {
    return this.#file;
  }

  /**
   * Calls `listener` after each group commit that stored an event, with the log's head
   * (or the group's last position) then; returns how to stop. A thread reading this file
   * through openSqliteStoreReadOnly learns of new appends this way (head-notice.ts).
   */
  onCommit(listener: (head: bigint) => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  /** Group commits so far: `appends / groups` is the mean number of callers per transaction. */
  groupCommitStats(): { groups: number; appends: number } {
    return this.#queue.stats();
  }

  /** Ends subscriptions, waits for pending appends to be answered, then closes the files. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#subscriptions.closeAll();
    await this.#queue.drain();
    await this.#executor.close();
    this.#scanDb?.close();
    this.#db.close();
  }

  #signalCommit(head: bigint): void {
    this.#subscriptions.wakeAll();
    for (const listener of this.#commitListeners) listener(head);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('event store is closed');
  }
}

/** The head after a group that stored something: the writer's report, else the group's highest position. */
function headAfter(result: GroupResult): bigint {
  if (result.head !== undefined) return BigInt(result.head);
  let head = 0;
  for (const o of result.outcomes) if (o.ok && o.position > head) head = o.position;
  return BigInt(head);
}

function toResult(outcome: AppendOutcome): AppendResult {
  if (outcome.ok) return { revision: BigInt(outcome.revision), position: BigInt(outcome.position) };
  throw toError(outcome.failure);
}

function toError(failure: AppendFailure): Error {
  switch (failure.kind) {
    case 'wrong_expected_revision':
      return new WrongExpectedRevisionError(failure.stream, failure.expected, failure.actual === null ? undefined : BigInt(failure.actual));
    case 'event_id_conflict':
      return new EventIdConflictError(failure.eventId, failure.reason);
    case 'internal':
      return new EventStoreWriteError(failure.message);
    default:
      return assertNever(failure);
  }
}
