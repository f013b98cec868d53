import type { Principal } from '../../access/roles.ts';
import type { AppDeps } from '../app-deps.ts';
import { loadApplicationInScope } from './applications.ts';
import { loadClassInScope } from './classes.ts';
import { loadFindingInScope } from './findings.ts';
import { loadFundInScope } from './funds.ts';
import { loadInspectionInScope } from './inspections.ts';
import { loadInstitutionInScope } from './institutions.ts';
import { loadRecoveryOrderInScope } from './recovery-orders.ts';

/**
 * The case a reveal cites (its `caseRef`, a stream name) must be a case: an application, a
 * finding, a recovery order, a class, an inspection, an institution or a fund, holding a
 * record of its kind, in the principal's region. Else the audit record would justify a look
 * at a person by something that is no case (another person's stream, a reveal log) or by a
 * case the principal has no part in. Throws RegionScopeError (403 region); false for any
 * other kind or a stream of these kinds that holds no record of its kind (unknown case).
 */
export async function revealCaseInScope(deps: AppDeps, principal: Principal, caseRef: string): Promise<boolean> {
  const dash = caseRef.indexOf('-');
  if (dash < 0) return false;
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
    case 'inspection':
      return (await loadInspectionInScope(deps, ctx, id)) !== undefined;
    case 'institution':
      return (await loadInstitutionInScope(deps, ctx, id)) !== undefined;
    case 'fund':
      return (await loadFundInScope(deps, ctx, id)) !== undefined;
    default:
      return false;
  }
}
