/**
 * Every checkpoint the log ever signed, kept for good: `${dataDir}/integrity/checkpoints.sqlite`
 * (synchronous=FULL: a signature handed out must survive a power loss). Not a read model —
 * it cannot be rebuilt from the events (signatures are made once) — so it lives beside the
 * merkle-log projection's files, not in them: rebuilding the tree never touches it.
 *
 * The first checkpoint binds the store to the log's verifier key; a later one by another
 * key is refused (a replaced key file would otherwise start a second, unrelated log here).
 * Sizes only grow: a checkpoint not larger than the latest is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toBase64 } from '../integrity/base64.ts';
import { openCheckpoint, type Checkpoint } from '../integrity/checkpoint.ts';
import type { SignedCheckpoint } from '../integrity/next-checkpoint.ts';
import type { NoteVerifier } from '../integrity/note-keys.ts';
import { openSqlite, type SqliteDatabase } from '../shared/sqlite-connection.ts';

export interface StoredCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  /** The signed note, verbatim (what /checkpoint serves and bundles hold). */
  readonly note: string;
  /** When it was signed (ISO 8601); recorded beside the note, not signed (see checkpointer.ts). */
  readonly signedAt: string;
}

export class CheckpointStoreError extends Error {
  readonly code = 'integrity.checkpoint_store';
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointStoreError';
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_key (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  origin TEXT NOT NULL,
  verifier_key TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS checkpoints (
  tree_size INTEGER PRIMARY KEY CHECK (tree_size >= 0),
  root_hash BLOB NOT NULL CHECK (length(root_hash) = 32),
  note TEXT NOT NULL,
  signed_at TEXT NOT NULL
) STRICT;
`;

export function integrityDir(dataDir: string): string {
  return path.join(dataDir, 'integrity');
}

interface Row {
  tree_size: number;
  root_hash: Buffer;
  note: string;
  signed_at: string;
}

export class CheckpointStore {
  readonly #db: SqliteDatabase;
  readonly #sql;

  private constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#sql = {
      latest: db.prepare('SELECT tree_size, root_hash, note, signed_at FROM checkpoints ORDER BY tree_size DESC LIMIT 1'),
      upTo: db.prepare('SELECT tree_size, root_hash, note, signed_at FROM checkpoints WHERE tree_size <= ? ORDER BY tree_size'),
      covering: db.prepare('SELECT tree_size, root_hash, note, signed_at FROM checkpoints WHERE tree_size > ? ORDER BY tree_size LIMIT 1'),
      key: db.prepare('SELECT origin, verifier_key FROM log_key WHERE singleton = 1'),
      bindKey: db.prepare('INSERT INTO log_key (singleton, origin, verifier_key) VALUES (1, ?, ?)'),
      insert: db.prepare('INSERT INTO checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Opens (creating) the store of `dataDir`. `readOnly` never creates anything. */
  static open(dataDir: string, options: { readOnly?: boolean } = {}): CheckpointStore {
    const dir = integrityDir(dataDir);
    const file = path.join(dir, 'checkpoints.sqlite');
    if (options.readOnly === true && !fs.existsSync(file)) throw new CheckpointStoreError(`${file} does not exist: this data directory has no signed checkpoint yet`);
    fs.mkdirSync(dir, { recursive: true });
    const db = openSqlite(file, options.readOnly === true ? { queryOnly: true } : {});
    try {
      if (options.readOnly !== true) db.exec(SCHEMA);
      return new CheckpointStore(db);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** The verifier key the store is bound to, once a checkpoint was signed. */
  verifierKey(): { origin: string; verifierKey: string } | undefined {
    const row = this.#sql.key.get() as { origin: string; verifier_key: string } | undefined;
    return row === undefined ? undefined : { origin: row.origin, verifierKey: row.verifier_key };
  }

  latest(): StoredCheckpoint | undefined {
    const row = this.#sql.latest.get() as Row | undefined;
    return row === undefined ? undefined : toStored(row);
  }

  /** Every checkpoint of at most `treeSize` leaves (all by default), smallest first. */
  list(treeSize: number = Number.MAX_SAFE_INTEGER): StoredCheckpoint[] {
    return (this.#sql.upTo.all(treeSize) as Row[]).map(toStored);
  }

  /** The smallest checkpoint that includes leaf `leafIndex`, if one was signed. */
  firstCovering(leafIndex: number): StoredCheckpoint | undefined {
    const row = this.#sql.covering.get(leafIndex) as Row | undefined;
    return row === undefined ? undefined : toStored(row);
  }

  /** The latest checkpoint as a parsed, verified Checkpoint (the `previous` of the next signing). */
  latestVerified(verifier: NoteVerifier): Checkpoint | undefined {
    const latest = this.latest();
    return latest === undefined ? undefined : openCheckpoint(latest.note, verifier).checkpoint;
  }

  /**
   * Keeps a newly signed checkpoint. Refused (CheckpointStoreError) when it is not larger
   * than the latest (another signer got there first) or signed by another key than the
   * store's.
   */
  record(signed: SignedCheckpoint, verifierKey: string, signedAt: string): StoredCheckpoint {
    const { checkpoint, note } = signed;
    this.#db
      .transaction(() => {
        const bound = this.verifierKey();
        if (bound === undefined) this.#sql.bindKey.run(checkpoint.origin, verifierKey);
        else if (bound.verifierKey !== verifierKey) {
          throw new CheckpointStoreError(
            `this log's checkpoints are signed by ${bound.verifierKey}, not by ${verifierKey}: the signing key file was replaced; restore the original keys/log-signer.key`,
          );
        }
        const latest = this.latest();
        if (latest !== undefined && latest.treeSize >= checkpoint.treeSize) {
          throw new CheckpointStoreError(`a checkpoint of ${latest.treeSize} leaves is already signed; ${checkpoint.treeSize} is not larger`);
        }
        this.#sql.insert.run(checkpoint.treeSize, Buffer.from(checkpoint.rootHash), note, signedAt);
      })
      .immediate();
    return { treeSize: checkpoint.treeSize, rootHash: Buffer.from(checkpoint.rootHash), note, signedAt };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function toStored(row: Row): StoredCheckpoint {
  return { treeSize: row.tree_size, rootHash: row.root_hash, note: row.note, signedAt: row.signed_at };
}

/** For logs: a checkpoint without its signature. */
export function describeCheckpoint(c: Pick<StoredCheckpoint, 'treeSize' | 'rootHash'>): { treeSize: number; root: string } {
  return { treeSize: c.treeSize, root: toBase64(c.rootHash) };
}
