import type { Database } from 'better-sqlite3';

/**
 * The writes of the Idempotency-Key records as plain data, applied to node.sqlite in one
 * transaction per group: on the calling thread (inline) or on the idempotency writer thread
 * (idempotency-writer-worker.ts), which is why they are data and not closures.
 */
export type IdempotencyWrite =
  /** Look the key up; when it is not there, claim it with these values. */
  | { kind: 'claim'; principalId: string; key: string; requestHash: string; seedJson: string; nowIso: string }
  /** The answer of a claimed key; the first stays (a later one is ignored). */
  | { kind: 'record'; principalId: string; key: string; statusCode: number; body: string; nowIso: string };

export interface IdempotencyRow {
  request_hash: string;
  seed: string;
  status_code: number | null;
  response_body: string | null;
}

/** Per write: a claim's row as it was before (null: claimed now), 'recorded', or the failure's message. */
export type IdempotencyWriteResult = { row: IdempotencyRow | null } | 'recorded' | { error: string };

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

/** The statements, the write of one item, and the group's transaction, made once per connection. */
function prepare(db: Database) {
  const find = db.prepare<[string, string], IdempotencyRow>('SELECT request_hash, seed, status_code, response_body FROM idempotency_keys WHERE principal_id = ? AND key = ?');
  // A key used before conflicts on the primary key and is left as it was (only that
  // conflict: any other failure still throws); a new key, the usual case, then costs one
  // statement instead of a look-up and an insert.
  const claimNew = db.prepare('INSERT INTO idempotency_keys (principal_id, key, request_hash, seed, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (principal_id, key) DO NOTHING');
  const complete = db.prepare('UPDATE idempotency_keys SET status_code = ?, response_body = ?, completed_at = ? WHERE principal_id = ? AND key = ? AND status_code IS NULL');
  const run = (w: IdempotencyWrite): IdempotencyWriteResult => {
    if (w.kind === 'record') {
      complete.run(w.statusCode, w.body, w.nowIso, w.principalId, w.key);
      return 'recorded';
    }
    if (claimNew.run(w.principalId, w.key, w.requestHash, w.seedJson, w.nowIso).changes === 1) return { row: null };
    const row = find.get(w.principalId, w.key);
    if (row === undefined) throw new Error('invariant violated: an idempotency key conflicted but is not stored');
    return { row };
  };
  // better-sqlite3 builds a transaction wrapper per db.transaction() call: one per connection, not one per group.
  const group = db.transaction((writes: readonly IdempotencyWrite[]) => writes.map(run));
  return { run, group };
}

/**
 * Applies a group in one transaction. If the transaction fails, nothing of it is kept and
 * each write is tried again on its own, so that one bad write fails only its own request
 * (and a claim that is not stored never lets its command run).
 */
export function applyIdempotencyWrites(db: Database, writes: readonly IdempotencyWrite[]): IdempotencyWriteResult[] {
  let sql = prepared.get(db);
  if (sql === undefined) {
    sql = prepare(db);
    prepared.set(db, sql);
  }
  try {
    return sql.group(writes);
  } catch {
    const { run } = sql;
    return writes.map((w) => {
      try {
        return run(w);
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    });
  }
}
