import type { FindingCommandOf } from '../../../src/domain/finding/commands.ts';
import type { FindingContext } from '../../../src/domain/finding/context.ts';
import { findingDecider } from '../../../src/domain/finding/decider.ts';
import type { FindingEvent, FindingEventOf } from '../../../src/domain/finding/events.ts';
import { calendar } from '../inspection/fixtures.ts';

export { calendar };
export const ctx: FindingContext = { calendar, outstandingRecoveryFen: 0 };
export const decider = findingDecider(ctx);

export const FINDING = 'F-2026-0007';
export const INSTITUTION = '91350100M000100Y43';
export const sha = (c: string) => c.repeat(64);

export const raiseCommand: FindingCommandOf<'RaiseFinding'> = {
  type: 'RaiseFinding',
  findingId: FINDING,
  number: '赣人社稽〔2026〕7号-1',
  inspectionId: 'INS-2026-001',
  category: 'proxy_signature',
  description: '2026年1月电工班签到表 12 人次由他人代签',
  institutionId: INSTITUTION,
  regionCode: '360100',
  classIds: ['CLS-1'],
  applicationIds: ['APP-1', 'APP-2'],
  paymentIds: ['PAY-1', 'PAY-2'],
  amountInvolvedFen: 300_000,
  responsibleUnit: '南昌市某职业培训学校',
  responsiblePerson: { personRef: null, maskedName: '张*', role: '校长' },
  measuresRequired: '退回代签学员补贴，整改考勤制度',
  deadlineWorkingDays: 5,
  noticeOn: '2026-02-10',
  evidence: [{ sha256: sha('c'), description: '签到表比对' }],
  raisedBy: 'insp-a',
  raisedOn: '2026-02-09',
};

/**
 * Notice Tue 2026-02-10, 5 working days: 02-11, 02-12, 02-13 (1–3), Sat 02-14 worked (4),
 * 02-15..02-23 Spring Festival, Tue 02-24 (5). Deadline: 2026-02-24.
 */
export const raised: FindingEventOf<'FindingRaised'> = {
  type: 'FindingRaised',
  data: { ...(({ type: _t, ...rest }) => rest)(raiseCommand), deadlineOn: '2026-02-24' },
};

export const submitted = (submissionId = 'SUB-1', submittedBy = 'inst-user-1', submittedOn = '2026-02-13', onTime = true): FindingEvent => ({
  type: 'FindingRectificationSubmitted',
  data: { submissionId, measuresTaken: '已退回补贴并修订考勤制度', evidence: [{ sha256: sha('d'), description: '退款凭证' }], submittedBy, submittedOn, onTime },
});

export const submitCommand = (submissionId = 'SUB-1', submittedBy = 'inst-user-1', submittedOn = '2026-02-13'): FindingCommandOf<'SubmitRectification'> => ({
  type: 'SubmitRectification',
  findingId: FINDING,
  submissionId,
  measuresTaken: '已退回补贴并修订考勤制度',
  evidence: [{ sha256: sha('d'), description: '退款凭证' }],
  submittedBy,
  submittedOn,
});

export const verifyCommand = (verifierId: string, decision: 'accept' | 'reject' = 'accept', submissionId = 'SUB-1', verifiedOn = '2026-02-25'): FindingCommandOf<'VerifyRectification'> => ({
  type: 'VerifyRectification',
  findingId: FINDING,
  submissionId,
  verifierId,
  decision,
  conclusion: decision === 'accept' ? '现场核查，整改到位' : '退款凭证不全',
  verifiedOn,
});

export const verified = (verifierId = 'insp-b', submissionId = 'SUB-1', verifiedOn = '2026-02-25'): FindingEvent => ({
  type: 'FindingRectificationVerified',
  data: { submissionId, verifierId, conclusion: '现场核查，整改到位', verifiedOn },
});

export const rejected = (verifierId = 'insp-b', submissionId = 'SUB-1', rejectedOn = '2026-02-25'): FindingEvent => ({
  type: 'FindingRectificationRejected',
  data: { submissionId, verifierId, reasons: '退款凭证不全', rejectedOn },
});

export const closed: FindingEvent = { type: 'FindingClosed', data: { submissionId: 'SUB-1', closedBy: 'admin-1', closedOn: '2026-02-26' } };
