import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { assertNever, invariant, reject, type Decider, type Decision } from '../decider.ts';
import type { ApplicationCommand, ApplicationCommandOf } from './commands.ts';
import type { ApplicationContext } from './context.ts';
import type { ApplicationEvent } from './events.ts';
import { requireDifferentReviewer } from './four-eyes.ts';
import { statedApplicationDateOf } from './command-date.ts';
import { decideMoney } from './money-steps.ts';
import { publicityPeriod, requireNoOpenObjection, requirePublicityEnded, requirePublicityStartOn, requireWithinPublicity } from './publicity.ts';
import { evolveApplication, initialApplicationState, type ApplicationState } from './state.ts';
import { wrongStatus } from './wrong-status.ts';
import { decideSubmission } from './submit.ts';

/**
 * A subsidy application (`application-{applicationId}`): submitted → initial review →
 * final review by another reviewer → publicity → objections → approved for payment →
 * payment instructed → paid | bounced → recovery; rejected or withdrawn on the way.
 *
 * This stream holds the review lifecycle only. It never decides about money or about the
 * person's other applications: the steps that touch the fund or the entitlement stream
 * run as a saga (saga.ts) in which the owning stream decides first, under its own
 * expected revision, and this stream records the outcome. Each command that is part of
 * a saga is safe to repeat: when the state already shows its effect it decides nothing,
 * so a saga re-run after a crash completes instead of failing half-way.
 */

type Decide<T extends ApplicationCommand['type']> = (c: ApplicationCommandOf<T>, s: ApplicationState, ctx: ApplicationContext) => Decision<ApplicationEvent>;

export function decideApplication(command: ApplicationCommand, state: ApplicationState, ctx: ApplicationContext): Decision<ApplicationEvent> {
  const [dateField, date] = statedApplicationDateOf(command);
  const misdated = requireNotAfterToday('application', ctx, date, dateField);
  if (misdated) return misdated;
  if (command.type === 'SubmitApplication') return decideSubmission(command, state, ctx);
  if (state.submission === null) return reject('application.not_submitted', `application ${command.applicationId} does not exist`, 'applicationId');
  invariant(state.submission.applicationId === command.applicationId, 'application command decided on another application\'s state');
  switch (command.type) {
    case 'InitialReview':
      return initialReview(command, state, ctx);
    case 'FinalReview':
      return finalReview(command, state, ctx);
    case 'StartPublicity':
      return startPublicity(command, state, ctx);
    case 'RaiseObjection':
      return raiseObjection(command, state, ctx);
    case 'ResolveObjection':
      return resolveObjection(command, state, ctx);
    case 'ApproveForPayment':
      return approveForPayment(command, state, ctx);
    case 'InstructApplicationPayment':
    case 'ConfirmApplicationPayment':
    case 'BounceApplicationPayment':
    case 'RecordApplicationRecovery':
    case 'WithdrawApplication':
      return decideMoney(command, state);
    default:
      return assertNever(command);
  }
}

const initialReview: Decide<'InitialReview'> = (c, s) => {
  const prior = s.initialReview;
  if (prior) return prior.reviewerId === c.reviewerId && prior.decision === c.decision ? [] : wrongStatus(s, ['submitted']);
  if (s.status !== 'submitted') return wrongStatus(s, ['submitted']);
  if (c.decision === 'approve') return [{ type: 'ApplicationInitialReviewPassed', data: { reviewerId: c.reviewerId, reviewedOn: c.reviewedOn } }];
  invariant(c.reasonCode !== null, 'the command schema requires a reason code to reject');
  return [{ type: 'ApplicationRejected', data: { stage: 'initial_review', reasonCode: c.reasonCode, decidedBy: c.reviewerId, rejectedOn: c.reviewedOn } }];
};

