import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite, type SqliteDatabase } from '../shared/sqlite-connection.ts';
import { applyMigrations } from '../shared/sqlite-migrations.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/node/', import.meta.url));

/**
 * This node's own state, beside the event store: bearer tokens (hashes only) and
 * Idempotency-Key records. Not part of the log, not exported, part of backups.
 */
export function openNodeDb(dataDir: string): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = openSqlite(path.join(dataDir, 'node.sqlite'));
  applyMigrations(db, MIGRATIONS_DIR);
  return db;
}
