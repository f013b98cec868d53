import t from 'tap';
import type { Principal } from '../../../src/access/roles.ts';
import type { OpenedApp } from '../../../src/app/open-app.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { publishInspectionMatter, withdrawInspectionMatter, loadInspectionMatters } from '../../../src/app/services/draws-matters.ts';
import {
  commitPlanRandomness,
  draftInspectionPlan,
  drawInspectionPlan,
  enterPlanRandomness,
  loadInspectionPlan,
  reviseInspectionPlan,
  type DraftInspectionPlanInput,
} from '../../../src/app/services/draws.ts';
import { loadDrawRecord, loadPublicDrawRecord } from '../../../src/app/services/draws-record.ts';
import { verifyDrawRecord } from '../../../src/app/services/draws-verify.ts';
import { ctxFor, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';
import { draftCommand, INST, LOTTERY_VALUE, MATTER } from '../../domain/inspection-plan/fixtures.ts';

const inspectorNanchang: Principal = { id: 'insp-nc', name: 'Nanchang inspector', role: 'inspector', region: '360100' };
const inspectorGanzhou: Principal = { id: 'insp-gz', name: 'Ganzhou inspector', role: 'inspector', region: '360700' };

const at = (iso: string) => Date.parse(iso);
const ctx = (p: Principal, iso: string) => ctxFor(p, at(iso));

function reviseInput(over: Record<string, unknown> = {}) {
  const { planId: _p, regionCode: _r, replacesPlanId: _x, ...content } = draftInput();
  return { ...content, ...over };
}

function draftInput(over: Partial<DraftInspectionPlanInput> = {}): DraftInspectionPlanInput {
  const { type: _t, at: _a, ...input } = draftCommand();
  return { ...input, ...over };
}

async function givenMatter(app: OpenedApp): Promise<void> {
  await publishInspectionMatter(app.deps, ctx(principals.admin, '2026-03-01T09:00:00+08:00'), '360000', {
    matterId: MATTER.matterId,
    title: MATTER.title,
    basis: '《就业补助资金管理办法》',
    content: '培训真实性、补贴申领与拨付',
    publishedOn: '2026-03-01',
  });
}

const lottery = { kind: 'lottery' as const, name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' };

t.test('draft → commit → enter value → draw; the record re-runs and matches', async (t) => {
  const app = await openTestApp(t);
  await givenMatter(app);
  const drafted = await draftInspectionPlan(app.deps, ctx(inspectorNanchang, '2026-03-02T09:00:00+08:00'), draftInput());
  t.same(drafted.result, { planId: 'NC-2026-SJ-001' });
  t.equal(drafted.steps[0]?.stream, 'inspectionplan-NC-2026-SJ-001');
  t.equal(await loadPublicDrawRecord(app.deps, 'NC-2026-SJ-001'), undefined, 'a draft is not published');

  await commitPlanRandomness(app.deps, ctx(inspectorNanchang, '2026-03-02T10:00:00+08:00'), 'NC-2026-SJ-001', { source: lottery });
  const committed = await loadPublicDrawRecord(app.deps, 'NC-2026-SJ-001');
  t.match(committed, { status: 'committed', randomness: { source: lottery, valueNotBefore: '2026-03-05T00:00:00.000+08:00' } }, 'the commitment is public before its value exists');

  let head = await app.rawStore.headPosition();
  await rejectsWith(t, drawInspectionPlan(app.deps, ctx(inspectorNanchang, '2026-03-03T09:00:00+08:00'), 'NC-2026-SJ-001'), 'inspection_plan.randomness_not_entered');
  await rejectsWith(t, reviseInspectionPlan(app.deps, ctx(inspectorNanchang, '2026-03-03T09:00:00+08:00'), 'NC-2026-SJ-001', reviseInput({ title: 'changed' })), 'inspection_plan.already_committed');
  await rejectsWith(t, enterPlanRandomness(app.deps, ctx(inspectorNanchang, '2026-03-04T21:40:00+08:00'), 'NC-2026-SJ-001', { value: LOTTERY_VALUE }), 'inspection_plan.value_not_yet_published', 'value');
  t.equal(await app.rawStore.headPosition(), head, 'refusals write nothing');

  await enterPlanRandomness(app.deps, ctx(inspectorNanchang, '2026-03-05T21:40:00+08:00'), 'NC-2026-SJ-001', { value: LOTTERY_VALUE });
  const drawn = await drawInspectionPlan(app.deps, ctx(inspectorNanchang, '2026-03-06T09:00:00+08:00'), 'NC-2026-SJ-001');
  t.equal(drawn.steps[0]?.eventIds.length, 1);
  const plan = await loadInspectionPlan(app.deps, 'NC-2026-SJ-001');
  t.equal(plan.exists && plan.status, 'drawn');

  const loaded = await loadDrawRecord(app.deps, 'NC-2026-SJ-001');
  const record = loaded!.record;
  t.same(record.events.map((e) => e.type), ['InspectionPlanDrafted', 'InspectionPlanRandomnessCommitted', 'InspectionPlanRandomnessEntered', 'InspectionPlanDrawn']);
  const report = verifyDrawRecord(JSON.parse(JSON.stringify(record)));
  t.ok(report.matches, report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('\n') || 'matches');
  t.notMatch(JSON.stringify(record), /name"\s*:\s*"(?!中国福利彩票)/, 'no name field but the lottery’s');

  head = await app.rawStore.headPosition();
  await rejectsWith(t, drawInspectionPlan(app.deps, ctx(inspectorNanchang, '2026-03-07T09:00:00+08:00'), 'NC-2026-SJ-001'), 'inspection_plan.already_drawn');
  t.equal(await app.rawStore.headPosition(), head);
});

t.test('region scope, the matter list and bad input', async (t) => {
  const app = await openTestApp(t);
  const nc = (iso = '2026-03-02T09:00:00+08:00') => ctx(inspectorNanchang, iso);
  await rejectsWith(t, draftInspectionPlan(app.deps, nc(), draftInput()), 'inspection_plan.matter_not_listed', 'matterId');
  await givenMatter(app);
  await t.rejects(draftInspectionPlan(app.deps, ctx(inspectorGanzhou, '2026-03-02T09:00:00+08:00'), draftInput()), RegionScopeError);
  await draftInspectionPlan(app.deps, nc(), draftInput());
  await t.rejects(commitPlanRandomness(app.deps, ctx(inspectorGanzhou, '2026-03-02T10:00:00+08:00'), 'NC-2026-SJ-001', { source: lottery }), RegionScopeError, 'another region’s plan');
  await rejectsWith(t, draftInspectionPlan(app.deps, nc(), draftInput()), 'inspection_plan.already_drafted', 'planId');
  await rejectsWith(t, commitPlanRandomness(app.deps, nc(), 'NC-NOPE', { source: lottery }), 'inspection_plan.not_drafted');
  await rejectsWith(t, commitPlanRandomness(app.deps, nc(), 'no such/plan', { source: lottery }), 'inspection_plan.invalid_command', 'planId');
  await rejectsWith(
    t,
    draftInspectionPlan(app.deps, nc(), draftInput({ planId: 'NC-2', design: { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['360102'], count: 1 }, { key: ['360103'], count: 1 }, { key: ['360111'], count: 1 }] } })),
    'inspection_plan.empty_stratum',
    'design.strata.2.key',
  );
  await rejectsWith(t, draftInspectionPlan(app.deps, nc(), draftInput({ planId: 'NC-3', inspectors: [{ id: 'INSP-01', region: '360102' }] })), 'inspection_plan.k_exceeds_eligible', 'assignment.inspectorsPerSubject');

  await withdrawInspectionMatter(app.deps, ctx(principals.admin, '2026-03-02T09:30:00+08:00'), '360000', MATTER.matterId, { withdrawnOn: '2026-03-02', reason: '清单调整' });
  t.equal((await loadInspectionMatters(app.deps, '360000')).matters.get(MATTER.matterId)?.withdrawnOn, '2026-03-02');
  await rejectsWith(t, commitPlanRandomness(app.deps, nc('2026-03-02T10:00:00+08:00'), 'NC-2026-SJ-001', { source: lottery }), 'inspection_plan.matter_not_listed');
  await rejectsWith(t, publishInspectionMatter(app.deps, ctx(principals.admin, '2026-03-02T09:00:00+08:00'), '360100', { matterId: 'X', title: 't', basis: 'b', content: 'c', publishedOn: '2026-03-01' }), 'inspection_matters.invalid_command', 'listId');
});

