import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical-json.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import type { DigestTable } from './definition.ts';
import { tableColumns } from './readmodel-file.ts';

/**
 * The digest of a read model: SHA-256 over a canonical text of its rows, so two replays
 * of the same events, anywhere, can be compared — and, line by line, diffed.
 *
 * The text (UTF-8), for each table in the order the definition lists them:
 *   1. a header line: the RFC 8785 (JCS) form of {"table": NAME, "columns": [COLUMN…]}
 *      with every column of the table in schema order (PRAGMA table_info cid order);
 *   2. one line per row, rows ordered by the table's declared key columns, ascending,
 *      each compared with COLLATE BINARY (SQLite's type order, then numeric order for
 *      numbers and byte order of UTF-8 for text): the JCS form of the array of the row's
 *      values in column order, where
 *        NULL → null;  INTEGER → a JSON number (|n| ≤ 2^53 − 1, else the digest fails);
 *        REAL → a JSON number in JCS's ECMAScript form (non-finite: the digest fails);
 *        TEXT → a JSON string;  BLOB → {"blob": lowercase hex}.
 * Every line ends with "\n" (0x0A). Headers are objects and rows arrays, so a line can
 * never be mistaken for the other. Two rows with equal keys make the digest fail: the
 * order of their lines would be arbitrary.
 *
 * `sha256` is over the whole text; each table's `sha256` is over its own header and rows.
 * The checkpoint position is reported beside the digest, not inside it: the same rows
 * give the same digest, and a replay is compared at the position the digest names.
 */
export interface TableDigest {
  table: string;
  rows: number;
  sha256: string;
}

export interface ReadModelDigest {
  sha256: string;
  tables: TableDigest[];
}

export class DigestError extends Error {
  readonly code = 'digest';
  constructor(
    readonly table: string,
    message: string,
  ) {
    super(`digest of table ${table}: ${message}`);
    this.name = 'DigestError';
  }
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Digests `tables` of `db` inside one read transaction (a consistent snapshot). `onLine` sees each line, for --rows. */
export function digestTables(db: SqliteDatabase, tables: readonly DigestTable[], onLine?: (line: string) => void): ReadModelDigest {
  return db.transaction(() => {
    const whole = createHash('sha256');
    const digests = tables.map((t) => digestTable(db, t, whole, onLine));
    return { sha256: whole.digest('hex'), tables: digests };
  })();
}

function digestTable(db: SqliteDatabase, { table, key }: DigestTable, whole: Hash, onLine?: (line: string) => void): TableDigest {
  const columns = tableColumns(db, table);
  if (columns.length === 0) throw new DigestError(table, 'no such table');
  const keyIndexes = key.map((k) => {
    const i = columns.indexOf(k);
    if (i < 0) throw new DigestError(table, `key column ${k} does not exist`);
    return i;
  });
  const own = createHash('sha256');
  const emit = (line: string) => {
    const text = `${line}\n`;
    own.update(text, 'utf8');
    whole.update(text, 'utf8');
    onLine?.(line);
  };
  emit(canonicalJson({ table, columns }));
  const orderBy = key.map((k) => `${quoteIdentifier(k)} COLLATE BINARY`).join(', ');
  const rows = db.prepare(`SELECT * FROM ${quoteIdentifier(table)} ORDER BY ${orderBy}`).raw(true).safeIntegers(true);
  let count = 0;
  let previousKey: string | undefined;
  for (const row of rows.iterate() as IterableIterator<unknown[]>) {
    const values = row.map((v, i) => encodeValue(v, table, columns[i]!));
    const rowKey = JSON.stringify(keyIndexes.map((i) => values[i]));
    if (rowKey === previousKey) throw new DigestError(table, `two rows have the key ${rowKey}: the key must be unique`);
    previousKey = rowKey;
    emit(canonicalJson(values));
    count += 1;
  }
  return { table, rows: count, sha256: own.digest('hex') };
}

type Encoded = null | number | string | { blob: string };

function encodeValue(value: unknown, table: string, column: string): Encoded {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'bigint') {
    if (value > SAFE_MAX || value < -SAFE_MAX) throw new DigestError(table, `${column} holds ${value}, beyond ±(2^53 − 1)`);
    return Number(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DigestError(table, `${column} holds ${value}, which has no JSON form`);
    return value;
  }
  if (Buffer.isBuffer(value)) return { blob: value.toString('hex') };
  throw new DigestError(table, `${column} holds an unexpected ${typeof value}`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
