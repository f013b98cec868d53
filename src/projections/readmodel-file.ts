import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedEvent } from '../eventstore/port.ts';
import { openSqlite, type SqliteDatabase } from '../shared/sqlite-connection.ts';
import { applyMigrations, MigrationError, readMigrationFiles } from '../shared/sqlite-migrations.ts';
import { asBatchApplier, type ApplyEvent, type ProjectionDefinition } from './definition.ts';
import { ProjectionDefinitionError, ProjectionFailedError } from './errors.ts';
import { fsyncFile } from './files.ts';

export type ReadModelStatus = 'building' | 'live';

/** The runtime's row in every read-model file: where the projection is, and whether the file may be served. */
export interface Checkpoint {
  /** Global position of the last event this file has seen (0n: none). */
  position: bigint;
  /**
   * Events handed to this file since position 0, handled or not; a catch-up that reads
   * only the projection's types (readAll `types`) never sees, nor counts, the others.
   */
  eventsSeen: bigint;
  /** `building` until the file first caught up with the log; only `live` files are served. */
  status: ReadModelStatus;
}

const RUNTIME_TABLE = `CREATE TABLE IF NOT EXISTS _tz_checkpoint (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  projection TEXT NOT NULL,
  version INTEGER NOT NULL,
  position INTEGER NOT NULL,
  events_seen INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('building', 'live'))
) STRICT`;

/**
 * Every read model has a writer (and, once served, a reader) in the one process, so these
 * are multiplied by the number of read models (11). The writer's was 16 MiB: a rebuild of
 * payment-trace over 1 M events ran at the same rate per CPU-second with 4 MiB (44.1k vs
 * 43.6k events/s, load ~18), the pages it misses being in the OS's cache, while 11 full
 * writer caches were ~130 MiB more RSS for a server catching up on a large log.
 */
const WRITER_CACHE_KIB = 4 * 1024;
/**
 * WAL pages a read model's writer lets gather before its commit checkpoints them into the
 * file (SQLite's default is 1000). In WAL mode with synchronous=NORMAL a checkpoint is the
 * only place the writer fsyncs (the WAL, then the file) and it runs inside the commit that
 * crosses the threshold, on the thread applying the batch: the server's main thread. Live
 * batches write the same hot pages again and again (the checkpoint row, the right edges of
 * the indexes; ~3-25 pages per batch of 40 events, bench/readmodels-live.ts BENCH_FRAMES=1),
 * so a checkpoint every 10 000 pages copies each of them once where ten checkpoints copied
 * it ten times, and waits for the disk a tenth as often. Measured on the 11 read models,
 * 24 000 live events in batches of 40 (load ~7): the same CPU (76-80 µs per event), wall
 * 150 and 155 µs per event against 193 and 215 at the default. The WAL file is then up to
 * ~40 MiB per read model; WAL_SIZE_LIMIT_BYTES truncates it back after each checkpoint.
 */
const WRITER_WAL_AUTOCHECKPOINT_PAGES = 10_000;
const WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024;
const READER_CACHE_KIB = 8 * 1024;

/**
 * One read-model file and its write connection. Each batch of events is applied in one
 * transaction that also moves the checkpoint, so after any crash the file holds exactly
 * the effects of the events up to its checkpoint: the runner resumes after it and every
 * event takes effect once.
 *
 * synchronous=NORMAL, not the store's FULL: in WAL mode a power loss may then undo the
 * last commits, but whole (rows and checkpoint together), and the events they came from
 * are durable in the store, so the runner just applies them again.
 */
export class ReadModelFile {
  readonly #db: SqliteDatabase;
  readonly #apply: ApplyEvent;
  readonly #flush: () => void;
  /** Set when a batch failed: a batch applier may hold half a batch in memory, so this object is done. */
  #failed = false;
  /** Set by buildUnserved: written without journal on disk or fsync until markLive. */
  #unserved = false;
  readonly #handles: (type: string) => boolean;
  readonly #sql;
  /**
   * The checkpoint move of live batches none of whose events this read model handles, not
   * yet written (see applyBatch): written with the next batch that writes rows, once it
   * covers DEFERRED_EVENTS_MAX events, and at close.
   */
  #deferred: DeferredMove | undefined;
  /** The file's checkpoint position as this object last committed it (undefined before its first commit). */
  #written: bigint | undefined;