t.test('a failed draw is recorded and published; only a new plan with a new value replaces it', async (t) => {
  const app = await openTestApp(t);
  await givenMatter(app);
  const nc = (iso: string) => ctx(inspectorNanchang, iso);
  const few = [
    { id: 'INSP-01', region: '360102' },
    { id: 'INSP-02', region: '360102' },
    { id: 'INSP-03', region: '360104' },
  ];
  await draftInspectionPlan(app.deps, nc('2026-03-02T09:00:00+08:00'), draftInput({ inspectors: few }));
  await commitPlanRandomness(app.deps, nc('2026-03-02T10:00:00+08:00'), 'NC-2026-SJ-001', { source: lottery });
  await enterPlanRandomness(app.deps, nc('2026-03-05T21:40:00+08:00'), 'NC-2026-SJ-001', { value: LOTTERY_VALUE });
  await drawInspectionPlan(app.deps, nc('2026-03-06T09:00:00+08:00'), 'NC-2026-SJ-001');
  const record = (await loadPublicDrawRecord(app.deps, 'NC-2026-SJ-001'))!;
  t.match(record, { status: 'failed', draw: { outcome: { ok: false, rule: 'recusal' } } });
  t.ok(verifyDrawRecord(JSON.parse(JSON.stringify(record))).matches, 'a failure re-runs identically too');

  await rejectsWith(t, draftInspectionPlan(app.deps, nc('2026-03-06T10:00:00+08:00'), draftInput({ planId: 'NC-X', replacesPlanId: 'NC-NONE' })), 'inspection_plan.replaced_plan_not_failed', 'replacesPlanId');
  await draftInspectionPlan(app.deps, nc('2026-03-06T10:00:00+08:00'), draftInput({ planId: 'NC-2026-SJ-001b', replacesPlanId: 'NC-2026-SJ-001' }));
  t.match(await loadPublicDrawRecord(app.deps, 'NC-2026-SJ-001b'), undefined, 'the replacement is a draft until committed');
  const replacement = await loadInspectionPlan(app.deps, 'NC-2026-SJ-001b');
  t.equal(replacement.exists && replacement.replacesPlanId, 'NC-2026-SJ-001');
  t.equal(INST.length, 8);
});
