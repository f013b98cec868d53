import Database from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkPersonRef, checkPut, loadVaultKey, openRecord, sealRecord } from './sealed-record.ts';
import type { PersonalDataVault, PersonalRecord, VaultOptions } from './port.ts';
import { inlineVaultExecutor, threadVaultExecutor, VaultWriteQueue, type VaultWriteExecutor, type VaultWriterMode } from './vault-writer.ts';
import { configureVaultConnection } from './vault-writes.ts';

/**
 * The vault on one machine: its own SQLite file, `${dataDir}/vault.sqlite`, beside (not
 * inside) the event store, so that the event database can be exported or copied without
 * personal data, and the vault backed up with its key.
 *
 * - WAL + synchronous=FULL: put() is on disk before it resolves, which the vault-first
 *   write order (port.ts) relies on.
 * - Writes are group-committed (vault-writer.ts): the puts and erasures that arrive while
 *   one transaction is being made durable share the next one, and its fsync; by default
 *   on a writer thread, so the event loop never waits for the disk. Reads stay on this
 *   connection (WAL: a committed write is visible to the next read).
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
  /** Where writes commit: `thread` (default) or `inline` (on the caller's thread). */
  writer?: VaultWriterMode;
}

export class SqliteVault implements PersonalDataVault {
  private readonly db: Database.Database;
  private readonly selectStmt: Database.Statement<[string], { sealed: Buffer }>;
  private readonly executor: VaultWriteExecutor;
  private readonly writes: VaultWriteQueue;
  private readonly now: () => Date;
  private closing: Promise<void> | undefined;

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
      configureVaultConnection(this.db, filePath);
      this.db.exec(SCHEMA);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.selectStmt = this.db.prepare('SELECT sealed FROM personal_records WHERE person_ref = ?');
    this.executor = options.writer === 'inline' ? inlineVaultExecutor(this.db) : threadVaultExecutor(filePath);
    this.writes = new VaultWriteQueue(this.executor);
  }

  async put(personRef: string, record: PersonalRecord): Promise<void> {
    const [ref, valid] = checkPut(personRef, record, this.options);
    this.assertOpen();
    await this.writes.submit({ kind: 'put', personRef: ref, sealed: sealRecord(this.key, ref, valid), writtenAt: this.now().toISOString() });
  }

  async get(personRef: string): Promise<PersonalRecord | undefined> {
    const ref = checkPersonRef(personRef);
    const row = this.selectStmt.get(ref);
    return row === undefined ? undefined : openRecord(this.key, ref, row.sealed);
  }

  async has(personRef: string): Promise<boolean> {
    return this.selectStmt.get(checkPersonRef(personRef)) !== undefined;
  }

  /** Runs in order with the puts before it; see applyVaultWrites for the WAL checkpoint that follows. */
  async erase(personRef: string): Promise<boolean> {
    const ref = checkPersonRef(personRef);
    this.assertOpen();
    return this.writes.submit({ kind: 'erase', personRef: ref });
  }

  /** Waits for the writes already submitted, then closes the writer and the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.writes.drain();
        await this.executor.close();
      } finally {
        if (this.db.open) this.db.close();
      }
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing !== undefined || !this.db.open) throw new Error('vault is closed');
  }
}

/** The vault file, its -wal and -shm (SQLite gives them the database's mode) are 0600. */
function createPrivateFile(filePath: string): void {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.closeSync(fs.openSync(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT, FILE_MODE));
  if (process.platform !== 'win32') fs.chmodSync(filePath, FILE_MODE);
}
