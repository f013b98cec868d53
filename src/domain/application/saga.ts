import { assertNever, invariant, isRejection, type Rejection } from '../decider.ts';
import type { EntitlementCommand } from '../entitlement/commands.ts';
import { entitlementStream } from '../entitlement/decider.ts';
import type { FundCommand } from '../fund/commands.ts';
import { fundStream } from '../fund/decider.ts';
import type { ApplicationCommand, ApplicationCommandOf } from './commands.ts';
import type { ApplicationContext } from './context.ts';
import { applicationStream, decideApplication } from './decider.ts';
import type { ApplicationEvent } from './events.ts';
import { livePayment, type ApplicationState } from './state.ts';

/**
 * Which streams an application command writes, and in what order: the plan the app
 * layer runs step by step (read the stream, decide, append with the expected revision,
 * retry on WrongExpectedRevision), with event ids derived from the request so a re-run
 * after a crash rewrites nothing (src/app/deterministic-ids.ts). Pure: it only plans.
 *
 * The order is the design of the cross-aggregate races:
 * - The stream that OWNS a rule decides first. Money steps start on the fund (commit,
 *   instruct, confirm, bounce, recover, release): if the fund refuses, nothing else is
 *   written. A submission starts on the person's entitlement (the claim is reserved
 *   before the application exists), so two parallel applications of one person
 *   serialise on that stream and the loser is refused there.
 * - The application stream then records the outcome. Its decider is run once while
 *   planning (to refuse early, against the state the app layer read), and again as its
 *   step, against its latest state.
 * - Releases of person claims come last: a crash before them leaves a claim reserved
 *   (the person is blocked until the re-run), never a claim released for an application
 *   that still goes on.
 * - Every step is idempotent in its decider (a repeat decides nothing), so running the
 *   whole plan again after a crash at any point completes it.
 * - If a step after a fund commitment is refused (the application changed under the
 *   saga, e.g. it was withdrawn concurrently), `compensation` lists what the app layer
 *   runs to give the money back.
 */
export type SagaStep =
  | { readonly aggregate: 'fund'; readonly stream: string; readonly command: FundCommand }
  | { readonly aggregate: 'entitlement'; readonly stream: string; readonly command: EntitlementCommand }
  | { readonly aggregate: 'application'; readonly stream: string; readonly command: ApplicationCommand };

export interface SagaPlan {
  readonly steps: readonly SagaStep[];
  readonly compensation: readonly SagaStep[];
}

const fund = (fundId: string, command: FundCommand): SagaStep => ({ aggregate: 'fund', stream: fundStream(fundId), command });
const entitlement = (command: EntitlementCommand): SagaStep => ({ aggregate: 'entitlement', stream: entitlementStream(command.personRef), command });
const application = (command: ApplicationCommand): SagaStep => ({ aggregate: 'application', stream: applicationStream(command.applicationId), command });
const plan = (steps: SagaStep[], compensation: SagaStep[] = []): SagaPlan => ({ steps, compensation });

/**
 * The claim release of a submission's entitlement. A module function rather than a
 * closure per plan: tsx (esbuild keepNames) names every local function with a
 * defineProperty call, an allocation per command on the serving thread.
 */
function releaseClaim(s: NonNullable<ApplicationState['submission']>, reasonCode: string, releasedOn: string): SagaStep {
  return entitlement({ type: 'ReleaseClaim', personRef: s.personRef, applicationId: s.applicationId, reasonCode, releasedOn });
}

/** Whether the application holds a fund commitment (or, on a repeat, held one when withdrawn). */
function holdsCommitment(state: ApplicationState): boolean {
  if (state.status === 'withdrawn') return state.withdrawal?.commitmentReleased === true;
  return state.status === 'approved' || state.status === 'bounced';
}

