import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Principal, Role } from './roles.ts';

export interface TokenRecord extends Principal {
  createdAt: string;
  revokedAt?: string;
}

interface TokenRow {
  principal_id: string;
  name: string;
  role: string;
  region: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** Tokens are 256 random bits; only their SHA-256 is kept, so a stolen database grants nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOKEN_PATTERN = /^tz_[A-Za-z0-9_-]{43}$/;

function toRecord(row: TokenRow): TokenRecord {
  const r: TokenRecord = { id: row.principal_id, name: row.name, role: row.role as Role, createdAt: row.created_at };
  if (row.region !== null) r.region = row.region;
  if (row.revoked_at !== null) r.revokedAt = row.revoked_at;
  return r;
}

export class TokenStore {
  private readonly byHash;
  private readonly insert;
  private readonly revokeStmt;
  private readonly all;
  #revocations = 0;

  constructor(db: Database) {
    this.byHash = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_hash = ? AND revoked_at IS NULL');
    this.insert = db.prepare('INSERT INTO tokens (token_hash, principal_id, name, role, region, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.revokeStmt = db.prepare('UPDATE tokens SET revoked_at = ? WHERE principal_id = ? AND revoked_at IS NULL');
    this.all = db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at, principal_id');
  }

  /** Returns the token: the only time it exists outside the caller's hands. */
  create(input: { name: string; role: Role; region?: string; principalId: string; nowIso: string }): string {
    const token = `tz_${randomBytes(32).toString('base64url')}`;
    this.insert.run(hashToken(token), input.principalId, input.name, input.role, input.region ?? null, input.nowIso);
    return token;
  }

  /** The principal of a live token, or undefined for an unknown, malformed or revoked one. */
  authenticate(token: string): Principal | undefined {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const row = this.byHash.get(hashToken(token));
    if (!row) return undefined;
    const { createdAt: _c, revokedAt: _r, ...principal } = toRecord(row);
    return principal;
  }

  revoke(principalId: string, nowIso: string): boolean {
    const revoked = this.revokeStmt.run(nowIso, principalId).changes > 0;
    if (revoked) this.#revocations += 1;
    return revoked;
  }

  /** Revocations made through this instance: a cache of verified tokens drops everything when it changes. */
  get revocations(): number {
    return this.#revocations;
  }

  list(): TokenRecord[] {
    return this.all.all().map(toRecord);
  }
}