  private constructor(
    readonly definition: ProjectionDefinition,
    readonly file: string,
    db: SqliteDatabase,
  ) {
    this.#db = db;
    this.#sql = {
      get: db.prepare('SELECT position, events_seen, status FROM _tz_checkpoint WHERE singleton = 1').safeIntegers(true),
      advance: db.prepare('UPDATE _tz_checkpoint SET position = ?, events_seen = events_seen + ? WHERE singleton = 1'),
      live: db.prepare("UPDATE _tz_checkpoint SET status = 'live' WHERE singleton = 1"),
    };
    const prepared = asBatchApplier(definition.prepare(db));
    this.#apply = prepared.apply;
    this.#flush = prepared.flush;
    const types = definition.eventTypes === '*' ? undefined : new Set(definition.eventTypes);
    this.#handles = types === undefined ? () => true : (type) => types.has(type);
  }

  /** Opens (creating and migrating when needed) the file of `definition`'s current version. */
  static open(definition: ProjectionDefinition, file: string): ReadModelFile {
    const db = openSqlite(file, { cacheSizeKib: WRITER_CACHE_KIB });
    try {
      db.pragma('synchronous = NORMAL');
      db.pragma(`wal_autocheckpoint = ${WRITER_WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      initialise(db, definition, file);
      return new ReadModelFile(definition, file, db);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** The checkpoint, including a move not yet written (applyBatch). */
  checkpoint(): Checkpoint {
    const row = this.#sql.get.get() as { position: bigint; events_seen: bigint; status: ReadModelStatus };
    const deferred = this.#deferred;
    if (deferred === undefined) return { position: row.position, eventsSeen: row.events_seen, status: row.status };
    return { position: deferred.through, eventsSeen: row.events_seen + BigInt(deferred.count), status: row.status };
  }

  /**
   * Applies `events` (ascending positions, all after the checkpoint) in one transaction
   * with the checkpoint. `expected` is the checkpoint the caller last saw: a different one
   * means another writer got in, and nothing is applied.
   */
  applyBatch(events: readonly RecordedEvent[], expected: bigint): bigint {
    const last = events.at(-1);
    if (last === undefined) return expected;
    this.#assertUsable();
    if (this.#deferWhenNoneHandled(events, expected)) return last.position;
    const batch = this.#db.transaction(() => {
      const progress = this.#startBatch(expected);
      this.#applyEvents(events, progress);
      this.#finishBatch(progress, last.position);
    });
    try {
      batch.immediate();
    } catch (error) {
      this.#failed = true;
      throw error;
    }
    this.#committed(last.position);
    return last.position;
  }

  /**
   * Opens a batch that is filled page by page (the catch-up's, so that no page of events
   * outlives its application) and committed once, with the checkpoint, as applyBatch
   * does. Until it is committed or aborted nothing else may use this file.
   */
  beginBatch(expected: bigint): OpenBatch {
    this.#assertUsable();
    this.#db.exec('BEGIN IMMEDIATE');
    let progress: BatchProgress;
    try {
      progress = this.#startBatch(expected);
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    // A batch applier may hold half a batch in memory: after a rollback this object is done.
    const rollBack = (): void => {
      this.#failed = true;
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    };
    const fail = (error: unknown): never => {
      rollBack();
      throw error;
    };
    return {
      apply: (events) => {
        try {
          this.#applyEvents(events, progress);
        } catch (error) {
          fail(error);
        }
        return progress.previous;
      },
      commit: (through) => {
        try {
          if (through < progress.previous) throw new Error(`${this.file}: checkpoint ${through} is before the last event applied, ${progress.previous}`);
          if (progress.count === 0 && through === progress.previous) {
            // Nothing read and nothing to move: no write, no WAL frame.
            this.#db.exec('ROLLBACK');
            return through;
          }
          this.#finishBatch(progress, through);
          this.#db.exec('COMMIT');
        } catch (error) {
          fail(error);
        }
        this.#committed(through);
        return through;
      },
      abort: rollBack,
    };
  }

  /**
   * A live batch of events this read model handles none of changes no row: only the
   * checkpoint would move, and a transaction of its own (BEGIN, the checkpoint row, COMMIT
   * and its WAL frame) was ~28 µs of the main thread per read model and batch, measured
   * (bench/readmodels-live.ts), paid by every read model the command mix does not touch.
   * The move is kept in memory instead and written with the next batch that writes rows.
   * A crash loses only the move: the events between are not this model's, so the file
   * still holds exactly the effects of the events up to its (earlier) checkpoint, and the
   * catch-up after the restart reads only this model's types past it.
   */
  #deferWhenNoneHandled(events: readonly RecordedEvent[], expected: bigint): boolean {
    let previous = this.#deferred?.through ?? this.#written;
    // Nothing committed yet, or not what the caller saw: the transaction checks the file.
    if (previous === undefined || previous !== expected) return false;
    for (const event of events) {
      if (event.position <= previous || this.#handles(event.type)) return false;
      previous = event.position;
    }
    const count = (this.#deferred?.count ?? 0) + events.length;
    if (count >= DEFERRED_EVENTS_MAX) return false;
    this.#deferred = { through: previous, count };
    return true;
  }

  /** A batch committed through `position`, with any deferred move. */
  #committed(position: bigint): void {
    this.#deferred = undefined;
    this.#written = position;
  }

  #assertUsable(): void {
    if (this.#failed) throw new Error(`${this.file}: a batch failed; reopen the read model before applying more`);
  }

  #startBatch(expected: bigint): BatchProgress {
    const written = (this.#sql.get.get() as { position: bigint }).position;
    const deferred = this.#deferred;
    if (deferred !== undefined && written !== this.#written) throw new Error(`${this.file}: checkpoint is ${written}, this object wrote ${this.#written}: another writer?`);
    const at = deferred?.through ?? written;
    if (at !== expected) throw new Error(`${this.file}: checkpoint is ${at}, expected ${expected}: another writer?`);
    return { previous: expected, count: deferred?.count ?? 0, lastApplied: undefined };
  }

  #applyEvents(events: readonly RecordedEvent[], progress: BatchProgress): void {
    let previous = progress.previous;
    for (const event of events) {
      if (event.position <= previous) throw new Error(`event at position ${event.position} after ${previous}: out of order`);
      previous = event.position;
      if (this.#handles(event.type)) {
        this.#applyOne(event);
        progress.lastApplied = event;
      }
    }
    progress.previous = previous;
    progress.count += events.length;
  }

  /** Flushes what a batch applier gathered, then moves the checkpoint to `through`. */
  #finishBatch(progress: BatchProgress, through: bigint): void {
    if (progress.lastApplied !== undefined) this.#flushBatch(progress.lastApplied);
    this.#sql.advance.run(through, progress.count);
  }

  /**
   * Hands the writer's page cache back: called once a catch-up is done, after which a
   * live batch touches a few pages (read in again on demand).
   */
  releaseCache(): void {
    this.#db.pragma('shrink_memory');
  }

  markLive(): void {
    this.#createDeferredIndexes();
    // An unsynced build is made durable before it says `live`: a power loss must never
    // leave a file marked live whose other pages did not reach the disk.
    if (this.#unserved) fsyncFile(this.file);
    this.#sql.live.run();
  }

  /** A query-only connection for readers (WAL: readers never wait for the batch writer). */
  openReader(): SqliteDatabase {
    return openReader(this.file);
  }

  /**
   * For a file nobody reads until it is complete and renamed in (`taizhang rebuild`, whose
   * interrupted builds are discarded, never resumed): a rollback journal in memory (a failed
   * batch still rolls back whole) and no fsync while it is built. In WAL mode every page was
   * written twice and each checkpoint waited for the disk: a quarter of the rebuild's wall
   * time on a disk, none on tmpfs. closeForRename syncs the finished file once.
   */
  buildUnserved(): void {
    this.#unserved = true;
    this.#db.pragma('journal_mode = MEMORY');
    this.#db.pragma('synchronous = OFF');
    this.deferIndexes();
  }

  /**
   * Drops the definition's deferredIndexes from a file that is not served yet (status
   * `building`): apply never reads through them and nobody queries the file, so each would
   * only cost a B-tree insert per row written, scattered over its pages; markLive creates
   * them with one sort per index. Their SQL is kept in `_tz_deferred_index`, in the same
   * transaction as the drop, so a build resumed after a crash still ends with them. Called by
   * buildUnserved, and by the runner for a file it builds before serving it.
   */
  deferIndexes(): void {
    const names = this.definition.deferredIndexes ?? [];
    if (names.length === 0 || this.checkpoint().status !== 'building') return;
    this.#assertUsable();
    this.#db.transaction(() => {
      this.#db.exec(DEFERRED_INDEX_TABLE);
      const sqlOf = this.#db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ? AND sql IS NOT NULL").pluck();
      const kept = this.#db.prepare('SELECT 1 FROM _tz_deferred_index WHERE name = ?').pluck();
      const keep = this.#db.prepare('INSERT INTO _tz_deferred_index (name, sql) VALUES (?, ?)');
      for (const name of names) {
        const sql = sqlOf.get(name) as string | undefined;
        if (sql === undefined) {
          if (kept.get(name) === 1) continue;
          throw new ProjectionDefinitionError(this.definition.name, 'deferredIndexes', `${this.file} has no index ${name} made by CREATE INDEX`);
        }
        keep.run(name, sql);
        this.#db.exec(`DROP INDEX "${name}"`);
      }
    }).immediate();
  }

  /** Creates what deferIndexes dropped, from its own SQL: the schema ends as the migrations made it. */
  #createDeferredIndexes(): void {
    const hasTable = this.#db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_tz_deferred_index'").get() !== undefined;
    if (!hasTable) return;
    this.#assertUsable();
    this.#db.transaction(() => {
      const deferred = this.#db.prepare('SELECT name, sql FROM _tz_deferred_index ORDER BY name').all() as { name: string; sql: string }[];
      for (const { sql } of deferred) this.#db.exec(sql);
      this.#db.exec('DROP TABLE _tz_deferred_index');
    }).immediate();
  }

  /** Leaves a single self-contained file (WAL folded in) on disk, synced, ready to be renamed. */
  closeForRename(): void {
    this.#writeDeferred();
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.pragma('journal_mode = DELETE');
    this.#db.close();
    fsyncFile(this.file);
  }

  close(): void {
    if (!this.#db.open) return;
    try {
      this.#writeDeferred();
    } finally {
      this.#db.close();
    }
  }

  /** Writes a deferred checkpoint move (applyBatch) in a transaction of its own. */
  #writeDeferred(): void {
    const deferred = this.#deferred;
    if (deferred === undefined || this.#failed) return;
    this.#db.transaction(() => this.#finishBatch(this.#startBatch(deferred.through), deferred.through)).immediate();
    this.#committed(deferred.through);
  }

  #flushBatch(last: RecordedEvent): void {
    try {
      this.#flush();
    } catch (cause) {
      throw new ProjectionFailedError(this.definition.name, this.definition.version, { position: last.position, type: last.type, id: last.id }, cause);
    }
  }

  #applyOne(event: RecordedEvent): void {
    try {
      this.#apply(event);
    } catch (cause) {
      const { position, type, id } = event;
      throw new ProjectionFailedError(this.definition.name, this.definition.version, { position, type, id }, cause);
    }
  }
}

