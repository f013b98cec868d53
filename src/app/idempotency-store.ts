import type { Database } from 'better-sqlite3';
import type { RequestSeed } from './deterministic-ids.ts';

export type IdempotencyClaim =
  | { kind: 'new'; seed: RequestSeed }
  | { kind: 'completed'; statusCode: number; body: string }
  | { kind: 'mismatch' }
  /** Claimed earlier but never answered: the process died mid-request. Re-run it with its seed. */
  | { kind: 'unfinished'; seed: RequestSeed };

interface Row {
  request_hash: string;
  seed: string;
  status_code: number | null;
  response_body: string | null;
}

/** Keys are scoped to the principal that used them: two clients cannot collide or read each other's answers. */
export class IdempotencyStore {
  private readonly find;
  private readonly insert;
  private readonly complete;

  constructor(db: Database) {
    this.find = db.prepare<[string, string], Row>('SELECT request_hash, seed, status_code, response_body FROM idempotency_keys WHERE principal_id = ? AND key = ?');
    this.insert = db.prepare('INSERT INTO idempotency_keys (principal_id, key, request_hash, seed, created_at) VALUES (?, ?, ?, ?, ?)');
    this.complete = db.prepare('UPDATE idempotency_keys SET status_code = ?, response_body = ?, completed_at = ? WHERE principal_id = ? AND key = ? AND status_code IS NULL');
  }

  claim(principalId: string, key: string, requestHash: string, fresh: RequestSeed, nowIso: string): IdempotencyClaim {
    const row = this.find.get(principalId, key);
    if (!row) {
      this.insert.run(principalId, key, requestHash, JSON.stringify(fresh), nowIso);
      return { kind: 'new', seed: fresh };
    }
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code !== null && row.response_body !== null) return { kind: 'completed', statusCode: row.status_code, body: row.response_body };
    return { kind: 'unfinished', seed: JSON.parse(row.seed) as RequestSeed };
  }

  record(principalId: string, key: string, statusCode: number, body: string, nowIso: string): void {
    this.complete.run(statusCode, body, nowIso, principalId, key);
  }
}
