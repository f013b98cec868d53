import type { Test } from 'tap';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, type SqliteEventStore, type SqliteStoreOptions } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import type { ContractStore } from './contract.ts';

/** A fresh SQLite store in the test's own directory, closed at teardown. */
export async function freshSqliteStore(t: Test, options: Partial<SqliteStoreOptions> = {}): Promise<{ store: SqliteEventStore; file: string }> {
  const file = path.join(t.testdir(), 'events.sqlite');
  const store = await openSqliteStore({ file, ...options });
  t.teardown(() => store.close());
  return { store, file };
}

/** The contract's factory: each case gets its own file. */
export function sqliteContractStore(t: Test, options: Partial<SqliteStoreOptions> = {}): () => Promise<ContractStore> {
  let n = 0;
  const root = t.testdir();
  return async () => {
    n += 1;
    const file = path.join(root, `events-${n}.sqlite`);
    const store = await openSqliteStore({ file, ...options });
    return {
      store,
      cleanup: () => store.close(),
      injectSystemEvent: async (kind) => insertSystemEvent(file, kind),
    };
  };
}

/**
 * Writes a `$` event straight into the file, as a tool of the store itself would: user
 * code cannot (append refuses `$` names), so this is the only way to see the filter work.
 */
export function insertSystemEvent(file: string, kind: 'stream' | 'type'): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    const stream = kind === 'stream' ? `$settings-${newUuidV7()}` : `fund-${newUuidV7()}`;
    const type = kind === 'stream' ? 'SettingsChanged' : '$Metadata';
    db.prepare(
      `INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata)
       VALUES (?, 0, ?, ?, 1, ?, '{}', '{}')`,
    ).run(stream, newUuidV7(), type, new Date().toISOString());
  } finally {
    db.close();
  }
}
