/**
 * Multi-row INSERTs for the merkle-log writer: a batch of a thousand leaves is some three
 * thousand rows, and one statement per row spends more time crossing into SQLite than
 * SQLite spends on the B-tree (bench/integrity-log.bench.ts). Rows go in statements of up
 * to ROWS_PER_STATEMENT rows, each prepared once per row count.
 *
 * Plain INSERT, no ON CONFLICT: the writer only ever adds rows past the tree's end, so a
 * duplicate key means a damaged file, and the constraint error rolls the batch back.
 */
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';

const ROWS_PER_STATEMENT = 128;

export class BulkInsert {
  readonly #db: SqliteDatabase;
  readonly #head: string;
  readonly #placeholders: string;
  readonly #columns: number;
  readonly #statements = new Map<number, ReturnType<SqliteDatabase['prepare']>>();

  /** `orIgnore`: rows whose key is already there are skipped (INSERT OR IGNORE) rather than refused. */
  constructor(db: SqliteDatabase, table: string, columns: readonly string[], options: { orIgnore?: boolean } = {}) {
    this.#db = db;
    this.#head = `INSERT ${options.orIgnore === true ? 'OR IGNORE ' : ''}INTO ${table} (${columns.join(', ')}) VALUES `;
    this.#placeholders = `(${columns.map(() => '?').join(', ')})`;
    this.#columns = columns.length;
  }

  /** Inserts the rows laid out flat in `values` (columns of row 0, then row 1, …). */
  run(values: readonly unknown[]): void {
    const rows = values.length / this.#columns;
    for (let first = 0; first < rows; first += ROWS_PER_STATEMENT) {
      const count = Math.min(ROWS_PER_STATEMENT, rows - first);
      this.#statement(count).run(values.slice(first * this.#columns, (first + count) * this.#columns));
    }
  }

  #statement(rows: number): ReturnType<SqliteDatabase['prepare']> {
    let statement = this.#statements.get(rows);
    if (statement === undefined) {
      statement = this.#db.prepare(this.#head + Array.from({ length: rows }, () => this.#placeholders).join(', '));
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
