import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { regionRange, type RegionPrefix } from '../shared/region.ts';
import type { PlanStage } from './projection.ts';

export interface PlanSummary {
  planId: string;
  regionCode: string;
  title: string;
  matterListId: string;
  matterId: string;
  subjects: number;
  stage: PlanStage;
  replacesPlanId: string | null;
  draftedAt: string;
  stageAt: string;
  lastPosition: number;
}

interface PlanRow {
  plan_id: string;
  region_code: string;
  title: string;
  matter_list_id: string;
  matter_id: string;
  subjects: number;
  stage: PlanStage;
  replaces_plan_id: string | null;
  drafted_at: string;
  stage_at: string;
  last_position: number;
}

const summary = (r: PlanRow): PlanSummary => ({
  planId: r.plan_id,
  regionCode: r.region_code,
  title: r.title,
  matterListId: r.matter_list_id,
  matterId: r.matter_id,
  subjects: r.subjects,
  stage: r.stage,
  replacesPlanId: r.replaces_plan_id,
  draftedAt: r.drafted_at,
  stageAt: r.stage_at,
  lastPosition: r.last_position,
});

export interface PlanListQuery {
  prefix: RegionPrefix;
  stages?: readonly PlanStage[];
  cursor?: string;
  limit?: number;
}

/** Plans in the region prefix, by plan id, a page at a time; `stages` narrows. */
export function listInspectionPlans(db: SqliteDatabase, q: PlanListQuery): Page<PlanSummary> {
  const limit = pageSize(q.limit);
  const region = regionRange('region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  if (q.stages !== undefined && q.stages.length > 0) where.push(`stage IN (${q.stages.map(() => '?').join(', ')})`), params.push(...q.stages);
  if (q.cursor !== undefined) where.push('plan_id > ?'), params.push(String(decodeCursor(q.cursor, ['string'])[0]));
  const rows = db.prepare(`SELECT * FROM inspection_plan WHERE ${where.join(' AND ')} ORDER BY plan_id LIMIT ?`).all(...params, limit + 1) as PlanRow[];
  return toPage(rows, limit, (r) => [r.plan_id], summary);
}
