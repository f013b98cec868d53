import type { FindingContext } from '../../domain/finding/context.ts';
import type { FindingState } from '../../domain/finding/state.ts';
import { recoveryOrderDecider, recoveryOrderStream } from '../../domain/recovery-order/decider.ts';
import { outstandingFen } from '../../domain/recovery-order/state.ts';
import type { AppDeps } from '../app-deps.ts';
import { loadInspectionPlan } from './draws.ts';
import { loadInspection } from './inspections.ts';
import { loadState } from './load-state.ts';
import { findingsIndexFor } from './recovery-orders-index.ts';

/**
 * The facts a finding's decider needs from outside its stream (src/domain/finding/context.ts),
 * read just before the step:
 * - recusal: besides recusals declared on the finding, the inspectors the inspector roster
 *   of the finding's draw lists with a declared conflict with, or a former employment at,
 *   the institution. A roster entry is fixed once the plan is committed, so this cannot go stale.
 * - what the finding's recovery orders still have to recover (to close it). Not guarded by
 *   the finding's revision: an order issued a moment after the read (on a verified
 *   finding, about to be closed) is a race the office settles in person; the order's
 *   own stream still refuses nothing it should accept.
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks' | 'policy'>;

export async function recusedByRoster(deps: Deps, state: FindingState): Promise<Set<string>> {
  const raised = state.raised;
  if (raised === null || raised.inspectionId === null) return new Set();
  const inspection = await loadInspection(deps, raised.inspectionId);
  const basis = inspection.opened?.basis;
  if (basis?.kind !== 'draw') return new Set();
  const plan = await loadInspectionPlan(deps, basis.drawId);
  if (!plan.exists) return new Set();
  const conflicted = plan.content.inspectors.filter(
    (i) => i.conflictInstitutionIds?.includes(raised.institutionId) === true || i.formerEmployerIds?.includes(raised.institutionId) === true,
  );
  return new Set(conflicted.map((i) => i.id));
}

/** Fen ordered back by the finding's recovery orders and not recovered yet (withdrawn orders ask nothing). */
export async function outstandingRecoveryOf(deps: Deps, findingId: string): Promise<number> {
  let total = 0;
  for (const orderId of await findingsIndexFor(deps.store).ordersOf(findingId)) {
    const order = (await loadState(deps, recoveryOrderStream(orderId), recoveryOrderDecider())).state;
    if (order.status === 'open') total += outstandingFen(order);
  }
  return total;
}

export async function findingContextFor(deps: Deps, state: FindingState, needs: { recusal?: boolean; recovery?: boolean }): Promise<FindingContext> {
  const findingId = state.raised?.findingId;
  return {
    calendar: deps.policy.calendar,
    ...(needs.recusal ? { recusedInspectorIds: await recusedByRoster(deps, state) } : {}),
    ...(needs.recovery && findingId !== undefined ? { outstandingRecoveryFen: await outstandingRecoveryOf(deps, findingId) } : {}),
  };
}
