/**
 * Keyset paging for read-model lists: a page is the rows after a cursor in the list's key
 * order, never an OFFSET (which rescans every skipped row and shifts under inserts). The
 * cursor is the key of the last row served, as base64url JSON: opaque to clients, and
 * checked on the way back in (a forged cursor is a typed error, not a crash).
 */
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 200;

export type CursorKey = readonly (string | number)[];

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class CursorError extends Error {
  readonly field = 'cursor';
  constructor(message: string) {
    super(`cursor: ${message}`);
    this.name = 'CursorError';
  }
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key in a cursor, which must hold `arity` strings or numbers (of the given kinds). */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): CursorKey {
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new CursorError('not a cursor this server gave');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('not a cursor this server gave');
  }
  if (!Array.isArray(key) || key.length !== kinds.length || !key.every((v, i) => typeof v === kinds[i])) throw new CursorError('not a cursor of this list');
  return key as CursorKey;
}

/** Checks a page size: 1..PAGE_SIZE_MAX, default PAGE_SIZE_DEFAULT. */
export function pageSize(limit: number | undefined): number {
  const n = limit ?? PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(n) || n < 1 || n > PAGE_SIZE_MAX) throw new RangeError(`limit must be 1..${PAGE_SIZE_MAX}`);
  return n;
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor after it. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served.at(-1);
  return { items: served.map(view), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
