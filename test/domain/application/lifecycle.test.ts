import t from 'tap';
import { applicationDecider } from '../../../src/domain/application/decider.ts';
import { parseApplicationCommand } from '../../../src/domain/application/commands.ts';
import type { ApplicationEvent } from '../../../src/domain/application/events.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { spec } from '../spec.ts';
import {
  APP,
  approved,
  approvedForPayment,
  bounced,
  cmd,
  finalPassed,
  inPublicity,
  inReview,
  initialPassed,
  instructed,
  paid,
  paidOut,
  paymentInFlight,
  policy,
  publicityStarted,
  reviewed,
  submitted,
} from './fixtures.ts';

const app = (t: Parameters<typeof spec>[0]) => spec(t, applicationDecider({ policy }));
const review = (type: 'InitialReview' | 'FinalReview', reviewerId: string, decision: 'approve' | 'reject', reasonCode: string | null = null, reviewedOn = '2026-02-03') =>
  cmd({ type, reviewerId, decision, reasonCode, reviewedOn });
const rejected = (stage: 'initial_review' | 'final_review' | 'objection', decidedBy: string, reasonCode: string, rejectedOn: string): ApplicationEvent => ({
  type: 'ApplicationRejected',
  data: { stage, reasonCode, decidedBy, rejectedOn },
});

t.test('any command before submission is application.not_submitted', async (t) => {
  app(t).given([]).when(review('InitialReview', 'rev-li', 'approve')).thenRejects('application.not_submitted', 'applicationId');
});

t.test('initial review (初审)', async (t) => {
  t.test('approve', async (t) => {
    app(t).given(inReview).when(review('InitialReview', 'rev-li', 'approve')).then([initialPassed]);
  });
  t.test('reject with a reason code', async (t) => {
    const s = app(t).given(inReview).when(review('InitialReview', 'rev-li', 'reject', 'documents_incomplete')).then([rejected('initial_review', 'rev-li', 'documents_incomplete', '2026-02-03')]);
    t.equal(s.status, 'rejected');
  });
  t.test('a rejection without a reason code names the field', async (t) => {
    const r = parseApplicationCommand({ type: 'InitialReview', applicationId: APP, reviewerId: 'rev-li', decision: 'reject', reviewedOn: '2026-02-03' });
    t.ok(isRejection(r) && r.code === 'application.invalid_command' && r.field === 'reasonCode');
  });
  t.test('the same review again decides nothing; a different one is application.wrong_status', async (t) => {
    app(t).given([submitted, initialPassed]).when(review('InitialReview', 'rev-li', 'approve')).then([]);
    app(t).given([submitted, initialPassed]).when(review('InitialReview', 'rev-li', 'reject', 'x')).thenRejects('application.wrong_status', 'applicationId');
  });
});

t.test('final review (复审): four eyes', async (t) => {
  t.test('approve by another reviewer', async (t) => {
    app(t).given([submitted, initialPassed]).when(review('FinalReview', 'rev-wang', 'approve', null, '2026-02-04')).then([finalPassed]);
  });
  t.test('reject by another reviewer', async (t) => {
    app(t).given([submitted, initialPassed]).when(review('FinalReview', 'rev-wang', 'reject', 'hours_unverified', '2026-02-04')).then([rejected('final_review', 'rev-wang', 'hours_unverified', '2026-02-04')]);
  });
  t.test('the initial reviewer may neither approve nor reject: application.same_reviewer', async (t) => {
    app(t).given([submitted, initialPassed]).when(review('FinalReview', 'rev-li', 'approve')).thenRejects('application.same_reviewer', 'reviewerId');
    app(t).given([submitted, initialPassed]).when(review('FinalReview', 'rev-li', 'reject', 'x')).thenRejects('application.same_reviewer');
  });
  t.test('before the initial review: application.wrong_status', async (t) => {
    app(t).given(inReview).when(review('FinalReview', 'rev-wang', 'approve')).thenRejects('application.wrong_status');
  });
  t.test('the same final review again decides nothing', async (t) => {
    app(t).given(reviewed).when(review('FinalReview', 'rev-wang', 'approve')).then([]);
  });
});

