import type { SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { validateReadAllOptions } from '../append-validation.ts';
import type { Direction, ReadAllOptions, RecordedEvent, StoredEventText, StoredLeafHash } from '../port.ts';

const COLUMNS = 'position, stream, revision, id, type, schema_version, recorded_at, data, metadata';
type Row = [position: number, stream: string, revision: number, id: string, type: string, schemaVersion: number, recordedAt: string, data: string, metadata: string];

// System streams and types never leave through readAll/subscribeAll. GLOB, unlike LIKE, is
// case-sensitive and has no escape rules for `$`.
const USER_EVENTS = "stream NOT GLOB '$*' AND type NOT GLOB '$*'";

/** A subscription page: at most this many events; stops reading once it holds this many bytes of JSON. */
export const PAGE_ROWS_MAX = 1024;
export const PAGE_BYTES_MAX = 8 * 1024 * 1024;
const PAGE_CHUNK_ROWS = 32;
const LEAF_HASH_CHUNK_ROWS = 128;

const NO_LIMIT = -1;

/**
 * The read side: prepared once, run on the store's read connections (WAL snapshots, never
 * blocked by the writer). Reads of the log in position order (readAll, subscription pages)
 * may run on their own connection, `scanDb`: a scan touches each page once, so its pages
 * would only push the stream index's pages, which commands read again and again, out of
 * the other connection's cache.
 */
export class ReadQueries {
  readonly #sql;

  constructor(db: SqliteDatabase, scanDb: SqliteDatabase = db) {
    this.#sql = {
      all: scanDb.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? AND ${USER_EVENTS} ORDER BY position LIMIT ?`).raw(true),
      // A scan of the rowid range that tests each row's type against the list (a JSON array,
      // read into an ephemeral index once per query) before any column reaches JavaScript:
      // a row of another type costs SQLite a header decode, not two strings and two parses.
      // No (type, position) index: it would cost every append, and a projection's types
      // are spread over the whole log, so a merge of per-type ranges would read as much.
      // SQLite skips to the hash in the row's header and hands JavaScript one short string
      // for it (a BLOB would cost a Buffer per row, more than the row's read).
      leafHashes: scanDb.prepare(`SELECT position, id, stream, type, hex(leaf_hash) FROM events WHERE position > ? AND ${USER_EVENTS} ORDER BY position LIMIT ?`).raw(true),
      // Rows stored without a hash (older stores), read again whole: a range of the rowid.
      textBetween: scanDb.prepare(`SELECT ${COLUMNS} FROM events WHERE position BETWEEN ? AND ? AND ${USER_EVENTS} ORDER BY position`).raw(true),
      ofTypes: scanDb
        .prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? AND type IN (SELECT value FROM json_each(?)) AND ${USER_EVENTS} ORDER BY position LIMIT ?`)
        .raw(true),
      forwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(true),
      backwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`).raw(true),
      streamRevision: db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
      head: db.prepare(`SELECT position FROM events WHERE ${USER_EVENTS} ORDER BY position DESC LIMIT 1`).pluck(),
    };
  }

  /**
   * The port's readAll, readAllText and readAllLeafHashes as both SQLite stores (the writing
   * one and the read-only view) answer them: the caller's options validated (a typed error
   * naming the bad one), then read.
   */
  readAllOf(options: ReadAllOptions | undefined): RecordedEvent[] {
    const { after, limit, types } = validateReadAllOptions(options);
    return this.readAll(after, limit, types);
  }

  readAllTextOf(options: Omit<ReadAllOptions, 'types'> | undefined): StoredEventText[] {
    const { after, limit } = validateReadAllOptions(options);
    return this.readAllText(after, limit);
  }

  readAllLeafHashesOf(options: Omit<ReadAllOptions, 'types'> | undefined): StoredLeafHash[] {
    const { after, limit } = validateReadAllOptions(options);
    return this.readAllLeafHashes(after, limit);
  }

  readAll(after: bigint, limit: number | undefined, types?: readonly string[]): RecordedEvent[] {
    const rows = types === undefined ? this.#sql.all.all(clamp(after), limit ?? NO_LIMIT) : this.#sql.ofTypes.all(clamp(after), JSON.stringify(types), limit ?? NO_LIMIT);
    return (rows as Row[]).map(toRecorded);
  }

  /** readAll without types, data and metadata left as their stored text (EventStore.readAllText). */
  readAllText(after: bigint, limit: number | undefined): StoredEventText[] {
    return (this.#sql.all.all(clamp(after), limit ?? NO_LIMIT) as Row[]).map(toStoredText);
  }

  /** readAll without types as the Merkle log reads it: stored leaf hashes, text only where there is none (EventStore.readAllLeafHashes). */
  readAllLeafHashes(after: bigint, limit: number | undefined): StoredLeafHash[] {
    const rows = this.#sql.leafHashes.all(clamp(after), limit ?? NO_LIMIT) as LeafHashRow[];
    const out: StoredLeafHash[] = new Array(rows.length);
    let unhashed: Map<number, StoredEventText> | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // hex(NULL) is '': a row without a hash; the column's CHECK makes any other 64 digits.
      if (row[4].length === 64) {
        out[i] = { position: BigInt(row[0]), id: row[1], stream: row[2], type: row[3], leafHash: Buffer.from(row[4], 'hex') };
        continue;
      }
      unhashed ??= this.#textOfRange(row[0], rows[rows.length - 1]![0]);
      const text = unhashed.get(row[0]);
      // Rows are never updated or deleted, so the second read holds every row of the first.
      if (text === undefined) throw new Error(`event store: the row at position ${row[0]} vanished between two reads`);
      out[i] = { position: text.position, id: text.id, stream: text.stream, type: text.type, text };
    }
    return out;
  }

  /**
   * A subscription page of readAllLeafHashes: at most PAGE_ROWS_MAX rows, read in chunks so
   * that rows stored without a hash (which come with their text) stop it at PAGE_BYTES_MAX.
   */
  readLeafHashPage(after: bigint): StoredLeafHash[] {
    const page: StoredLeafHash[] = [];
    let bytes = 0;
    let from = after;
    while (page.length < PAGE_ROWS_MAX && bytes < PAGE_BYTES_MAX) {
      const rows = this.readAllLeafHashes(from, LEAF_HASH_CHUNK_ROWS);
      for (const row of rows) {
        page.push(row);
        if (row.text !== undefined) bytes += row.text.dataJson.length + row.text.metadataJson.length;
      }
      if (rows.length < LEAF_HASH_CHUNK_ROWS) break;
      from = rows[rows.length - 1]!.position;
    }
    return page;
  }

  #textOfRange(first: number, last: number): Map<number, StoredEventText> {
    const byPosition = new Map<number, StoredEventText>();
    for (const row of this.#sql.textBetween.all(first, last) as Row[]) byPosition.set(row[0], toStoredText(row));
    return byPosition;
  }

  /**
   * Like readAll with a bound in rows and in bytes; at least one event when there is one.
   * Read in chunks of PAGE_CHUNK_ROWS with all(), which costs far less per row than
   * iterate(); a page therefore holds at most PAGE_BYTES_MAX plus one chunk of events.
   */
  readPage(after: bigint): RecordedEvent[] {
    const page: RecordedEvent[] = [];
    let bytes = 0;
    let from = clamp(after);
    while (page.length < PAGE_ROWS_MAX && bytes < PAGE_BYTES_MAX) {
      const rows = this.#sql.all.all(from, PAGE_CHUNK_ROWS) as Row[];
      for (const row of rows) {
        page.push(toRecorded(row));
        bytes += row[7].length + row[8].length;
      }
      if (rows.length < PAGE_CHUNK_ROWS) break;
      from = rows[rows.length - 1]![0];
    }
    return page;
  }

  readStream(stream: string, options: { direction: Direction; fromRevision?: bigint; limit?: number }): RecordedEvent[] {
    const limit = options.limit ?? NO_LIMIT;
    const rows =
      options.direction === 'forwards'
        ? this.#sql.forwards.all(stream, clamp(options.fromRevision ?? 0n), limit)
        : this.#sql.backwards.all(stream, clamp(options.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER)), limit);
    return (rows as Row[]).map(toRecorded);
  }

  streamRevision(stream: string): bigint | undefined {
    const revision = this.#sql.streamRevision.get(stream) as number | null;
    return revision === null ? undefined : BigInt(revision);
  }

  headPosition(): bigint {
    const position = this.#sql.head.get() as number | undefined;
    return BigInt(position ?? 0);
  }
}

/** Positions and revisions are stored as SQLite integers; anything beyond 2^53 is beyond every row. */
function clamp(n: bigint): number {
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

function toStoredText(row: Row): StoredEventText {
  return {
    id: row[3],
    stream: row[1],
    revision: BigInt(row[2]),
    position: BigInt(row[0]),
    type: row[4],
    schemaVersion: row[5],
    dataJson: row[7],
    metadataJson: row[8],
    recordedAt: row[6],
  };
}

type LeafHashRow = [position: number, id: string, stream: string, type: string, leafHashHex: string];

function toRecorded(row: Row): RecordedEvent {
  return recordedOfText(toStoredText(row));
}

/** The event a stored row's text stands for: its data and metadata parsed (here and from the live tail, committed-tail.ts). */
export function recordedOfText(text: StoredEventText): RecordedEvent {
  return {
    id: text.id,
    stream: text.stream,
    revision: text.revision,
    position: text.position,
    type: text.type,
    schemaVersion: text.schemaVersion,
    data: JSON.parse(text.dataJson) as unknown,
    metadata: JSON.parse(text.metadataJson) as RecordedEvent['metadata'],
    recordedAt: text.recordedAt,
  };
}
