import Database from 'better-sqlite3';
import { DEFAULT_BUSY_TIMEOUT_MS, type SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { validateReadStreamOptions } from '../append-validation.ts';
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
import { ReadQueries } from './read-queries.ts';
import { LogSubscriptions } from './log-subscriptions.ts';

export interface ReadOnlySqliteStoreOptions {
  /** An existing store file, created and migrated by the process's writing store. */
  file: string;
  /**
   * How often a caught-up subscription looks for appends nobody told it of (noteHead). The
   * writing thread's head notices are the fast path; this is the safety net.
   */
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
  /** Page cache in KiB (default 2 MiB: scans read each page once). */
  cacheSizeKib?: number;
}

/** append on a store opened for reading only (a worker thread's view of the log). */
export class ReadOnlyStoreError extends Error {
  readonly code = 'event_store_read_only';
  constructor() {
    super('this event store was opened for reading only: append through the process\'s writing store');
    this.name = 'ReadOnlyStoreError';
  }
}

/**
 * A read-only view of the embedded store's file, for worker threads that follow the log
 * (the read models, the Merkle log) beside the thread that owns the writing store: no
 * writer thread, no migrations, a connection SQLite itself refuses to write on. WAL
 * readers never block the writer, nor it them.
 *
 * It does not see the writer's commits happen: the writing thread tells it with noteHead
 * (see head-notice.ts), which wakes caught-up subscriptions at once; without a notice a
 * subscription still finds new events after pollIntervalMs. Reads, subscriptions and
 * their order are exactly the writing store's (same queries, same PollingSubscription).
 */
export function openSqliteStoreReadOnly(options: ReadOnlySqliteStoreOptions): SqliteReadOnlyStore {
  const db = new Database(options.file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    db.pragma(`cache_size = ${-(options.cacheSizeKib ?? 2 * 1024)}`);
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    if (mode !== 'wal') throw new Error(`${options.file}: journal_mode is ${mode}, WAL required (open it with the writing store first)`);
    return new SqliteReadOnlyStore(db, options.pollIntervalMs ?? 250);
  } catch (e) {
    db.close();
    throw e;
  }
}

export class SqliteReadOnlyStore implements EventStore {
  readonly #db: SqliteDatabase;
  readonly #reads: ReadQueries;
  readonly #subscriptions: LogSubscriptions;
  /** Highest head a notice reported (informative: readers read the file, not this). */
  #noticedHead = 0n;
  #closed = false;

  constructor(db: SqliteDatabase, pollIntervalMs: number) {
    this.#db = db;
    this.#reads = new ReadQueries(db);
    this.#subscriptions = new LogSubscriptions(pollIntervalMs);
  }

  /**
   * The writing store committed a group; the log's head is now `position` (or beyond).
   * Wakes every caught-up subscription to read on. Safe to call with stale or repeated
   * positions: a woken subscription that finds nothing sleeps again.
   */
  noteHead(position: bigint): void {
    if (position > this.#noticedHead) this.#noticedHead = position;
    this.#subscriptions.wakeAll();
  }

  /** The highest head noteHead was told of (0n before any notice). */
  get noticedHead(): bigint {
    return this.#noticedHead;
  }

  append(_stream: string, _events: readonly EventToAppend[], _expected: ExpectedRevision): Promise<AppendResult> {
    return Promise.reject(new ReadOnlyStoreError());
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    return this.#reads.readStream(stream, validateReadStreamOptions(options));
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    this.#assertOpen();
    return this.#reads.streamRevision(stream);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    return this.#reads.readAllOf(options);
  }

  async readAllText(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredEventText[]> {
    this.#assertOpen();
    return this.#reads.readAllTextOf(options);
  }

  async readAllLeafHashes(options?: Omit<ReadAllOptions, 'types'>): Promise<StoredLeafHash[]> {
    this.#assertOpen();
    return this.#reads.readAllLeafHashesOf(options);
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    return this.#subscribe(options, (from) => this.#reads.readPage(from));
  }

  subscribeAllLeafHashes(options?: SubscribeAllOptions): LeafHashSubscription {
    return this.#subscribe(options, (from) => this.#reads.readLeafHashPage(from));
  }

  async headPosition(): Promise<bigint> {
    this.#assertOpen();
    return this.#reads.headPosition();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#subscriptions.closeAll();
    this.#db.close();
  }

  #subscribe<T extends { readonly position: bigint }>(options: SubscribeAllOptions | undefined, readPage: (after: bigint) => T[]) {
    this.#assertOpen();
    return this.#subscriptions.open(options, readPage);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('event store is closed');
  }
}