t.test('publicity (公示), worked by hand on the 2026 calendar', async (t) => {
  const start = (startOn: string) => cmd({ type: 'StartPublicity', startOn });
  t.test('from Mon 2026-02-09, five working days end on Sat 02-14 (a worked weekend day)', async (t) => {
    app(t).given(reviewed).when(start('2026-02-09')).then([publicityStarted]);
  });
  t.test('from Thu 2026-02-12: 13, 14, then the Spring Festival 15–23 is skipped: 24, 25, 26', async (t) => {
    app(t).given(reviewed).when(start('2026-02-12')).then([{ type: 'ApplicationPublicityStarted', data: { startOn: '2026-02-12', endOn: '2026-02-26', workingDays: 5 } }]);
  });
  t.test('from Sun 2025-09-28 (worked): 29, 30, then National Day 10-01–08 off, 09, 10, 11 (worked Saturday)', async (t) => {
    // A history reviewed in September 2025: publicity may not start before its final review.
    const reviewed2025: ApplicationEvent[] = [
      { ...submitted, data: { ...submitted.data, submittedOn: '2025-09-20' } },
      { type: 'ApplicationInitialReviewPassed', data: { reviewerId: 'rev-li', reviewedOn: '2025-09-25' } },
      { type: 'ApplicationFinalReviewPassed', data: { reviewerId: 'rev-wang', reviewedOn: '2025-09-26' } },
    ];
    app(t).given(reviewed2025).when(start('2025-09-28')).then([{ type: 'ApplicationPublicityStarted', data: { startOn: '2025-09-28', endOn: '2025-10-11', workingDays: 5 } }]);
  });
  t.test('a period running past the loaded calendar: application.calendar_out_of_range', async (t) => {
    app(t).given(reviewed).when(start('2026-12-28')).thenRejects('application.calendar_out_of_range', 'startOn');
  });
  t.test('before the final review: application.wrong_status', async (t) => {
    app(t).given([submitted, initialPassed]).when(start('2026-02-09')).thenRejects('application.wrong_status');
  });
  t.test('the same start again decides nothing', async (t) => {
    app(t).given(inPublicity).when(start('2026-02-09')).then([]);
    app(t).given(inPublicity).when(start('2026-02-10')).thenRejects('application.wrong_status');
  });
});

