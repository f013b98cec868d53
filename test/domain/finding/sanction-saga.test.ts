import t from 'tap';
import { fold, isRejection } from '../../../src/domain/decider.ts';
import type { FindingEvent } from '../../../src/domain/finding/events.ts';
import { overdueSanction, parseIssueSanction, planSanction, type IssueSanction } from '../../../src/domain/finding/sanction-saga.ts';
import { DEFAULT_INSPECTION_RULES } from '../../../src/domain/inspection/rules.ts';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { decider, FINDING, INSTITUTION, raised, submitted } from './fixtures.ts';

const registered: InstitutionEvent = {
  type: 'InstitutionRegistered',
  data: { creditCode: INSTITUTION, licenceNumber: '人社民3601002000123号', name: '南昌市某职业培训学校', address: '南昌市红谷滩区某路 1 号', nature: 'private', regionCode: '360100', occupations: ['4-03-02-01'], creditGrade: 'B', registeredOn: '2025-01-02' },
};
const listed: InstitutionEvent = { type: 'InstitutionListed', data: { listedOn: '2025-02-01', reason: 'approved for the catalogue' } };

const findingState = (events: FindingEvent[]) => fold(decider, events);

/** Runs a plan's steps against in-memory streams, as the app layer would, step by step. */
function run(plan: ReturnType<typeof planSanction>, institution: InstitutionEvent[], finding: FindingEvent[]) {
  if (isRejection(plan)) throw new Error(plan.code);
  for (const step of plan.steps) {
    if (step.aggregate === 'institution') {
      const d = institutionDecider.decide(step.command, fold(institutionDecider, institution));
      if (isRejection(d)) return d;
      institution.push(...d);
    } else {
      const d = decider.decide(step.command, fold(decider, finding));
      if (isRejection(d)) return d;
      finding.push(...d);
    }
  }
  return undefined;
}

const sanction = (patch: Record<string, unknown>): IssueSanction => {
  const c = parseIssueSanction({ type: 'IssueSanction', findingId: FINDING, sanctionId: 'S-1', on: '2026-02-12', reason: '代签问题严重', step: 'delist', ...patch });
  if (isRejection(c)) throw new Error(`${c.code} ${c.field}: ${c.message}`);
  return c;
};

t.test('the institution decides first, then the finding records it, with the finding as reference', async (t) => {
  const plan = planSanction(sanction({}), findingState([raised]));
  if (isRejection(plan)) return t.fail(plan.code);
  t.same(plan.steps.map((s) => [s.aggregate, s.stream, s.command.type]), [
    ['institution', `institution-${INSTITUTION}`, 'DelistInstitution'],
    ['finding', `finding-${FINDING}`, 'RecordSanction'],
  ]);
  t.same(plan.compensation, []);
  const institution = [registered, listed];
  const finding: FindingEvent[] = [raised];
  t.equal(run(plan, institution, finding), undefined);
  t.match(institution.at(-1), { type: 'InstitutionDelisted', data: { on: '2026-02-12', reason: '代签问题严重', reference: '问题台账 赣人社稽〔2026〕7号-1 (finding F-2026-0007)' } });
  t.match(finding.at(-1), { type: 'FindingSanctionRecorded', data: { sanctionId: 'S-1', step: 'delist', trigger: 'finding' } });
  t.test('a repeat plans the finding step alone, which decides nothing', async (t) => {
    const again = planSanction(sanction({}), findingState(finding));
    if (isRejection(again)) return t.fail(again.code);
    t.same(again.steps.map((s) => s.aggregate), ['finding']);
    const before = institution.length + finding.length;
    t.equal(run(again, institution, finding), undefined);
    t.equal(institution.length + finding.length, before, 'nothing written twice');
  });
});

t.test('each rung maps onto the institution command of the ladder', async (t) => {
  const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
    [{ step: 'interview' }, 'InterviewInstitution', { on: '2026-02-12' }],
    [{ step: 'rectification_notice', deadline: '2026-02-24' }, 'IssueRectificationNotice', { on: '2026-02-12', deadline: '2026-02-24' }],
    [{ step: 'suspend', to: '2026-05-31' }, 'SuspendInstitution', { from: '2026-02-12', to: '2026-05-31' }],
    [{ step: 'blacklist', until: '2029-02-11' }, 'BlacklistInstitution', { from: '2026-02-12', until: '2029-02-11' }],
    [{ step: 'blacklist' }, 'BlacklistInstitution', { from: '2026-02-12' }],
    [{ step: 'revoke_licence' }, 'RevokeLicence', { on: '2026-02-12' }],
  ];
  for (const [patch, type, fields] of cases) {
    const plan = planSanction(sanction(patch), findingState([raised]));
    if (isRejection(plan)) return t.fail(plan.code);
    t.match(plan.steps[0]?.command, { type, ...fields }, `${String(patch.step)} → ${type}`);
    const institution = [registered, listed];
    t.equal(run(plan, institution, [raised]), undefined, `${type} is accepted by the ladder`);
  }
  const permanent = planSanction(sanction({ step: 'blacklist' }), findingState([raised]));
  if (!isRejection(permanent)) t.notOk('until' in (permanent.steps[0]?.command ?? {}), 'no term means no `until` key');
});

