import t, { type Test } from 'tap';
import { planApplicationCommand, type SagaPlan, type SagaStep } from '../../../src/domain/application/saga.ts';
import { applicationDecider } from '../../../src/domain/application/decider.ts';
import type { ApplicationEvent } from '../../../src/domain/application/events.ts';
import { FundCommandSchema } from '../../../src/domain/fund/commands.ts';
import { EntitlementCommandSchema } from '../../../src/domain/entitlement/commands.ts';
import { ApplicationCommandSchema, type ApplicationCommand } from '../../../src/domain/application/commands.ts';
import { fold, isRejection } from '../../../src/domain/decider.ts';
import { APP, PERSON, approvedForPayment, bounced, cmd, ctx, inPublicity, inReview, paidOut, paymentInFlight, reviewed, submitCmd } from './fixtures.ts';

const stateOf = (events: ApplicationEvent[]) => fold(applicationDecider(ctx()), events);

function planOf(command: ApplicationCommand, events: ApplicationEvent[]): SagaPlan {
  const p = planApplicationCommand(command, stateOf(events), ctx());
  if (isRejection(p)) throw new Error(`unexpected rejection ${p.code}`);
  return p;
}
const shape = (steps: readonly SagaStep[]) => steps.map((s) => `${s.stream} ${s.command.type}`);

/** Every planned command must itself be valid input for its aggregate. */
function allValid(t: Test, p: SagaPlan) {
  for (const s of [...p.steps, ...p.compensation]) {
    const schema = s.aggregate === 'fund' ? FundCommandSchema : s.aggregate === 'entitlement' ? EntitlementCommandSchema : ApplicationCommandSchema;
    const r = schema.safeParse(s.command);
    t.ok(r.success, `${s.command.type} is a valid ${s.aggregate} command${r.success ? '' : `: ${r.error.message}`}`);
  }
}

const ENT = `entitlement-${PERSON}`;
const APPS = `application-${APP}`;

t.test('submission reserves the claim on the person before the application exists', async (t) => {
  const p = planOf(submitCmd(), []);
  t.same(shape(p.steps), [`${ENT} ReserveClaim`, `${APPS} SubmitApplication`]);
  t.same(p.steps[0]!.command, { type: 'ReserveClaim', personRef: PERSON, applicationId: APP, subsidyKind: 'training', occupationCode: '6-31-01-03', level: 'junior', certificateSerial: 'CERT-001', shortageOccupation: false, reservedOn: '2026-02-02' });
  allValid(t, p);
});

t.test('a submission the decider refuses plans nothing', async (t) => {
  const p = planApplicationCommand(submitCmd({ submittedOn: '2028-01-01' }), stateOf([]), ctx());
  t.ok(isRejection(p) && p.code === 'application.outside_application_window');
});

t.test('repeating a completed submission plans only the (no-op) application step', async (t) => {
  t.same(shape(planOf(submitCmd(), inReview).steps), [`${APPS} SubmitApplication`]);
});

t.test('a rejection at review releases the claim after recording it', async (t) => {
  const p = planOf(cmd({ type: 'InitialReview', reviewerId: 'r1', decision: 'reject', reasonCode: 'x', reviewedOn: '2026-02-03' }), inReview);
  t.same(shape(p.steps), [`${APPS} InitialReview`, `${ENT} ReleaseClaim`]);
  allValid(t, p);
  t.same(shape(planOf(cmd({ type: 'InitialReview', reviewerId: 'r1', decision: 'approve', reviewedOn: '2026-02-03' }), inReview).steps), [`${APPS} InitialReview`]);
});

t.test('an upheld objection releases the claim', async (t) => {
  const raised: ApplicationEvent = { type: 'ApplicationObjectionRaised', data: { objectionId: 'O1', groundsCode: 'g', raisedOn: '2026-02-10' } };
  const p = planOf(cmd({ type: 'ResolveObjection', objectionId: 'O1', outcome: 'upheld', reasonCode: 'r', resolvedBy: 'i1', resolvedOn: '2026-02-11' }), [...inPublicity, raised]);
  t.same(shape(p.steps), [`${APPS} ResolveObjection`, `${ENT} ReleaseClaim`]);
});