t.test('objections', async (t) => {
  const raise = (objectionId: string, raisedOn: string) => cmd({ type: 'RaiseObjection', objectionId, groundsCode: 'trainee_absent', raisedOn });
  const raised = (objectionId: string, raisedOn: string): ApplicationEvent => ({ type: 'ApplicationObjectionRaised', data: { objectionId, groundsCode: 'trainee_absent', raisedOn } });
  const resolve = (outcome: 'upheld' | 'dismissed', objectionId = 'OBJ-1') => cmd({ type: 'ResolveObjection', objectionId, outcome, reasonCode: 'investigated', resolvedBy: 'insp-chen', resolvedOn: '2026-02-20' });
  const resolved = (outcome: 'upheld' | 'dismissed'): ApplicationEvent => ({ type: 'ApplicationObjectionResolved', data: { objectionId: 'OBJ-1', outcome, reasonCode: 'investigated', resolvedBy: 'insp-chen', resolvedOn: '2026-02-20' } });
  t.test('raised on the first and on the last day of publicity', async (t) => {
    app(t).given(inPublicity).when(raise('OBJ-1', '2026-02-09')).then([raised('OBJ-1', '2026-02-09')]);
    app(t).given(inPublicity).when(raise('OBJ-1', '2026-02-14')).then([raised('OBJ-1', '2026-02-14')]);
  });
  t.test('the day after the end: application.outside_publicity', async (t) => {
    app(t).given(inPublicity).when(raise('OBJ-1', '2026-02-15')).thenRejects('application.outside_publicity', 'raisedOn');
    app(t).given(inPublicity).when(raise('OBJ-1', '2026-02-08')).thenRejects('application.outside_publicity');
  });
  t.test('before publicity: application.wrong_status', async (t) => {
    app(t).given(reviewed).when(raise('OBJ-1', '2026-02-09')).thenRejects('application.wrong_status');
  });
  t.test('the same objection again decides nothing; its id reused differently is application.objection_id_conflict', async (t) => {
    app(t).given([...inPublicity, raised('OBJ-1', '2026-02-10')]).when(raise('OBJ-1', '2026-02-10')).then([]);
    app(t).given([...inPublicity, raised('OBJ-1', '2026-02-10')]).when(raise('OBJ-1', '2026-02-11')).thenRejects('application.objection_id_conflict', 'objectionId');
  });
  t.test('dismissed: the application goes on', async (t) => {
    const s = app(t).given([...inPublicity, raised('OBJ-1', '2026-02-10')]).when(resolve('dismissed')).then([resolved('dismissed')]);
    t.equal(s.status, 'in_publicity');
  });
  t.test('upheld: the application is rejected at the objection stage', async (t) => {
    app(t).given([...inPublicity, raised('OBJ-1', '2026-02-10')]).when(resolve('upheld')).then([resolved('upheld'), rejected('objection', 'insp-chen', 'investigated', '2026-02-20')]);
  });
  t.test('an unknown objection: application.unknown_objection', async (t) => {
    app(t).given(inPublicity).when(resolve('dismissed')).thenRejects('application.unknown_objection', 'objectionId');
  });
  t.test('resolved again the same way decides nothing; the other way is application.objection_already_resolved', async (t) => {
    const given = [...inPublicity, raised('OBJ-1', '2026-02-10'), resolved('upheld'), rejected('objection', 'insp-chen', 'investigated', '2026-02-20')];
    app(t).given(given).when(resolve('upheld')).then([]);
    app(t).given(given).when(resolve('dismissed')).thenRejects('application.objection_already_resolved', 'outcome');
  });
  t.test('approval waits for every objection: application.objection_open', async (t) => {
    app(t).given([...inPublicity, raised('OBJ-1', '2026-02-10')]).when(approve()).thenRejects('application.objection_open');
  });
});

const approve = (approvedOn = '2026-02-24', fundId = 'FUND-1') => cmd({ type: 'ApproveForPayment', fundId, approvedBy: 'fin-zhao', approvedOn });

t.test('approval for payment', async (t) => {
  t.test('the day after publicity ends', async (t) => {
    app(t).given(inPublicity).when(approve('2026-02-15')).then([{ ...approved, data: { ...approved.data, approvedOn: '2026-02-15' } }]);
  });
  t.test('on the last day of publicity: application.publicity_not_ended', async (t) => {
    app(t).given(inPublicity).when(approve('2026-02-14')).thenRejects('application.publicity_not_ended', 'approvedOn');
  });
  t.test('before publicity: application.wrong_status', async (t) => {
    app(t).given(reviewed).when(approve()).thenRejects('application.wrong_status');
  });
  t.test('the same approval again decides nothing; on another fund it is application.already_approved', async (t) => {
    app(t).given(approvedForPayment).when(approve()).then([]);
    app(t).given(approvedForPayment).when(approve('2026-02-24', 'FUND-2')).thenRejects('application.already_approved', 'fundId');
  });
});