const finalReview: Decide<'FinalReview'> = (c, s) => {
  const prior = s.finalReview;
  if (prior) return prior.reviewerId === c.reviewerId && prior.decision === c.decision ? [] : wrongStatus(s, ['initial_review_passed']);
  if (s.status !== 'initial_review_passed') return wrongStatus(s, ['initial_review_passed']);
  const sameEyes = requireDifferentReviewer(s.initialReview?.reviewerId ?? null, c.reviewerId);
  if (sameEyes) return sameEyes;
  if (c.decision === 'approve') return [{ type: 'ApplicationFinalReviewPassed', data: { reviewerId: c.reviewerId, reviewedOn: c.reviewedOn } }];
  invariant(c.reasonCode !== null, 'the command schema requires a reason code to reject');
  return [{ type: 'ApplicationRejected', data: { stage: 'final_review', reasonCode: c.reasonCode, decidedBy: c.reviewerId, rejectedOn: c.reviewedOn } }];
};

const startPublicity: Decide<'StartPublicity'> = (c, s, ctx) => {
  if (s.publicity) return s.publicity.startOn === c.startOn ? [] : wrongStatus(s, ['final_review_passed']);
  if (s.status !== 'final_review_passed') return wrongStatus(s, ['final_review_passed']);
  const misdated = requirePublicityStartOn(s.finalReview?.reviewedOn, c.startOn);
  if (misdated) return misdated;
  const period = publicityPeriod(ctx.policy, c.startOn);
  if ('rejected' in period) return period;
  return [{ type: 'ApplicationPublicityStarted', data: { ...period } }];
};

const raiseObjection: Decide<'RaiseObjection'> = (c, s) => {
  const prior = s.objections.get(c.objectionId);
  if (prior) {
    if (prior.groundsCode === c.groundsCode && prior.raisedOn === c.raisedOn) return [];
    return reject('application.objection_id_conflict', `objection ${c.objectionId} is already recorded differently`, 'objectionId');
  }
  if (s.status !== 'in_publicity' || !s.publicity) return wrongStatus(s, ['in_publicity']);
  const outside = requireWithinPublicity(s.publicity, c.raisedOn);
  if (outside) return outside;
  return [{ type: 'ApplicationObjectionRaised', data: { objectionId: c.objectionId, groundsCode: c.groundsCode, raisedOn: c.raisedOn } }];
};

const resolveObjection: Decide<'ResolveObjection'> = (c, s) => {
  const prior = s.objections.get(c.objectionId);
  if (!prior) return reject('application.unknown_objection', `no objection ${c.objectionId} was raised`, 'objectionId');
  if (prior.outcome !== 'open') {
    if (prior.outcome === c.outcome) return [];
    return reject('application.objection_already_resolved', `objection ${c.objectionId} was already ${prior.outcome}`, 'outcome');
  }
  if (s.status !== 'in_publicity') return wrongStatus(s, ['in_publicity']);
  const { objectionId, outcome, reasonCode, resolvedBy, resolvedOn } = c;
  const resolved: ApplicationEvent = { type: 'ApplicationObjectionResolved', data: { objectionId, outcome, reasonCode, resolvedBy, resolvedOn } };
  if (outcome === 'dismissed') return [resolved];
  // An upheld objection ends the application; the saga releases the person's claim.
  return [resolved, { type: 'ApplicationRejected', data: { stage: 'objection', reasonCode, decidedBy: resolvedBy, rejectedOn: resolvedOn } }];
};

const approveForPayment: Decide<'ApproveForPayment'> = (c, s, ctx) => {
  if (s.fundId !== null) return s.fundId === c.fundId ? [] : reject('application.already_approved', `already approved on fund ${s.fundId}`, 'fundId');
  if (s.status !== 'in_publicity' || !s.publicity) return wrongStatus(s, ['in_publicity']);
  const blocked = requireNoOpenObjection(s.objections) ?? requirePublicityEnded(s.publicity, c.approvedOn);
  if (blocked) return blocked;
  invariant(s.submission, 'an application in publicity was submitted');
  const { fundId, approvedBy, approvedOn } = c;
  return [{ type: 'ApplicationApprovedForPayment', data: { fundId, amountFen: s.submission.amountFen, approvedBy, approvedOn } }];
};

/** The decider for one command's context. */
export function applicationDecider(ctx: ApplicationContext): Decider<ApplicationCommand, ApplicationState, ApplicationEvent> & { name: string } {
  return {
    name: 'application',
    decide(command, state) {
      return decideApplication(command, state, ctx);
    },
    evolve: evolveApplication,
    initialState: initialApplicationState,
  };
}

export function applicationStream(applicationId: string): string {
  return `application-${applicationId}`;
}
