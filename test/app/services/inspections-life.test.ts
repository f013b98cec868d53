import t from 'tap';
import type { Principal } from '../../../src/access/roles.ts';
import type { OpenedApp } from '../../../src/app/open-app.ts';
import { publishInspectionMatter } from '../../../src/app/services/draws-matters.ts';
import { commitPlanRandomness, draftInspectionPlan, drawInspectionPlan, enterPlanRandomness, loadInspectionPlan } from '../../../src/app/services/draws.ts';
import {
  closeFinding,
  declareRecusal,
  decideDeadlineExtension,
  loadFinding,
  raiseFinding,
  requestDeadlineExtension,
  submitRectification,
  verifyRectification,
  withdrawFinding,
  type RaiseFindingInput,
} from '../../../src/app/services/findings.ts';
import {
  attachEvidence,
  completeInspection,
  loadInspection,
  openInspection,
  publishInspectionResults,
  recordMatterChecked,
  recordSubjectResult,
  type OpenInspectionInput,
} from '../../../src/app/services/inspections.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { draftCommand, LOTTERY_VALUE, MATTER } from '../../domain/inspection-plan/fixtures.ts';
import { ctxFor, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';

const at = (iso: string) => Date.parse(iso);
const inspector = (id: string, region = '360100'): Principal => ({ id, name: `Inspector ${id}`, role: 'inspector', region });
const as = (p: Principal, day: string) => ctxFor(p, at(`${day}T10:00:00+08:00`));
const registrar = principals.registrarNanchang;
const HASH = (c: string) => c.repeat(64);

async function givenDrawnPlan(app: OpenedApp): Promise<{ subjectId: string; team: string[]; others: string[] }> {
  const nc = inspector('insp-nc');
  await publishInspectionMatter(app.deps, as(principals.admin, '2026-03-01'), '360000', { matterId: MATTER.matterId, title: MATTER.title, basis: '《就业补助资金管理办法》', content: '培训真实性', publishedOn: '2026-03-01' });
  const { type: _t, at: _a, ...draft } = draftCommand();
  await draftInspectionPlan(app.deps, ctxFor(nc, at('2026-03-02T09:00:00+08:00')), draft);
  await commitPlanRandomness(app.deps, ctxFor(nc, at('2026-03-02T10:00:00+08:00')), draft.planId, { source: { kind: 'lottery', name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' } });
  await enterPlanRandomness(app.deps, ctxFor(nc, at('2026-03-05T21:40:00+08:00')), draft.planId, { value: LOTTERY_VALUE });
  await drawInspectionPlan(app.deps, ctxFor(nc, at('2026-03-06T09:00:00+08:00')), draft.planId);
  const plan = await loadInspectionPlan(app.deps, draft.planId);
  if (!plan.exists || !plan.drawn?.ok) throw new Error('fixture: the plan did not draw');
  const first = plan.drawn.outcome.assignments[0]!;
  const others = plan.content.inspectors.map((i) => i.id).filter((id) => !first.inspectorIds.includes(id));
  return { subjectId: first.subjectId, team: first.inspectorIds, others };
}

function opening(subjectId: string, team: string[], over: Partial<OpenInspectionInput> = {}): OpenInspectionInput {
  const region = draftCommand().subjects.find((s) => s.id === subjectId)!.region;
  return {
    inspectionId: 'insp-2026-001',
    basis: { kind: 'draw', drawId: 'NC-2026-SJ-001', assignmentId: subjectId },
    institutionId: subjectId,
    regionCode: region,
    matterCodes: [MATTER.matterId],
    inspectorIds: team,
    startedOn: '2026-03-09',
    ...over,
  };
}

function finding(subjectId: string, regionCode: string, over: Partial<RaiseFindingInput> = {}): RaiseFindingInput {
  return {
    findingId: 'f-001',
    number: '洪人社查〔2026〕1号-1',
    inspectionId: 'insp-2026-001',
    category: 'hours_short',
    description: '实际授课课时少于申报课时',
    institutionId: subjectId,
    regionCode,
    amountInvolvedFen: 240_000,
    responsibleUnit: '培训机构',
    responsiblePerson: { personRef: null, maskedName: '张*', role: '校长' },
    measuresRequired: '补足课时或退回补贴',
    deadlineWorkingDays: 20,
    noticeOn: '2026-03-10',
    raisedOn: '2026-03-10',
    ...over,
  };
}

t.test('a full life: draw → inspection → finding → rectification rejected, resubmitted, verified by another inspector → closed', async (t) => {
  const app = await openTestApp(t);
  const d = app.deps;
  const { subjectId, team, others } = await givenDrawnPlan(app);
  const [a, b] = team.map((id) => inspector(id)) as [Principal, Principal];
  const region = opening(subjectId, team).regionCode;

  // the draw's assignment binds the opening
  await rejectsWith(t, openInspection(d, as(a, '2026-03-09'), opening(subjectId, [team[0]!, others[0]!])), 'inspection.assignment_mismatch', 'inspectorIds');
  await rejectsWith(t, openInspection(d, as(a, '2026-03-09'), opening(subjectId, team, { basis: { kind: 'draw', drawId: 'NC-2026-SJ-001', assignmentId: 'nobody' } })), 'inspection.assignment_not_found', 'basis.assignmentId');
  await rejectsWith(t, openInspection(d, as(a, '2026-03-09'), opening(subjectId, team, { matterCodes: [MATTER.matterId, 'OFF-LIST'] })), 'inspection.matter_not_listed', 'matterCodes.1');
  await t.rejects(openInspection(d, as(inspector('insp-gz', '360700'), '2026-03-09'), opening(subjectId, team)), RegionScopeError);
  const opened = await openInspection(d, as(a, '2026-03-09'), opening(subjectId, team));
  t.same(opened.result, { inspectionId: 'insp-2026-001' });

  await recordMatterChecked(d, as(a, '2026-03-09'), 'insp-2026-001', { matterCode: MATTER.matterId, checkedOn: '2026-03-09' });
  await rejectsWith(t, recordMatterChecked(d, as(inspector(others[0]!), '2026-03-09'), 'insp-2026-001', { matterCode: MATTER.matterId, checkedOn: '2026-03-09' }), 'inspection.not_on_team', 'inspectorId');
  await attachEvidence(d, as(b, '2026-03-10'), 'insp-2026-001', { evidenceId: 'ev-1', sha256: HASH('a'), description: '签到表与监控记录比对', attachedOn: '2026-03-10' });
  await raiseFinding(d, as(a, '2026-03-10'), finding(subjectId, region, { evidence: [{ sha256: HASH('a'), description: '签到表' }] }));
  await rejectsWith(t, raiseFinding(d, as(a, '2026-03-10'), finding(subjectId, region, { findingId: 'f-x', regionCode: '360111' })), 'finding.inspection_mismatch', 'regionCode');
  await rejectsWith(t, recordSubjectResult(d, as(a, '2026-03-10'), 'insp-2026-001', { subject: { kind: 'institution', id: subjectId }, outcome: 'findings', findingIds: ['f-nope'], recordedOn: '2026-03-10' }), 'inspection.unknown_finding', 'findingIds.0');
  await recordSubjectResult(d, as(a, '2026-03-10'), 'insp-2026-001', { subject: { kind: 'institution', id: subjectId }, outcome: 'findings', findingIds: ['f-001'], evidenceIds: ['ev-1'], recordedOn: '2026-03-10' });
  await completeInspection(d, as(b, '2026-03-12'), 'insp-2026-001', { endedOn: '2026-03-12' });
  // 20 working days after Thu 12 March 2026, Qingming (4–6 April) off: Fri 10 April
  t.equal((await loadInspection(d, 'insp-2026-001')).completion?.publicationDueOn, '2026-04-10', 'the end date starts the publication clock');
  await publishInspectionResults(d, as(a, '2026-03-20'), 'insp-2026-001', { publishedOn: '2026-03-20', publicationRef: 'http://rst.example.gov.cn/sjgk/2026-1' });
  t.equal((await loadInspection(d, 'insp-2026-001')).publication?.onTime, true);

  // notice on Tue 10 March + 20 working days (Qingming off) = Wed 8 April; +5 approved = Wed 15 April
  let f = await loadFinding(d, 'f-001');
  t.equal(f.deadlineOn, '2026-04-08');
  const ext = await requestDeadlineExtension(d, as(registrar, '2026-03-20'), 'f-001', { additionalWorkingDays: 5, reason: '需重新组织补课', requestedOn: '2026-03-20' });
  const extensionId = String(ext.result?.extensionId);
  await rejectsWith(t, decideDeadlineExtension(d, as({ ...principals.admin, id: registrar.id }, '2026-03-21'), 'f-001', extensionId, { decision: 'approve', decidedOn: '2026-03-21' }), 'finding.same_person', 'decidedBy');
  await decideDeadlineExtension(d, as(principals.admin, '2026-03-23'), 'f-001', extensionId, { decision: 'approve', decidedOn: '2026-03-23' });
  t.equal((await loadFinding(d, 'f-001')).deadlineOn, '2026-04-15', 'an approved extension moves the deadline');

  const evidence = [{ sha256: HASH('b'), description: '补课签到表' }];
  const first = await submitRectification(d, as(registrar, '2026-03-25'), 'f-001', { submissionId: 'sub-1', measuresTaken: '已补课 16 课时', evidence, submittedOn: '2026-03-25' });
  t.same(first.result, { findingId: 'f-001', submissionId: 'sub-1' });
  await verifyRectification(d, as(a, '2026-03-26'), 'f-001', { submissionId: 'sub-1', decision: 'reject', conclusion: '补课记录不完整', verifiedOn: '2026-03-26' });
  t.equal((await loadFinding(d, 'f-001')).status, 'open', 'rejected: open again');

  // the resubmission is recorded by inspector A on site: A may not verify it (four eyes)
  await submitRectification(d, as(a, '2026-03-30'), 'f-001', { submissionId: 'sub-2', measuresTaken: '补课并退回多领补贴', evidence, submittedOn: '2026-03-30' });
  await rejectsWith(t, verifyRectification(d, as(a, '2026-03-31'), 'f-001', { submissionId: 'sub-2', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-31' }), 'finding.same_person', 'verifierId');
  const c = inspector(others[0]!);
  await declareRecusal(d, as(c, '2026-03-31'), 'f-001', { reason: '与该机构负责人系亲属', declaredOn: '2026-03-31' });
  await rejectsWith(t, verifyRectification(d, as(c, '2026-03-31'), 'f-001', { submissionId: 'sub-2', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-31' }), 'finding.verifier_recused', 'verifierId');
  await verifyRectification(d, as(b, '2026-03-31'), 'f-001', { submissionId: 'sub-2', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-31' });
  await closeFinding(d, as(b, '2026-04-01'), 'f-001', { closedOn: '2026-04-01' });
  f = await loadFinding(d, 'f-001');
  t.equal(f.status, 'closed');
  t.same(f.submissions.map((s) => [s.submissionId, s.outcome, s.verifierId]), [['sub-1', 'rejected', a.id], ['sub-2', 'verified', b.id]]);
  await rejectsWith(t, withdrawFinding(d, as(a, '2026-04-02'), 'f-001', { reason: '误报', withdrawnOn: '2026-04-02' }), 'finding.already_closed');

  const types = (await app.rawStore.readStream('finding-f-001')).map((e) => e.type);
  t.same(types, [
    'FindingRaised', 'FindingDeadlineExtensionRequested', 'FindingDeadlineExtended', 'FindingRectificationSubmitted', 'FindingRectificationRejected',
    'FindingRectificationSubmitted', 'FindingInspectorRecused', 'FindingRectificationVerified', 'FindingClosed',
  ]);
});

t.test('a special inspection states its basis; a mistaken finding is withdrawn, not deleted', async (t) => {
  const app = await openTestApp(t);
  const d = app.deps;
  await publishInspectionMatter(d, as(principals.admin, '2026-03-01'), '360000', { matterId: MATTER.matterId, title: MATTER.title, basis: '办法', content: '培训', publishedOn: '2026-03-01' });
  const subjectId = draftCommand().subjects[0]!.id;
  const team = ['insp-a', 'insp-b'];
  await openInspection(d, as(inspector('insp-a'), '2026-03-09'), opening(subjectId, team, { basis: { kind: 'special', statedBasis: '群众举报: 虚报培训人数' } }));
  t.equal((await loadInspection(d, 'insp-2026-001')).opened?.basis.kind, 'special');
  await raiseFinding(d, as(inspector('insp-a'), '2026-03-10'), finding(subjectId, '360102'));
  await withdrawFinding(d, as(inspector('insp-b'), '2026-03-11'), 'f-001', { reason: '核实后系统录入错误', withdrawnOn: '2026-03-11' });
  const f = await loadFinding(d, 'f-001');
  t.equal(f.status, 'withdrawn');
  t.equal(f.withdrawn?.reason, '核实后系统录入错误');
  await rejectsWith(t, submitRectification(d, as(registrar, '2026-03-12'), 'f-001', { measuresTaken: 'x', evidence: [{ sha256: HASH('c'), description: 'd' }], submittedOn: '2026-03-12' }), 'finding.wrong_status');
  await t.rejects(loadFinding(d, 'f-001').then(() => withdrawFinding(d, as(inspector('insp-gz', '360700'), '2026-03-12'), 'f-001', { reason: 'x', withdrawnOn: '2026-03-12' })), RegionScopeError, 'another region’s finding');
});

t.test('recusal from the draw\'s inspector roster: a former employee of the institution cannot verify its finding', async (t) => {
  const app = await openTestApp(t);
  const d = app.deps;
  await givenDrawnPlan(app);
  const plan = await loadInspectionPlan(d, 'NC-2026-SJ-001');
  if (!plan.exists || !plan.drawn?.ok) throw new Error('fixture: the plan did not draw');
  // the roster lists INSP-03 as formerly employed by, or INSP-02 in conflict with, these subjects
  const conflicted = plan.content.inspectors.flatMap((i) => [...(i.formerEmployerIds ?? []), ...(i.conflictInstitutionIds ?? [])].map((inst) => [i.id, inst] as const));
  const hit = plan.drawn.outcome.assignments.flatMap((a) => conflicted.filter(([, inst]) => inst === a.subjectId).map(([who]) => ({ a, who })))[0];
  if (!hit) {
    t.fail('fixture: no drawn subject has a conflicted inspector on the roster');
    return;
  }
  const region = opening(hit.a.subjectId, hit.a.inspectorIds).regionCode;
  await openInspection(d, as(inspector(hit.a.inspectorIds[0]!), '2026-03-09'), opening(hit.a.subjectId, hit.a.inspectorIds));
  await raiseFinding(d, as(inspector(hit.a.inspectorIds[0]!), '2026-03-10'), finding(hit.a.subjectId, region));
  await submitRectification(d, as(registrar, '2026-03-12'), 'f-001', { submissionId: 's-1', measuresTaken: '已整改', evidence: [{ sha256: HASH('d'), description: '说明' }], submittedOn: '2026-03-12' });
  await rejectsWith(t, verifyRectification(d, as(inspector(hit.who), '2026-03-13'), 'f-001', { submissionId: 's-1', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-13' }), 'finding.verifier_recused', 'verifierId');
  await verifyRectification(d, as(inspector(hit.a.inspectorIds[1]!), '2026-03-13'), 'f-001', { submissionId: 's-1', decision: 'accept', conclusion: '整改到位', verifiedOn: '2026-03-13' });
  t.equal((await loadFinding(d, 'f-001')).status, 'verified');
});