t.test('payment', async (t) => {
  const instruct = (paymentId = 'PAY-1') => cmd({ type: 'InstructApplicationPayment', paymentId, instructedOn: '2026-02-25' });
  const confirm = (paymentId = 'PAY-1') => cmd({ type: 'ConfirmApplicationPayment', paymentId, paidOn: '2026-02-26' });
  const bounce = (paymentId = 'PAY-1') => cmd({ type: 'BounceApplicationPayment', paymentId, reasonCode: 'bank.account_closed', bouncedOn: '2026-02-26' });
  t.test('instructed to the trainee for the approved amount', async (t) => {
    app(t).given(approvedForPayment).when(instruct()).then([instructed()]);
  });
  t.test('under a proxy agreement, to the institution', async (t) => {
    const proxySubmitted = { ...submitted, data: { ...submitted.data, applicant: { kind: 'institution' as const, institutionId: 'INST-1', proxyAgreementRef: 'p-1' } } };
    app(t).given([proxySubmitted, ...approvedForPayment.slice(1)]).when(instruct()).then([{ type: 'ApplicationPaymentInstructed', data: { paymentId: 'PAY-1', fundId: 'FUND-1', amountFen: 120000, payee: 'institution', instructedOn: '2026-02-25' } }]);
  });
  t.test('before approval: application.wrong_status; the same instruction again decides nothing', async (t) => {
    app(t).given(inPublicity).when(instruct()).thenRejects('application.wrong_status');
    app(t).given(paymentInFlight).when(instruct()).then([]);
  });
  t.test('another instruction while a payment is in flight or paid is fund.application_already_paid, as the fund answers a race', async (t) => {
    // Before: application.wrong_status (422) sequentially, while the parallel loser got the fund's 409.
    app(t).given(paymentInFlight).when(instruct('PAY-2')).thenRejects('fund.application_already_paid', 'applicationId');
    app(t).given(paidOut).when(instruct('PAY-2')).thenRejects('fund.application_already_paid', 'applicationId');
  });
  t.test('confirmed: paid; again decides nothing; another payment id is application.payment_mismatch', async (t) => {
    app(t).given(paymentInFlight).when(confirm()).then([paid()]);
    app(t).given(paidOut).when(confirm()).then([]);
    app(t).given(paymentInFlight).when(confirm('PAY-X')).thenRejects('application.payment_mismatch', 'paymentId');
    app(t).given(approvedForPayment).when(confirm()).thenRejects('application.wrong_status');
  });
  t.test('bounced: back to committed, and a new instruction may follow', async (t) => {
    const s = app(t).given(paymentInFlight).when(bounce()).then([bounced()]);
    t.equal(s.status, 'bounced');
    app(t).given([...paymentInFlight, bounced()]).when(instruct('PAY-2')).then([instructed('PAY-2')]);
    app(t).given([...paymentInFlight, bounced()]).when(bounce()).then([]);
  });
  t.test('the bounced payment id cannot be instructed or confirmed again: application.payment_mismatch', async (t) => {
    app(t).given([...paymentInFlight, bounced()]).when(instruct('PAY-1')).thenRejects('application.payment_mismatch');
    app(t).given([...paymentInFlight, bounced()]).when(confirm('PAY-1')).thenRejects('application.payment_mismatch');
  });
  t.test('a paid payment cannot bounce: application.wrong_status; an unknown one is application.payment_mismatch', async (t) => {
    app(t).given(paidOut).when(bounce()).thenRejects('application.wrong_status');
    app(t).given(paymentInFlight).when(bounce('PAY-X')).thenRejects('application.payment_mismatch');
    app(t).given(approvedForPayment).when(bounce()).thenRejects('application.wrong_status');
  });
});

