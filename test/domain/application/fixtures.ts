import { isRejection } from '../../../src/domain/decider.ts';
import { parseApplicationCommand, type ApplicationCommand } from '../../../src/domain/application/commands.ts';
import type { ApplicationContext, SubmissionFacts } from '../../../src/domain/application/context.ts';
import type { ApplicationEvent, ApplicationEventOf } from '../../../src/domain/application/events.ts';
import { initialEntitlementState } from '../../../src/domain/entitlement/state.ts';
import { loadPolicy } from '../../../src/policy/load.ts';

/** Jiangxi policy data and the 2025–2026 calendar, as loaded at start. */
export const policy = loadPolicy();

export const PERSON = 'p_q7Zr0kXb1mWc9yTfL2hN4w';
export const APP = 'APP-2026-0001';
export const ELECTRICIAN = '6-31-01-03';

/** A junior electrician certificate earned after an 80-hour catalogued class. */
export function facts(over: Partial<SubmissionFacts> = {}): SubmissionFacts {
  return {
    certificate: { serial: 'CERT-001', personRef: PERSON, occupationCode: ELECTRICIAN, level: 'junior', issuedOn: '2026-01-20' },
    trainingClass: {
      classId: 'CLS-1',
      institutionId: 'INST-1',
      projectId: 'PRJ-1',
      startOn: '2025-11-03',
      endOn: '2025-12-19',
      completed: true,
      onRoster: true,
      attendedHours: 80,
    },
    project: { projectId: 'PRJ-1', occupationCode: ELECTRICIAN, level: 'junior', standardHours: 80 },
    institution: { institutionId: 'INST-1', standing: { ok: true }, proxyAgreementOnFile: true },
    insuredMonths: undefined,
    shortageOccupation: false,
    entitlement: initialEntitlementState(),
    ...over,
  };
}

export const ctx = (over: Partial<SubmissionFacts> = {}): ApplicationContext => ({ policy, submission: facts(over) });

/** Parses like the app layer would, so defaults are filled in; throws on a bad fixture. */
export function cmd(input: Record<string, unknown>): ApplicationCommand {
  const c = parseApplicationCommand({ applicationId: APP, ...input });
  if (isRejection(c)) throw new Error(`fixture command invalid: ${c.message}`);
  return c;
}

export const submitCmd = (over: Record<string, unknown> = {}) =>
  cmd({ type: 'SubmitApplication', subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: PERSON, certificateSerial: 'CERT-001', classId: 'CLS-1', submittedOn: '2026-02-02', ...over });

export const submitted: ApplicationEventOf<'ApplicationSubmitted'> = {
  type: 'ApplicationSubmitted',
  data: {
    applicationId: APP,
    subsidyKind: 'training',
    applicant: { kind: 'trainee' },
    personRef: PERSON,
    certificate: { serial: 'CERT-001', occupationCode: ELECTRICIAN, level: 'junior', issuedOn: '2026-01-20' },
    classId: 'CLS-1',
    institutionId: 'INST-1',
    projectId: 'PRJ-1',
    quotaYear: 2026,
    shortageOccupation: false,
    amountFen: 120000,
    amountBasis: {
      rule: 'standard_rate',
      policyEffectiveFrom: '2019-01-01',
      policySource: '赣人社发〔2019〕3号',
      rateFen: 120000,
      standardHours: 80,
      attendedHours: 80,
      fullDays: null,
      capFen: null,
    },
    submittedOn: '2026-02-02',
  },
};

export const initialPassed: ApplicationEvent = { type: 'ApplicationInitialReviewPassed', data: { reviewerId: 'rev-li', reviewedOn: '2026-02-03' } };
export const finalPassed: ApplicationEvent = { type: 'ApplicationFinalReviewPassed', data: { reviewerId: 'rev-wang', reviewedOn: '2026-02-04' } };
/** Publicity from Mon 2026-02-09: five working days end on Sat 2026-02-14, a worked weekend day (调休). */
export const publicityStarted: ApplicationEvent = { type: 'ApplicationPublicityStarted', data: { startOn: '2026-02-09', endOn: '2026-02-14', workingDays: 5 } };
export const approved: ApplicationEventOf<'ApplicationApprovedForPayment'> = { type: 'ApplicationApprovedForPayment', data: { fundId: 'FUND-1', amountFen: 120000, approvedBy: 'fin-zhao', approvedOn: '2026-02-24' } };
export const instructed = (paymentId = 'PAY-1'): ApplicationEvent => ({
  type: 'ApplicationPaymentInstructed',
  data: { paymentId, fundId: 'FUND-1', amountFen: 120000, payee: 'trainee', instructedOn: '2026-02-25' },
});
export const paid = (paymentId = 'PAY-1'): ApplicationEvent => ({ type: 'ApplicationPaid', data: { paymentId, amountFen: 120000, paidOn: '2026-02-26' } });
export const bounced = (paymentId = 'PAY-1'): ApplicationEvent => ({ type: 'ApplicationPaymentBounced', data: { paymentId, reasonCode: 'bank.account_closed', bouncedOn: '2026-02-26' } });

export const inReview = [submitted];
export const reviewed = [submitted, initialPassed, finalPassed];
export const inPublicity = [...reviewed, publicityStarted];
export const approvedForPayment = [...inPublicity, approved];
export const paymentInFlight = [...approvedForPayment, instructed()];
export const paidOut = [...paymentInFlight, paid()];
