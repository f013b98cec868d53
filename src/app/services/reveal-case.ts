import type { Principal } from '../../access/roles.ts';
import type { AppDeps } from '../app-deps.ts';
import { loadApplicationInScope } from './applications.ts';
import { loadClassInScope } from './classes.ts';
import { loadFindingInScope } from './findings.ts';
import { loadRecoveryOrderInScope } from './recovery-orders.ts';

/**
 * The case a reveal cites (its `caseRef`, a stream name) must lie in the principal's
 * region, where the stream's kind says whose region it is: else the audit record would
 * justify a look at a person by a case the principal has no part in. Kinds without a
 * region of their own are checked for existence only, by the caller (personalDataFor).
 * Throws RegionScopeError (403 region); false when a stream of these kinds holds no
 * record of its kind (a case that was never opened: unknown).
 */
export async function revealCaseInScope(deps: AppDeps, principal: Principal, caseRef: string): Promise<boolean> {
  if (principal.region === undefined) return true;
  const dash = caseRef.indexOf('-');
  const kind = caseRef.slice(0, dash);
  const id = caseRef.slice(dash + 1);
  const ctx = { principal };
  switch (kind) {
    case 'application':
      return (await loadApplicationInScope(deps, ctx, id)) !== undefined;
    case 'finding':
      return (await loadFindingInScope(deps, ctx, id)) !== undefined;
    case 'recovery':
      return (await loadRecoveryOrderInScope(deps, ctx, id)) !== undefined;
    case 'class':
      return (await loadClassInScope(deps, ctx, id)) !== undefined;
    default:
      return true;
  }
}
