import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ReadModelsLockedError } from './errors.ts';

export interface ReadModelsLock {
  release(): void;
}

/**
 * One process at a time runs (or rebuilds) the projections of a data directory: two
 * writers on one read model, or a rebuild renaming a file under a running server, would
 * corrupt what is served. The lock is SQLite's own: an exclusive transaction held open on
 * `readmodels/runner.lock` (rollback journal mode), an OS file lock the kernel drops when
 * the process dies, even by SIGKILL, so a crash never leaves a stale lock behind.
 */
export function lockReadModels(dir: string): ReadModelsLock {
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'runner.lock'), { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new ReadModelsLockedError(dir);
    throw e;
  }
  return {
    release() {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
