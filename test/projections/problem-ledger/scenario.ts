import type { FindingCommandOf } from '../../../src/domain/finding/commands.ts';
import { findingDecider, findingStream } from '../../../src/domain/finding/decider.ts';
import { recoveryOrderDecider, recoveryOrderStream } from '../../../src/domain/recovery-order/decider.ts';
import { loadCalendar } from '../../../src/policy/load.ts';
import { TestLog } from './log.ts';

export const calendar = loadCalendar();
export const NANCHANG_SCHOOL = '91350100M000100Y43';
export const OTHER_SCHOOL = '91110000600037341L';
const sha = (c: string) => c.repeat(64);

const findings = findingDecider({ calendar, outstandingRecoveryFen: 0 });

export function raise(id: string, patch: Partial<FindingCommandOf<'RaiseFinding'>>): FindingCommandOf<'RaiseFinding'> {
  return {
    type: 'RaiseFinding',
    findingId: id,
    number: `2026-${id}`,
    inspectionId: 'INS-1',
    category: 'proxy_signature',
    description: '签到表由他人代签',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    classIds: ['CLS-1'],
    applicationIds: ['APP-1'],
    paymentIds: ['PAY-1', 'PAY-2'],
    amountInvolvedFen: 300_000,
    responsibleUnit: '南昌市某职业培训学校',
    responsiblePerson: { personRef: null, maskedName: '张*', role: '校长' },
    measuresRequired: '退回补贴，整改考勤制度',
    deadlineWorkingDays: 5,
    noticeOn: '2026-02-10',
    evidence: [],
    raisedBy: 'insp-a',
    raisedOn: '2026-02-09',
    ...patch,
  };
}

/**
 * Six findings, deadlines counted by hand (the decider computes them; the tests assert them):
 * - F1 notice Tue 02-10 + 5 WD: 02-11, 02-12, 02-13, Sat 02-14 (worked), [02-15..02-23 off], Tue 02-24.
 * - F2 notice Tue 02-10 + 3 WD: 02-11, 02-12, Fri 02-13.
 * - F3 notice Tue 09-29 + 3 WD: 09-30, [10-01..10-07 off], Thu 10-08, Fri 10-09.
 * - F4 like F2, rectified, verified and closed (销号) with its money back.
 * - F5 like F2, withdrawn as a mistake.
 * - F6 like F2 at another school in 360200, rectification submitted late, awaiting verification.
 */
export function ledgerScenario(): TestLog {
  const log = new TestLog();
  const f = (id: string, command: Parameters<typeof findings.decide>[0]) => log.run(findingStream(id), findings, command);
  log.append(`institution-${NANCHANG_SCHOOL}`, {
    type: 'InstitutionRegistered',
    data: { creditCode: NANCHANG_SCHOOL, licenceNumber: '人社民3601002000123号', name: '南昌市某职业培训学校', address: '南昌市红谷滩区某路 1 号', nature: 'private', regionCode: '360100', occupations: ['4-03-02-01'], creditGrade: 'B', registeredOn: '2025-01-02' },
  });
  f('F1', raise('F1', { amountInvolvedFen: 300_000 }));
  f('F2', raise('F2', { deadlineWorkingDays: 3, category: 'fake_trainees', amountInvolvedFen: 120_000 }));
  f('F3', raise('F3', { deadlineWorkingDays: 3, noticeOn: '2026-09-29', raisedOn: '2026-09-28', category: 'hours_short', amountInvolvedFen: 50_000 }));
  f('F4', raise('F4', { deadlineWorkingDays: 3, amountInvolvedFen: 80_000, paymentIds: ['PAY-4'] }));
  f('F5', raise('F5', { deadlineWorkingDays: 3, amountInvolvedFen: 999_999 }));
  f('F6', raise('F6', { inspectionId: 'INS-2', deadlineWorkingDays: 3, institutionId: OTHER_SCHOOL, regionCode: '360200', amountInvolvedFen: 10_000, responsiblePerson: null }));

  // F1: an order for 270 000 fen, of which 150 000 came back through the fund.
  const orders = recoveryOrderDecider({ finding: { findingId: 'F1', status: 'open', paymentIds: ['PAY-1', 'PAY-2'], amountInvolvedFen: 300_000 } });
  log.run(recoveryOrderStream('RO-1'), orders, {
    type: 'IssueRecoveryOrder', orderId: 'RO-1', findingId: 'F1', documentRef: '洪人社追〔2026〕3号', issuedBy: 'fin-1', issuedOn: '2026-02-12',
    lines: [{ fundId: 'FUND-1', paymentId: 'PAY-1', applicationId: 'APP-1', amountFen: 150_000 }, { fundId: 'FUND-1', paymentId: 'PAY-2', applicationId: 'APP-2', amountFen: 120_000 }],
  });
  const recovery = (recoveryId: string, paymentId: string, amountFen: number, findingId: string | null) =>
    log.append('fund-FUND-1', { type: 'FundRecoveryReceived', data: { fundId: 'FUND-1', recoveryId, paymentId, applicationId: 'APP-1', amountFen, findingId, documentRef: '收款凭证', recoveredOn: '2026-02-13' } });
  recovery('R-1', 'PAY-1', 100_000, 'F1');
  recovery('R-2', 'PAY-1', 50_000, 'F1');
  recovery('R-X', 'PAY-9', 7_000, null); // not from a finding: not in the ledger

  // F5's order was withdrawn with the finding.
  const orders5 = recoveryOrderDecider({ finding: { findingId: 'F5', status: 'open', paymentIds: ['PAY-1'], amountInvolvedFen: 999_999 } });
  log.run(recoveryOrderStream('RO-5'), orders5, { type: 'IssueRecoveryOrder', orderId: 'RO-5', findingId: 'F5', documentRef: 'x', issuedBy: 'fin-1', issuedOn: '2026-02-11', lines: [{ fundId: 'FUND-1', paymentId: 'PAY-1', applicationId: 'APP-1', amountFen: 5_000 }] });
  log.run(recoveryOrderStream('RO-5'), orders5, { type: 'WithdrawRecoveryOrder', orderId: 'RO-5', reason: '问题撤销', withdrawnBy: 'fin-1', withdrawnOn: '2026-02-12' });
  f('F5', { type: 'WithdrawFinding', findingId: 'F5', reason: '误将他校班级记入', withdrawnBy: 'admin-1', withdrawnOn: '2026-02-12' });

  // F4: rejected once, then rectified, verified by another inspector, money back, closed.
  const submit = (id: string, submissionId: string, submittedOn: string) =>
    f(id, { type: 'SubmitRectification', findingId: id, submissionId, measuresTaken: '已退回补贴', evidence: [{ sha256: sha('d'), description: '退款凭证' }], submittedBy: 'inst-user-1', submittedOn });
  submit('F4', 'S-1', '2026-02-11');
  f('F4', { type: 'VerifyRectification', findingId: 'F4', submissionId: 'S-1', verifierId: 'insp-b', decision: 'reject', conclusion: '凭证不全', verifiedOn: '2026-02-12' });
  submit('F4', 'S-2', '2026-02-13');
  f('F4', { type: 'VerifyRectification', findingId: 'F4', submissionId: 'S-2', verifierId: 'insp-b', decision: 'accept', conclusion: '现场核查，整改到位', verifiedOn: '2026-02-24' });
  recovery('R-4', 'PAY-4', 80_000, 'F4');
  f('F4', { type: 'CloseFinding', findingId: 'F4', closedBy: 'admin-1', closedOn: '2026-02-25' });

  // F6: submitted after its deadline; awaiting verification, the clock still runs.
  submit('F6', 'S-1', '2026-02-24');

  // F1: one extension requested and refused, one sanction recorded.
  f('F1', { type: 'RequestDeadlineExtension', findingId: 'F1', extensionId: 'X-1', additionalWorkingDays: 5, reason: '节后人员未到岗', requestedBy: 'inst-user-1', requestedOn: '2026-02-12' });
  f('F1', { type: 'DecideDeadlineExtension', findingId: 'F1', extensionId: 'X-1', decision: 'refuse', decidedBy: 'admin-1', reason: '理由不充分', decidedOn: '2026-02-13' });
  f('F1', { type: 'RecordSanction', findingId: 'F1', sanctionId: 'S-1', step: 'interview', trigger: 'finding', reason: '约谈', on: '2026-02-13' });
  inspections(log);
  return log;
}