t.test('recovery (追回)', async (t) => {
  const recover = (amountFen: number, recoveryId = 'REC-1') => cmd({ type: 'RecordApplicationRecovery', recoveryId, amountFen, findingId: 'FIND-9', documentRef: '追回决定书 7', recoveredOn: '2026-06-01' });
  const recovered = (amountFen: number, total: number, full: boolean, recoveryId = 'REC-1'): ApplicationEvent => ({
    type: 'ApplicationRecoveryRecorded',
    data: { recoveryId, paymentId: 'PAY-1', amountFen, totalRecoveredFen: total, full, findingId: 'FIND-9', recoveredOn: '2026-06-01' },
  });
  t.test('partial, then the rest: full', async (t) => {
    app(t).given(paidOut).when(recover(20_000)).then([recovered(20_000, 20_000, false)]);
    app(t).given([...paidOut, recovered(20_000, 20_000, false)]).when(recover(100_000, 'REC-2')).then([recovered(100_000, 120_000, true, 'REC-2')]);
  });
  t.test('more than paid: application.recovery_exceeds_paid', async (t) => {
    app(t).given([...paidOut, recovered(20_000, 20_000, false)]).when(recover(100_001, 'REC-2')).thenRejects('application.recovery_exceeds_paid', 'amountFen');
  });
  t.test('the same recovery again decides nothing; its id reused is application.recovery_id_conflict', async (t) => {
    app(t).given([...paidOut, recovered(20_000, 20_000, false)]).when(recover(20_000)).then([]);
    app(t).given([...paidOut, recovered(20_000, 20_000, false)]).when(recover(30_000)).thenRejects('application.recovery_id_conflict', 'recoveryId');
  });
  t.test('nothing paid: application.wrong_status', async (t) => {
    app(t).given(paymentInFlight).when(recover(1)).thenRejects('application.wrong_status');
  });
});

t.test('withdrawal', async (t) => {
  const withdraw = (commitmentReleased = false) => cmd({ type: 'WithdrawApplication', reasonCode: 'applicant_request', withdrawnOn: '2026-02-20', commitmentReleased });
  const withdrawn = (commitmentReleased: boolean): ApplicationEvent => ({ type: 'ApplicationWithdrawn', data: { reasonCode: 'applicant_request', withdrawnOn: '2026-02-20', commitmentReleased } });
  t.test('during review: nothing committed', async (t) => {
    app(t).given(inReview).when(withdraw()).then([withdrawn(false)]);
    app(t).given(inPublicity).when(withdraw()).then([withdrawn(false)]);
  });
  t.test('after approval, or after a bounce, once the saga released the commitment', async (t) => {
    app(t).given(approvedForPayment).when(withdraw(true)).then([withdrawn(true)]);
    app(t).given([...paymentInFlight, bounced()]).when(withdraw(true)).then([withdrawn(true)]);
  });
  t.test('planned before an approval that came in between: application.commitment_not_released', async (t) => {
    app(t).given(approvedForPayment).when(withdraw(false)).thenRejects('application.commitment_not_released', 'applicationId');
  });
  t.test('again decides nothing', async (t) => {
    app(t).given([...inReview, withdrawn(false)]).when(withdraw()).then([]);
  });
  t.test('once money is on its way, or after rejection: application.wrong_status', async (t) => {
    app(t).given(paymentInFlight).when(withdraw()).thenRejects('application.wrong_status');
    app(t).given(paidOut).when(withdraw()).thenRejects('application.wrong_status');
    app(t).given([...inReview, rejected('initial_review', 'rev-li', 'x', '2026-02-03')]).when(withdraw()).thenRejects('application.wrong_status');
  });
});