export function planApplicationCommand(request: ApplicationCommand, state: ApplicationState, ctx: ApplicationContext): SagaPlan | Rejection {
  // The saga, not the requester, says whether a withdrawal comes after a fund release.
  const command: ApplicationCommand = request.type === 'WithdrawApplication' ? { ...request, commitmentReleased: holdsCommitment(state) } : request;
  const decision = decideApplication(command, state, ctx);
  if (isRejection(decision)) return decision;
  if (command.type === 'SubmitApplication') return planSubmission(command, decision);
  const s = state.submission;
  if (!s) return plan([application(command)]);
  switch (command.type) {
    case 'InitialReview':
    case 'FinalReview':
      return command.decision === 'reject' ? plan([application(command), releaseClaim(s, 'application_rejected', command.reviewedOn)]) : plan([application(command)]);
    case 'ResolveObjection':
      return command.outcome === 'upheld' ? plan([application(command), releaseClaim(s, 'objection_upheld', command.resolvedOn)]) : plan([application(command)]);
    case 'StartPublicity':
    case 'RaiseObjection':
      return plan([application(command)]);
    case 'ApproveForPayment': {
      const { fundId, applicationId, approvedOn } = command;
      const commit = fund(fundId, { type: 'CommitFunds', fundId, applicationId, subsidyKind: s.subsidyKind, amountFen: s.amountFen, committedOn: approvedOn });
      return plan([commit, application(command)], [fund(fundId, { type: 'ReleaseCommitment', fundId, applicationId, reasonCode: 'saga_compensation', releasedOn: approvedOn })]);
    }
    default:
      return planMoney(command, state);
  }
}

function planSubmission(c: ApplicationCommandOf<'SubmitApplication'>, decision: readonly ApplicationEvent[]): SagaPlan {
  const submitted = decision.find((e) => e.type === 'ApplicationSubmitted');
  // A repeat of a completed submission decides nothing: only the application step is left to confirm it.
  if (!submitted || submitted.type !== 'ApplicationSubmitted') return plan([application(c)]);
  const d = submitted.data;
  const reserve: EntitlementCommand = {
    type: 'ReserveClaim',
    personRef: d.personRef,
    applicationId: d.applicationId,
    subsidyKind: d.subsidyKind,
    occupationCode: d.certificate.occupationCode,
    level: d.certificate.level,
    certificateSerial: d.certificate.serial,
    shortageOccupation: d.shortageOccupation,
    reservedOn: d.submittedOn,
  };
  return plan([entitlement(reserve), application(c)]);
}

type MoneyCommand = ApplicationCommandOf<
  'InstructApplicationPayment' | 'ConfirmApplicationPayment' | 'BounceApplicationPayment' | 'RecordApplicationRecovery' | 'WithdrawApplication'
>;

/** The fund of an application past approval (the pre-decision guarantees it is one). */
function fundOf(state: ApplicationState): string {
  invariant(state.fundId !== null, 'a money step planned for an application never approved');
  return state.fundId;
}

function planMoney(c: MoneyCommand, state: ApplicationState): SagaPlan {
  const s = state.submission;
  invariant(s, 'money steps follow a submission');
  const { applicationId } = c;
  switch (c.type) {
    case 'InstructApplicationPayment': {
      const fundId = fundOf(state);
      return plan([fund(fundId, { type: 'InstructPayment', fundId, paymentId: c.paymentId, applicationId, amountFen: s.amountFen, instructedOn: c.instructedOn }), application(c)]);
    }
    case 'ConfirmApplicationPayment': {
      const fundId = fundOf(state);
      const paid = entitlement({ type: 'MarkClaimPaid', personRef: s.personRef, applicationId, paymentId: c.paymentId, paidOn: c.paidOn });
      return plan([fund(fundId, { type: 'ConfirmPayment', fundId, paymentId: c.paymentId, bankReference: c.bankReference, confirmedOn: c.paidOn }), application(c), paid]);
    }
    case 'BounceApplicationPayment': {
      const fundId = fundOf(state);
      return plan([fund(fundId, { type: 'BouncePayment', fundId, paymentId: c.paymentId, reasonCode: c.reasonCode, bouncedOn: c.bouncedOn }), application(c)]);
    }
    case 'RecordApplicationRecovery': {
      const fundId = fundOf(state);
      const recorded = state.recoveries.get(c.recoveryId);
      const paymentId = recorded?.paymentId ?? livePayment(state)?.paymentId;
      invariant(paymentId !== undefined, 'a recovery planned for an application never paid');
      const { recoveryId, amountFen, findingId, documentRef, recoveredOn } = c;
      return plan([fund(fundId, { type: 'RecordRecovery', fundId, recoveryId, paymentId, amountFen, findingId, documentRef, recoveredOn }), application(c)]);
    }
    case 'WithdrawApplication': {
      // With a commitment, the fund decides first: it refuses while a payment is in
      // flight, which is what stops a withdrawal racing a payment instruction.
      const releaseFunds = c.commitmentReleased ? [fund(fundOf(state), { type: 'ReleaseCommitment', fundId: fundOf(state), applicationId, reasonCode: 'application_withdrawn', releasedOn: c.withdrawnOn })] : [];
      return plan([...releaseFunds, application(c), releaseClaim(s, 'application_withdrawn', c.withdrawnOn)]);
    }
    default:
      return assertNever(c);
  }
}