/** A name in a special inspection's stated basis: free text the disclosure must never show. */
export const NAME_IN_BASIS = '王小明';

/**
 * Three inspections, publication deadlines counted by hand (20 working days after the end):
 * - INS-1 (F1..F5) ended Fri 02-06: 02-09..02-13 (5), Sat 02-14 (6), [02-15..02-23 off],
 *   02-24..02-27 (10), Sat 02-28 (11), 03-02..03-06 (16), 03-09..03-12 (20): due 03-12; published 03-10.
 * - INS-2 (F6, a special inspection on a complaint) ended the same day, never published.
 * - INS-3, no findings, ended Fri 09-25: 09-28..09-30 (3), [10-01..10-07 off], 10-08, 10-09,
 *   Sat 10-10 (6), 10-12..10-16 (11), 10-19..10-23 (16), 10-26..10-29 (20): due 10-29.
 * - INS-4 is still under way: not listed.
 */
function inspections(log: TestLog): void {
  const open = (id: string, institutionId: string, regionCode: string, basis: Record<string, unknown>, startedOn: string) =>
    log.append(`inspection-${id}`, {
      type: 'InspectionOpened',
      data: { inspectionId: id, basis, institutionId, regionCode, classIds: ['CLS-1'], matterCodes: ['M-ROSTER', 'M-ATTENDANCE'], inspectorIds: ['insp-a', 'insp-b'], startedOn, openedBy: 'lead-1' },
    });
  const complete = (id: string, endedOn: string, publicationDueOn: string, subjectsWithFindings: number) =>
    log.append(`inspection-${id}`, { type: 'InspectionCompleted', data: { endedOn, completedBy: 'insp-a', publicationDueOn, subjectsWithFindings } });
  open('INS-1', NANCHANG_SCHOOL, '360100', { kind: 'draw', drawId: 'DRAW-2026-Q1', assignmentId: 'DRAW-2026-Q1.a7' }, '2026-02-02');
  complete('INS-1', '2026-02-06', '2026-03-12', 1);
  log.append('inspection-INS-1', { type: 'InspectionResultsPublished', data: { publishedOn: '2026-03-10', publicationRef: '洪人社公〔2026〕1号', publishedBy: 'admin-1', onTime: true } });
  open('INS-2', OTHER_SCHOOL, '360200', { kind: 'special', statedBasis: `群众举报（举报人${NAME_IN_BASIS}）`, documentRef: null }, '2026-02-03');
  complete('INS-2', '2026-02-06', '2026-03-12', 1);
  open('INS-3', NANCHANG_SCHOOL, '360100', { kind: 'draw', drawId: 'DRAW-2026-Q3', assignmentId: 'DRAW-2026-Q3.a1' }, '2026-09-21');
  complete('INS-3', '2026-09-25', '2026-10-29', 0);
  open('INS-4', NANCHANG_SCHOOL, '360100', { kind: 'draw', drawId: 'DRAW-2026-Q3', assignmentId: 'DRAW-2026-Q3.a2' }, '2026-10-12');
}
