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
  // Not FULL: an Idempotency-Key claim and its answer would otherwise cost two fsyncs per
  // command on the request path (measured: 4x fewer commands/s). What a power cut can
  // lose here is only the last claims; a client retrying one gets a fresh seed and the
  // command re-runs, and the domain's own retry-safe ids (paymentId, applicationId, …)
  // make that re-run decide nothing new, so money never moves twice. The event store,
  // which holds what was acknowledged, stays synchronous=FULL.
  db.pragma('synchronous = NORMAL');
  applyMigrations(db, MIGRATIONS_DIR);
  return db;
}