/** A batch being filled: see ReadModelFile.beginBatch. */
export interface OpenBatch {
  /** Applies a page (ascending positions, after the previous page); returns the last position seen. */
  apply(events: readonly RecordedEvent[]): bigint;
  /** Moves the checkpoint to `through` (at or after the last event applied) and commits; returns it. */
  commit(through: bigint): bigint;
  /** Rolls the batch back; the file object is then done, as after a failed batch. */
  abort(): void;
}

/** A checkpoint move not written yet (ReadModelFile.applyBatch): from the position last written to `through`, over `count` events. */
interface DeferredMove {
  through: bigint;
  count: number;
}

/**
 * Live events per read model whose checkpoint move may wait in memory at most: a restart
 * after a crash reads at most these again (of its own types only: none of them).
 */
export const DEFERRED_EVENTS_MAX = 10_000;

interface BatchProgress {
  /** Position of the last event seen in this batch (the checkpoint when none). */
  previous: bigint;
  /** Events seen in this batch, handled or not, and in the deferred move it writes. */
  count: number;
  /** The last event applied, named when the applier's flush fails. */
  lastApplied: RecordedEvent | undefined;
}

/** Runtime table, migrations and digest coverage; refuses a file made for another projection or version. */
function initialise(db: SqliteDatabase, definition: ProjectionDefinition, file: string): void {
  const { name, version } = definition;
  db.exec(RUNTIME_TABLE);
  db.prepare(
    "INSERT INTO _tz_checkpoint (singleton, projection, version, position, events_seen, status) VALUES (1, ?, ?, 0, 0, 'building') ON CONFLICT DO NOTHING",
  ).run(name, version);
  const owner = db.prepare('SELECT projection, version FROM _tz_checkpoint').get() as { projection: string; version: number };
  if (owner.projection !== name || owner.version !== version) {
    throw new ProjectionDefinitionError(name, 'file', `${file} holds ${owner.projection} v${owner.version}, not v${version}`);
  }
  try {
    applyMigrations(db, definition.migrationsDir);
  } catch (e) {
    if (!(e instanceof MigrationError)) throw e;
    throw new ProjectionDefinitionError(name, 'migrationsDir', `${e.message}; a changed schema needs a new version (now ${version})`);
  }
  applyIncludes(db, definition, file);
  checkDigestCoverage(db, definition);
}

