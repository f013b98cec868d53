import { commitPlanRandomness, drawInspectionPlan, draftInspectionPlan, enterPlanRandomness } from '../app/services/draws.ts';
import { MATTER_ID } from './setup.ts';
import { CITY_CODES, PROVINCE, ctx, people, type GenRun, type InstitutionPlan } from './world.ts';

export const PLAN_ID = 'JX-2026-SJ-001';

/**
 * The province's public draw ("double random"): the eligible institutions as subjects,
 * weighted by what they were paid, six inspectors from different cities, committed to a
 * lottery before its numbers exist, then drawn. Anyone can re-run it from the public record.
 */
export async function runDraw(run: GenRun, institutions: readonly InstitutionPlan[], paidByInstitution: ReadonlyMap<string, number>): Promise<string> {
  const subjects = institutions.filter((i) => i.eligible).slice(0, 500).map((i) => ({ id: i.creditCode, region: i.city, grade: i.grade, subsidyPaidFen: paidByInstitution.get(i.creditCode) ?? 0 }));
  const inspectors = CITY_CODES.slice(0, 6).map((city, k) => ({ id: `INSP-${String(k + 1).padStart(2, '0')}`, region: city, qualifications: ['training'] }));
  const inspector = people.inspector;
  await draftInspectionPlan(run.deps, ctx(run, inspector, '2026-04-10', 'draw:draft'), {
    planId: PLAN_ID,
    regionCode: PROVINCE,
    matterId: MATTER_ID,
    title: '2026年第一批职业培训机构双随机抽查',
    subsidyPeriod: { from: '2026-01-01', to: '2026-04-30' },
    subjects,
    inspectors,
    design: { method: 'simple', stratifyBy: [], strata: [{ key: [], count: Math.min(5, subjects.length) }] },
    assignment: { inspectorsPerSubject: 2, excludeOwnRegion: true },
  });
  await commitPlanRandomness(run.deps, ctx(run, inspector, '2026-04-10', 'draw:commit'), PLAN_ID, { source: { kind: 'lottery', name: '中国福利彩票双色球 2026041期', drawDate: '2026-04-14' } });
  const r = run.rng.fork('lottery');
  const reds = new Set<number>();
  while (reds.size < 6) reds.add(r.int(1, 33));
  const numbers = [[...reds].sort((a, b) => a - b), [r.int(1, 16)]];
  await enterPlanRandomness(run.deps, ctx(run, inspector, '2026-04-15', 'draw:value'), PLAN_ID, { value: { kind: 'lottery', numbers } });
  await drawInspectionPlan(run.deps, ctx(run, inspector, '2026-04-16', 'draw:draw'), PLAN_ID);
  run.stats.draws += 1;
  return PLAN_ID;
}