t.test('dates are bounded by today and by the steps before them (R2 item 4: publicity could be skipped)', async (t) => {
  const onDay = (today: string) => (t: Parameters<typeof spec>[0]) => spec(t, applicationDecider({ policy, today }));
  const finalOn1120: ApplicationEvent = { type: 'ApplicationFinalReviewPassed', data: { reviewerId: 'rev-wang', reviewedOn: '2026-11-20' } };
  const reviewed1120 = [submitted, initialPassed, finalOn1120];
  const started1127: ApplicationEvent = { type: 'ApplicationPublicityStarted', data: { startOn: '2026-11-27', endOn: '2026-12-04', workingDays: 5 } };
  const approve = (approvedOn: string) => cmd({ type: 'ApproveForPayment', fundId: 'FUND-1', approvedBy: 'fin-zhao', approvedOn });

  t.test('(a) publicity started today: an approval dated after its end but sent today is application.date_in_future', async (t) => {
    onDay('2026-11-27')(t).given([...reviewed1120, started1127]).when(approve('2026-12-07')).thenRejects('application.date_in_future', 'approvedOn');
  });
  t.test('(a) the same approval on the day it is dated, after the publicity ended, is accepted', async (t) => {
    onDay('2026-12-07')(t).given([...reviewed1120, started1127]).when(approve('2026-12-07')).then([
      { type: 'ApplicationApprovedForPayment', data: { fundId: 'FUND-1', amountFen: 120000, approvedBy: 'fin-zhao', approvedOn: '2026-12-07' } },
    ]);
  });
  t.test('(a) an approval on the last day of publicity is still application.publicity_not_ended', async (t) => {
    onDay('2026-12-04')(t).given([...reviewed1120, started1127]).when(approve('2026-12-04')).thenRejects('application.publicity_not_ended', 'approvedOn');
  });
  t.test('(b) publicity backdated before the final review (a holiday, before the submission) is application.publicity_before_final_review', async (t) => {
    onDay('2026-11-27')(t).given(reviewed1120).when(cmd({ type: 'StartPublicity', startOn: '2026-10-01' })).thenRejects('application.publicity_before_final_review', 'startOn');
  });
  t.test('publicity starting after today is application.date_in_future', async (t) => {
    onDay('2026-11-27')(t).given(reviewed1120).when(cmd({ type: 'StartPublicity', startOn: '2026-11-30' })).thenRejects('application.date_in_future', 'startOn');
  });
  t.test('every step dated after today is application.date_in_future naming its date, money steps included', async (t) => {
    // Before: only startOn and approvedOn were checked; a payment, a bank confirmation, a bounce or a recovery could be dated tomorrow.
    const onMarch1 = onDay('2026-03-01');
    const cases: [string, ApplicationEvent[], Record<string, unknown>][] = [
      ['instructedOn', approvedForPayment, { type: 'InstructApplicationPayment', paymentId: 'PAY-2', instructedOn: '2026-03-02' }],
      ['paidOn', paymentInFlight, { type: 'ConfirmApplicationPayment', paymentId: 'PAY-1', bankReference: null, paidOn: '2026-03-02' }],
      ['bouncedOn', paymentInFlight, { type: 'BounceApplicationPayment', paymentId: 'PAY-1', reasonCode: 'bank.account_closed', bouncedOn: '2026-03-02' }],
      ['recoveredOn', paidOut, { type: 'RecordApplicationRecovery', recoveryId: 'REC-1', amountFen: 100, findingId: null, documentRef: 'JXCZ-2026-001', recoveredOn: '2026-03-02' }],
      ['reviewedOn', [submitted], { type: 'InitialReview', reviewerId: 'rev-li', decision: 'approve', reasonCode: null, reviewedOn: '2026-03-02' }],
      ['withdrawnOn', inReview, { type: 'WithdrawApplication', reasonCode: 'applicant_request', withdrawnOn: '2026-03-02' }],
    ];
    for (const [field, given, command] of cases) {
      onMarch1(t).given(given).when(cmd(command)).thenRejects('application.date_in_future', field);
      const decider = applicationDecider({ policy, today: '2026-03-02' });
      const onItsDay = decider.decide(cmd(command), given.reduce(decider.evolve, decider.initialState()));
      t.notOk(isRejection(onItsDay), `${field}: the same step on the day it is dated is accepted${isRejection(onItsDay) ? ` (got ${onItsDay.code})` : ''}`);
    }
  });
  t.test('publicity starting today, or on the final review\'s day, is accepted', async (t) => {
    onDay('2026-11-27')(t).given(reviewed1120).when(cmd({ type: 'StartPublicity', startOn: '2026-11-27' })).then([started1127]);
    onDay('2026-11-27')(t).given(reviewed1120).when(cmd({ type: 'StartPublicity', startOn: '2026-11-20' })).then([
      { type: 'ApplicationPublicityStarted', data: { startOn: '2026-11-20', endOn: '2026-11-27', workingDays: 5 } },
    ]);
  });
});
