import { regionWithin, type Principal } from '../../access/roles.ts';

/**
 * A principal acted on or asked for a record outside its region (issue 4: "region scope
 * enforced on every command and query"). Thrown BEFORE anything is written; the HTTP
 * layer answers 403 `forbidden`. The message names the kind of record, never its data.
 */
export class RegionScopeError extends Error {
  constructor(
    readonly what: string,
    readonly scope: string | undefined,
  ) {
    super(`this ${what} lies outside the region ${scope ?? '(none)'} of the principal`);
    this.name = 'RegionScopeError';
  }
}

/** Whether the principal's scope covers `regionCode` (a principal without a region covers all). */
export function inScope(principal: Principal, regionCode: string): boolean {
  return regionWithin(principal.region, regionCode);
}

/** Throws RegionScopeError unless the principal's scope covers `regionCode`. */
export function assertInScope(principal: Principal, regionCode: string, what: string): void {
  if (!inScope(principal, regionCode)) throw new RegionScopeError(what, principal.region);
}
