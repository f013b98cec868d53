import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface SqliteConnectionOptions {
  /** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Page cache of this connection in KiB. */
  cacheSizeKib?: number;
  /** Forbid writes on this connection (readers beside a writer). */
  queryOnly?: boolean;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/**
 * Per connection, and a connection's cache fills up to it as its file grows past it: a
 * serving process keeps a dozen connections, so 64 MiB each put RSS over the 512 MiB
 * target long before 10 M events (bench/scale.bench.ts). The files' pages stay in the
 * OS's cache anyway; at 4 MiB the scale bench appended and caught up at the same rate per
 * CPU-second as at 64 MiB (150 k events), so the default leaves some room above that.
 */
const DEFAULT_CACHE_SIZE_KIB = 8 * 1024;

/**
 * Opens a file database the way every taizhang SQLite file is opened: WAL, so readers
 * never block the writer; synchronous=FULL, so a commit is on disk before it returns (in
 * WAL mode better-sqlite3 and SQLite default to NORMAL, where a power loss may drop the
 * last commits, which an acknowledged append must survive); a busy timeout, so two
 * processes on one file queue instead of failing.
 */
export function openSqlite(file: string, options: SqliteConnectionOptions = {}): SqliteDatabase {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`${file}: journal_mode is ${String(mode)}, WAL required`);
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = ${-(options.cacheSizeKib ?? DEFAULT_CACHE_SIZE_KIB)}`);
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    if (options.queryOnly === true) db.pragma('query_only = ON');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