t.test('approval commits on the fund first, with a release as compensation', async (t) => {
  const p = planOf(cmd({ type: 'ApproveForPayment', fundId: 'FUND-1', approvedBy: 'f1', approvedOn: '2026-02-24' }), inPublicity);
  t.same(shape(p.steps), ['fund-FUND-1 CommitFunds', `${APPS} ApproveForPayment`]);
  t.match(p.steps[0]!.command, { amountFen: 120000, subsidyKind: 'training', applicationId: APP });
  t.same(shape(p.compensation), ['fund-FUND-1 ReleaseCommitment']);
  allValid(t, p);
});

t.test('payment steps start on the fund', async (t) => {
  const instruct = planOf(cmd({ type: 'InstructApplicationPayment', paymentId: 'PAY-1', instructedOn: '2026-02-25' }), approvedForPayment);
  t.same(shape(instruct.steps), ['fund-FUND-1 InstructPayment', `${APPS} InstructApplicationPayment`]);
  t.match(instruct.steps[0]!.command, { amountFen: 120000, paymentId: 'PAY-1' });
  const confirm = planOf(cmd({ type: 'ConfirmApplicationPayment', paymentId: 'PAY-1', paidOn: '2026-02-26' }), paymentInFlight);
  t.same(shape(confirm.steps), ['fund-FUND-1 ConfirmPayment', `${APPS} ConfirmApplicationPayment`, `${ENT} MarkClaimPaid`]);
  const bounce = planOf(cmd({ type: 'BounceApplicationPayment', paymentId: 'PAY-1', reasonCode: 'b', bouncedOn: '2026-02-26' }), paymentInFlight);
  t.same(shape(bounce.steps), ['fund-FUND-1 BouncePayment', `${APPS} BounceApplicationPayment`]);
  const recover = planOf(cmd({ type: 'RecordApplicationRecovery', recoveryId: 'R1', amountFen: 100, documentRef: 'd', recoveredOn: '2026-06-01' }), paidOut);
  t.same(shape(recover.steps), ['fund-FUND-1 RecordRecovery', `${APPS} RecordApplicationRecovery`]);
  t.match(recover.steps[0]!.command, { paymentId: 'PAY-1', amountFen: 100 });
  for (const p of [instruct, confirm, bounce, recover]) allValid(t, p);
});

t.test('withdrawal releases the fund commitment first when there is one', async (t) => {
  const withdraw = cmd({ type: 'WithdrawApplication', reasonCode: 'applicant_request', withdrawnOn: '2026-02-20' });
  t.same(shape(planOf(withdraw, reviewed).steps), [`${APPS} WithdrawApplication`, `${ENT} ReleaseClaim`]);
  t.same(shape(planOf(withdraw, approvedForPayment).steps), ['fund-FUND-1 ReleaseCommitment', `${APPS} WithdrawApplication`, `${ENT} ReleaseClaim`]);
  t.same(shape(planOf(withdraw, [...paymentInFlight, bounced()]).steps), ['fund-FUND-1 ReleaseCommitment', `${APPS} WithdrawApplication`, `${ENT} ReleaseClaim`]);
  const repeat: ApplicationEvent = { type: 'ApplicationWithdrawn', data: { reasonCode: 'applicant_request', withdrawnOn: '2026-02-20', commitmentReleased: true } };
  t.same(shape(planOf(withdraw, [...approvedForPayment, repeat]).steps), ['fund-FUND-1 ReleaseCommitment', `${APPS} WithdrawApplication`, `${ENT} ReleaseClaim`], 'a repeat plans the same steps, each a no-op');
  allValid(t, planOf(withdraw, approvedForPayment));
  t.match(planOf(withdraw, approvedForPayment).steps[1]!.command, { type: 'WithdrawApplication', commitmentReleased: true }, 'the application step says the fund released first');
  t.match(planOf(withdraw, reviewed).steps[0]!.command, { type: 'WithdrawApplication', commitmentReleased: false });
});