/** The SQL of indexes dropped while a file is built (ReadModelFile.deferIndexes); gone once it is live. */
const DEFERRED_INDEX_TABLE = `CREATE TABLE IF NOT EXISTS _tz_deferred_index (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT`;

const INCLUDE_TABLE = `CREATE TABLE IF NOT EXISTS _tz_include (
  name TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL
) STRICT`;

interface IncludeFile {
  name: string;
  sql: string;
  sha256: string;
}

function readIncludes(definition: ProjectionDefinition): IncludeFile[] {
  return (definition.includes ?? []).map((file) => {
    const sql = fs.readFileSync(file, 'utf8');
    return { name: path.basename(file), sql, sha256: createHash('sha256').update(sql, 'utf8').digest('hex') };
  });
}

/** Runs each shared schema file once, recorded with its hash; refuses a file changed since (as for migrations). */
function applyIncludes(db: SqliteDatabase, definition: ProjectionDefinition, file: string): void {
  const includes = readIncludes(definition);
  db.exec(INCLUDE_TABLE);
  const recorded = db.prepare('SELECT sha256 FROM _tz_include WHERE name = ?').pluck();
  const record = db.prepare('INSERT INTO _tz_include (name, sha256) VALUES (?, ?)');
  for (const include of includes) {
    db.transaction(() => {
      const sha256 = recorded.get(include.name) as string | undefined;
      if (sha256 === include.sha256) return;
      if (sha256 !== undefined) {
        throw new ProjectionDefinitionError(definition.name, 'includes', `${include.name} changed after ${file} was made; a changed schema needs a new version (now ${definition.version})`);
      }
      db.exec(include.sql);
      record.run(include.name, include.sha256);
    }).immediate();
  }
  const listed = new Set(includes.map((i) => i.name));
  const stale = (db.prepare('SELECT name FROM _tz_include').pluck().all() as string[]).filter((n) => !listed.has(n));
  if (stale.length > 0) throw new ProjectionDefinitionError(definition.name, 'includes', `${file} includes ${stale.join(', ')}, no longer listed; bump the version`);
}

