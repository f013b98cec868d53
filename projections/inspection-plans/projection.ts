import type { InspectionPlanEventSchemas } from '../../src/domain/inspection-plan/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { idOfStream } from '../shared/streams.ts';

/** The category of `inspectionplan-{planId}` streams (src/app/services/draws.ts planStream). */
const CATEGORY = 'inspectionplan';

export const PLAN_STAGES = ['drafted', 'committed', 'entered', 'drawn', 'draw_failed'] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

/**
 * inspection-plans: the list of plans with their region, title, matter and stage, so the
 * console can page through them without reading every plan stream. Times are the events'
 * own fields, never the projector's clock.
 */
export const inspectionPlans = defineProjection({
  name: 'inspection-plans',
  version: 1,
  eventTypes: [
    'InspectionPlanDrafted',
    'InspectionPlanRevised',
    'InspectionPlanRandomnessCommitted',
    'InspectionPlanRandomnessEntered',
    'InspectionPlanDrawn',
    'InspectionPlanDrawFailed',
  ],
  migrationsDir: folderOf(import.meta.url),
  digest: [{ table: 'inspection_plan', key: ['plan_id'] }],
  prepare(db) {
    const draft = db.prepare(`INSERT INTO inspection_plan VALUES (?, ?, ?, ?, ?, ?, 'drafted', ?, ?, ?, ?)`);
    const revise = db.prepare('UPDATE inspection_plan SET title = ?, matter_list_id = ?, matter_id = ?, subjects = ?, stage_at = ?, last_position = ? WHERE plan_id = ?');
    const stage = db.prepare('UPDATE inspection_plan SET stage = ?, stage_at = ?, last_position = ? WHERE plan_id = ?');
    const planOf = (e: RecordedEvent) => idOfStream(CATEGORY, e.stream);
    const changed = (e: RecordedEvent, changes: number) => {
      if (changes !== 1) throw new Error(`${e.type} on ${e.stream}: plan never drafted`);
    };
    const to = (next: PlanStage, at: string, e: RecordedEvent) => changed(e, stage.run(next, at, e.position, planOf(e)).changes);
    return byEventType<typeof InspectionPlanEventSchemas>({
      InspectionPlanDrafted: (d, e) =>
        void draft.run(d.planId, d.regionCode, d.title, d.matter.listId, d.matter.matterId, d.subjects.length, d.replacesPlanId ?? null, d.draftedAt, d.draftedAt, e.position),
      InspectionPlanRevised: (d, e) => changed(e, revise.run(d.title, d.matter.listId, d.matter.matterId, d.subjects.length, d.revisedAt, e.position, planOf(e)).changes),
      InspectionPlanRandomnessCommitted: (d, e) => to('committed', d.committedAt, e),
      InspectionPlanRandomnessEntered: (d, e) => to('entered', d.enteredAt, e),
      InspectionPlanDrawn: (d, e) => to('drawn', d.drawnAt, e),
      InspectionPlanDrawFailed: (d, e) => to('draw_failed', d.drawnAt, e),
    });
  },
});
