import { regionWithin, type Principal } from '../access/roles.ts';
import { ProblemError } from './problem.ts';

/**
 * Region scope, for routes. The access matrix only says which ROLES may call a route; the
 * REGION a principal may touch is checked by the route, on the record itself:
 *
 * Commands: load the record's state first and call `assertInRegion(principal,
 *   state.region, 'application')` before deciding: the region comes from what is stored,
 *   never from the request alone. A command that creates a record in a region (register a
 *   trainee in 360102) checks the region it names in its body the same way.
 * Queries of one record: fetch it, then `assertInRegion` before answering. A record the
 *   principal may not see is a 403, whether or not the caller could have guessed its id.
 * Queries of lists: filter in SQL with `regionScope(principal)` so the page holds only
 *   records in scope (never fetch everything and filter after paging):
 *     const scope = regionScope(principal);
 *     db.prepare(`SELECT … WHERE ${scope.sql('region')} …`).all(...scope.params, …)
 *
 * A principal without a region (admins, provincial auditors) sees everything. A record
 * without a region (a provincial fund) is visible only to such principals.
 */
export function assertInRegion(principal: Principal, region: string | undefined, what: string): void {
  if (principal.region === undefined) return;
  if (region !== undefined && regionWithin(principal.region, region)) return;
  throw new ProblemError('forbidden', `this ${what} lies outside region ${principal.region}`, { reason: 'region' });
}

export interface RegionScope {
  /** undefined: the whole system. Else the GB/T 2260 prefix every region in scope starts with. */
  prefix: string | undefined;
  /** An SQL condition on `column` (a 6-digit region code column) with `?` placeholders. */
  sql(column: string): string;
  params: string[];
}

const COLUMN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export function regionScope(principal: Principal): RegionScope {
  const scope = principal.region;
  const prefix = scope === undefined ? undefined : scope.endsWith('0000') ? scope.slice(0, 2) : scope.endsWith('00') ? scope.slice(0, 4) : scope;
  return {
    prefix,
    sql(column) {
      if (!COLUMN.test(column)) throw new Error(`regionScope: ${column} is not a column name`);
      return prefix === undefined ? '1 = 1' : `substr(${column}, 1, ${prefix.length}) = ?`;
    },
    params: prefix === undefined ? [] : [prefix],
  };
}