t.test('refusals', async (t) => {
  t.test('the ladder refuses: nothing is recorded on the finding', async (t) => {
    const delisted: InstitutionEvent = { type: 'InstitutionDelisted', data: { on: '2026-01-05', reason: '已移出目录' } };
    const institution = [registered, listed, delisted];
    const finding: FindingEvent[] = [raised];
    const refusal = run(planSanction(sanction({ sanctionId: 'S-2' }), findingState(finding)), institution, finding);
    t.match(refusal, { code: 'institution.already_delisted' });
    t.equal(finding.length, 1);
  });
  t.test('a withdrawn or unknown finding issues nothing; nor before it was raised', async (t) => {
    const withdrawn: FindingEvent = { type: 'FindingWithdrawn', data: { reason: '误报', withdrawnBy: 'admin-1', withdrawnOn: '2026-02-11' } };
    t.match(planSanction(sanction({}), findingState([raised, withdrawn])), { code: 'finding.wrong_status' });
    t.match(planSanction(sanction({}), findingState([])), { code: 'finding.not_raised' });
    t.match(planSanction(sanction({ on: '2026-02-08' }), findingState([raised])), { code: 'finding.sanction_before_finding', field: 'on' });
  });
  t.test('input: each rung needs its dates; free text without personal numbers', async (t) => {
    t.match(parseIssueSanction({ type: 'IssueSanction', findingId: FINDING, sanctionId: 'S-1', on: '2026-02-12', reason: 'x', step: 'suspend' }), { code: 'finding.invalid_command', field: 'to' });
    t.match(parseIssueSanction({ type: 'IssueSanction', findingId: FINDING, sanctionId: 'S-1', on: '2026-02-12', reason: '负责人 13800138000', step: 'delist' }), { code: 'finding.invalid_command', field: 'reason' });
  });
});

t.test('an overdue rectification leads to the sanction the rules name (local policy)', async (t) => {
  const rules = { ...DEFAULT_INSPECTION_RULES, overdueRectificationSanction: 'delist' as const };
  const open = findingState([raised]);
  // Deadline 2026-02-24 ends at 24:00: at 23:59:59 nothing, at 00:00 on 02-25 the sanction.
  t.equal(overdueSanction(open, '2026-02-24T23:59:59+08:00', rules), undefined, 'not overdue on the last day');
  t.match(overdueSanction(open, '2026-02-25T00:00:00+08:00', rules), { step: 'delist', sanctionId: 'overdue-2026-02-24', trigger: 'overdue', on: '2026-02-25' });
  t.match(overdueSanction(open, '2026-02-24T16:00:00Z', rules), { on: '2026-02-25' }, '16:00Z is 00:00 in Shanghai');
  t.equal(overdueSanction(open, '2026-03-02T09:00:00+08:00', DEFAULT_INSPECTION_RULES), undefined, 'no sanction where the rules say none');
  t.equal(overdueSanction(findingState([raised, submitted()]), '2026-03-02T09:00:00+08:00', rules), undefined, 'a rectification awaiting verification is not the unit\'s delay');
  const c = overdueSanction(open, '2026-03-02T09:00:00+08:00', { ...rules, overdueRectificationSanction: 'interview' });
  t.match(c, { step: 'interview' });
  const recorded: FindingEvent = { type: 'FindingSanctionRecorded', data: { sanctionId: 'overdue-2026-02-24', step: 'delist', trigger: 'overdue', reason: '整改逾期', on: '2026-02-25' } };
  t.equal(overdueSanction(findingState([raised, recorded]), '2026-03-02T09:00:00+08:00', rules), undefined, 'issued once per deadline');
  t.throws(() => overdueSanction(open, '2026-03-02 09:00', rules), { code: 'calendar.invalid_instant' });
  const plan = planSanction(overdueSanction(open, '2026-02-25T08:00:00+08:00', rules)!, open);
  if (isRejection(plan)) return t.fail(plan.code);
  const institution = [registered, listed];
  t.equal(run(plan, institution, [raised]), undefined);
  t.match(institution.at(-1), { type: 'InstitutionDelisted', data: { on: '2026-02-25' } });
});
