import Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkPersonRef, checkPut, loadVaultKey, openRecord, sealRecord } from './sealed-record.ts';
import type { PersonalDataVault, PersonalRecord, VaultOptions } from './port.ts';

/**
 * The vault on one machine: its own SQLite file, `${dataDir}/vault.sqlite`, beside (not
 * inside) the event store, so that the event database can be exported or copied without
 * personal data, and the vault backed up with its key.
 *
 * - WAL + synchronous=FULL: put() is on disk before it resolves, which the vault-first
 *   write order (port.ts) relies on.
 * - secure_delete=ON: SQLite overwrites deleted content with zeros, so an erased row
 *   leaves no ciphertext in free pages; erase() then checkpoints the WAL with TRUNCATE so
 *   no older frame holding the row survives in the -wal file either. (Blocks the file
 *   system itself has released are beyond a database's reach; the record is also
 *   encrypted, and stays so in any backup taken before the erasure.)
 * - One row per person in a WITHOUT ROWID table: the row IS the primary-key entry, so
 *   no second index copy of the ref or record is left to clean up.
 */

export const VAULT_FILE = 'vault.sqlite';
const FILE_MODE = 0o600;
const BUSY_TIMEOUT_MS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS personal_records (
  person_ref TEXT PRIMARY KEY NOT NULL,
  sealed BLOB NOT NULL,
  written_at TEXT NOT NULL
) WITHOUT ROWID, STRICT;
`;

export interface SqliteVaultOptions extends VaultOptions {
  /** Clock for written_at (which lets an operator find unused entries left by a crash). */
  now?: () => Date;
}

export class SqliteVault implements PersonalDataVault {
  private readonly db: Database.Database;
  private readonly upsertStmt: Database.Statement<[string, Buffer, string]>;
  private readonly selectStmt: Database.Statement<[string], { sealed: Buffer }>;
  private readonly deleteStmt: Database.Statement<[string]>;
  private readonly now: () => Date;

  /** Opens `${dataDir}/vault.sqlite` with the key from `${dataDir}/keys/vault.key`. */
  static open(dataDir: string, options: SqliteVaultOptions = {}): SqliteVault {
    return new SqliteVault(path.join(dataDir, VAULT_FILE), loadVaultKey(dataDir), options);
  }

  constructor(
    readonly filePath: string,
    private readonly key: KeyObject,
    private readonly options: SqliteVaultOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    createPrivateFile(filePath);
    this.db = new Database(filePath);
    try {
      const mode = this.db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`vault ${filePath}: journal_mode is ${String(mode)}, expected wal`);
      this.db.pragma('synchronous = FULL');
      this.db.pragma('secure_delete = ON');
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.upsertStmt = this.db.prepare(
      `INSERT INTO personal_records (person_ref, sealed, written_at) VALUES (?, ?, ?)
       ON CONFLICT (person_ref) DO UPDATE SET sealed = excluded.sealed, written_at = excluded.written_at`,
    );
    this.selectStmt = this.db.prepare('SELECT sealed FROM personal_records WHERE person_ref = ?');
    this.deleteStmt = this.db.prepare('DELETE FROM personal_records WHERE person_ref = ?');
  }

  async put(personRef: string, record: PersonalRecord): Promise<void> {
    const [ref, valid] = checkPut(personRef, record, this.options);
    this.upsertStmt.run(ref, sealRecord(this.key, ref, valid), this.now().toISOString());
  }

  async get(personRef: string): Promise<PersonalRecord | undefined> {
    const ref = checkPersonRef(personRef);
    const row = this.selectStmt.get(ref);
    return row === undefined ? undefined : openRecord(this.key, ref, row.sealed);
  }

  async has(personRef: string): Promise<boolean> {
    return this.selectStmt.get(checkPersonRef(personRef)) !== undefined;
  }

  async erase(personRef: string): Promise<boolean> {
    const ref = checkPersonRef(personRef);
    const erased = this.deleteStmt.run(ref).changes > 0;
    // Move the zeroed pages into the main file and empty the WAL, which still holds
    // the frames written by put(). With another connection reading, the checkpoint may
    // stop short; the next one finishes the job.
    if (erased) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The vault file, its -wal and -shm (SQLite gives them the database's mode) are 0600. */
function createPrivateFile(filePath: string): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.closeSync(fs.openSync(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT, FILE_MODE));
  if (process.platform !== 'win32') fs.chmodSync(filePath, FILE_MODE);
}