/** Every table the migrations made must be in the digest, with key columns that exist. */
function checkDigestCoverage(db: SqliteDatabase, definition: ProjectionDefinition): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_tz\\_%' ESCAPE '\\' AND name <> 'schema_migrations'")
    .pluck()
    .all() as string[];
  const listed = new Map(definition.digest.map((d) => [d.table, d.key]));
  for (const table of tables) {
    if (!listed.has(table)) throw new ProjectionDefinitionError(definition.name, 'digest', `table ${table} is not in the digest`);
  }
  for (const [table, key] of listed) {
    const columns = new Set(tableColumns(db, table));
    if (columns.size === 0) throw new ProjectionDefinitionError(definition.name, 'digest', `table ${table} does not exist`);
    for (const column of key) {
      if (!columns.has(column)) throw new ProjectionDefinitionError(definition.name, `digest.${table}.key`, `no column ${column}`);
    }
  }
}

/** A query-only connection on an existing read-model file. */
export function openReader(file: string): SqliteDatabase {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  return openSqlite(file, { cacheSizeKib: READER_CACHE_KIB, queryOnly: true });
}

/** Column names of a table in schema order. */
export function tableColumns(db: SqliteDatabase, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]);
}

/** Whether the migrations and includes recorded in the file are exactly the definition's (same names, same bytes). */
export function sameSchema(db: SqliteDatabase, definition: ProjectionDefinition): boolean {
  const same = (applied: { name: string; sha256: string }[], files: { name: string; sha256: string }[]) =>
    applied.length === files.length && applied.every((a, i) => a.name === files[i]?.name && a.sha256 === files[i]?.sha256);
  const migrations = db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as { name: string; sha256: string }[];
  if (!same(migrations, readMigrationFiles(definition.migrationsDir))) return false;
  // Files made before includes existed have no _tz_include table: the same schema only when nothing is included.
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_tz_include'").get() !== undefined;
  const included = hasTable ? (db.prepare('SELECT name, sha256 FROM _tz_include ORDER BY name').all() as { name: string; sha256: string }[]) : [];
  const wanted = readIncludes(definition).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return same(included, wanted);
}

/** The checkpoint of an existing file, read without migrating or writing anything. */
export function peekCheckpoint(file: string): (Checkpoint & { version: number }) | undefined {
  if (!fs.existsSync(file)) return undefined;
  // Read-only: peeking must not switch a renamed-in (rollback journal) file to WAL.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT version, position, events_seen, status FROM _tz_checkpoint WHERE singleton = 1')
      .safeIntegers(true)
      .get() as { version: bigint; position: bigint; events_seen: bigint; status: ReadModelStatus } | undefined;
    return row === undefined ? undefined : { version: Number(row.version), position: row.position, eventsSeen: row.events_seen, status: row.status };
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
