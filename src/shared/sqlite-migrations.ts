import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SqliteDatabase } from './sqlite-connection.ts';

/**
 * Ordered SQL migrations: files `NNNN_name.sql` in one folder, applied in name order, each
 * in its own transaction together with its row in `schema_migrations` (name + SHA-256 of
 * the file), so a crash leaves every migration either applied and recorded or neither.
 *
 * A database is refused (MigrationError) when an applied migration's file changed or
 * disappeared, or when a new file sorts before one already applied: the schema a database
 * has must be exactly the one its files describe.
 */
export class MigrationError extends Error {
  readonly code = 'migration';
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(`migration ${migration}: ${message}`);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  sql: string;
  sha256: string;
}

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
const MIGRATIONS_MAX = 9999;

/** The migration files of a folder, ordered; refuses misnamed or duplicate-numbered .sql files. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  if (names.length > MIGRATIONS_MAX) throw new MigrationError(dir, `more than ${MIGRATIONS_MAX} files`);
  const seen = new Map<string, string>();
  return names.map((name) => {
    const m = FILE_NAME.exec(name);
    if (m === null) throw new MigrationError(name, 'file name must be NNNN_lower_snake_name.sql');
    const number = m[1]!;
    const other = seen.get(number);
    if (other !== undefined) throw new MigrationError(name, `number ${number} is also used by ${other}`);
    seen.set(number, name);
    const sql = fs.readFileSync(path.join(dir, name), 'utf8');
    return { name, sql, sha256: createHash('sha256').update(sql, 'utf8').digest('hex') };
  });
}

/**
 * Applies the pending migrations of `dir` and returns their names. Safe when several
 * processes start at once: the check and each migration run under BEGIN IMMEDIATE, so
 * the second process waits (busy_timeout) and then finds the work done.
 */
export function applyMigrations(db: SqliteDatabase, dir: string): string[] {
  const files = readMigrationFiles(dir);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied: string[] = [];
  for (const file of files) {
    const didApply = db.transaction(() => {
      const recorded = checkRecorded(db, files);
      if (recorded.has(file.name)) return false;
      const last = [...recorded.keys()].sort().at(-1);
      if (last !== undefined && file.name < last) {
        throw new MigrationError(file.name, `is new but sorts before ${last}, which is already applied`);
      }
      db.exec(file.sql);
      db.prepare('INSERT INTO schema_migrations (name, sha256, applied_at) VALUES (?, ?, ?)').run(
        file.name,
        file.sha256,
        new Date().toISOString(),
      );
      return true;
    }).immediate();
    if (didApply) applied.push(file.name);
  }
  db.transaction(() => checkRecorded(db, files)).deferred();
  return applied;
}

/** The recorded migrations, after checking each still matches its file. */
function checkRecorded(db: SqliteDatabase, files: readonly MigrationFile[]): Map<string, string> {
  const rows = db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as { name: string; sha256: string }[];
  const byName = new Map(files.map((f) => [f.name, f]));
  const recorded = new Map<string, string>();
  for (const row of rows) {
    const file = byName.get(row.name);
    if (file === undefined) throw new MigrationError(row.name, 'is applied to this database but its file is missing');
    if (file.sha256 !== row.sha256) {
      throw new MigrationError(row.name, `file changed after it was applied (sha256 ${file.sha256}, applied ${row.sha256})`);
    }
    recorded.set(row.name, row.sha256);
  }
  return recorded;
}
