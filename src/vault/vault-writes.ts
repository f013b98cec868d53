import type { SqliteDatabase } from '../shared/sqlite-connection.ts';

/**
 * The vault's writes as data, so that one transaction can carry many of them (group
 * commit: one fsync for every put that arrived while the previous commit was on its way
 * to disk) and so that they can run on another thread. The record is sealed before it
 * gets here: only ciphertext crosses the thread boundary.
 */
export type VaultWrite =
  | { kind: 'put'; personRef: string; sealed: Uint8Array; writtenAt: string }
  | { kind: 'erase'; personRef: string };

export const VAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * What every connection that WRITES the vault needs; pragmas are per connection, so the
 * writer thread's connection sets them as the opener's does.
 * - WAL + synchronous=FULL: a put is on disk before its promise resolves, which the
 *   vault-first write order (port.ts) relies on.
 * - secure_delete=ON: an erased row's content is overwritten with zeros.
 */
export function configureVaultConnection(db: SqliteDatabase, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`vault ${file}: journal_mode is ${String(mode)}, expected wal`);
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma(`busy_timeout = ${VAULT_BUSY_TIMEOUT_MS}`);
}

interface Statements {
  upsert: ReturnType<SqliteDatabase['prepare']>;
  remove: ReturnType<SqliteDatabase['prepare']>;
  group: (writes: readonly VaultWrite[]) => boolean[];
}

const prepared = new WeakMap<SqliteDatabase, Statements>();

function statementsOf(db: SqliteDatabase): Statements {
  let s = prepared.get(db);
  if (s === undefined) {
    const upsert = db.prepare(
      `INSERT INTO personal_records (person_ref, sealed, written_at) VALUES (?, ?, ?)
       ON CONFLICT (person_ref) DO UPDATE SET sealed = excluded.sealed, written_at = excluded.written_at`,
    );
    const remove = db.prepare('DELETE FROM personal_records WHERE person_ref = ?');
    const group = db.transaction((writes: readonly VaultWrite[]) =>
      writes.map((w) => (w.kind === 'put' ? upsert.run(w.personRef, Buffer.from(w.sealed), w.writtenAt).changes > 0 : remove.run(w.personRef).changes > 0)),
    );
    s = { upsert, remove, group };
    prepared.set(db, s);
  }
  return s;
}

/**
 * Applies the writes in order, in ONE transaction, and answers per write whether it
 * changed a row (for an erase: whether there was a record). All or nothing: a failure
 * throws and none of them is stored.
 */
export function applyVaultWrites(db: SqliteDatabase, writes: readonly VaultWrite[]): boolean[] {
  const changed = statementsOf(db).group(writes);
  // An erasure must not survive in older WAL frames: move the zeroed pages into the main
  // file and empty the WAL. With another connection reading, the checkpoint may stop
  // short; the next one finishes the job.
  if (writes.some((w, i) => w.kind === 'erase' && changed[i])) db.pragma('wal_checkpoint(TRUNCATE)');
  return changed;
}
