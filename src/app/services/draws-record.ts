import { toDomainEvent } from '../run-command.ts';
import type { AppDeps } from '../app-deps.ts';
import { drawRecordOf, type DrawRecord, type DrawRecordEvent } from '../../domain/inspection-plan/draw-record.ts';
import { inspectionPlanFold } from '../../domain/inspection-plan/decider.ts';
import type { InspectionPlanEvent } from '../../domain/inspection-plan/events.ts';
import type { ExistingPlan, InspectionPlanState } from '../../domain/inspection-plan/state.ts';
import { planStream } from './draws.ts';

/** Events read per page, as elsewhere in the app layer. */
const PAGE = 1000;

export interface LoadedDrawRecord {
  plan: ExistingPlan;
  record: DrawRecord;
}

/**
 * A plan's draw record, folded from its stream with each event's id, position and store
 * time (what the integrity log's proofs are about). Read straight from the store, so a
 * record answered right after a command includes it; undefined when there is no plan.
 */
export async function loadDrawRecord(deps: Pick<AppDeps, 'store'>, planId: string): Promise<LoadedDrawRecord | undefined> {
  let state: InspectionPlanState = inspectionPlanFold.initialState();
  const events: DrawRecordEvent[] = [];
  for (let from = 0n; ; ) {
    const page = await deps.store.readStream(planStream(planId), { fromRevision: from, limit: PAGE });
    for (const e of page) {
      state = inspectionPlanFold.evolve(state, toDomainEvent<InspectionPlanEvent>(e));
      events.push({ type: e.type, id: e.id, revision: Number(e.revision), position: String(e.position), recordedAt: e.recordedAt });
      from = e.revision + 1n;
    }
    if (page.length < PAGE) break;
  }
  if (!state.exists) return undefined;
  return { plan: state, record: drawRecordOf(state, events) };
}

/** The public one: published from the commitment on (a draft is internal work). */
export async function loadPublicDrawRecord(deps: Pick<AppDeps, 'store'>, planId: string): Promise<DrawRecord | undefined> {
  const loaded = await loadDrawRecord(deps, planId);
  return loaded && loaded.plan.status !== 'draft' ? loaded.record : undefined;
}
