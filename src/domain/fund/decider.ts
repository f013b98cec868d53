import type { BusinessDate } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { assertNever, invariant, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { requireAvailable } from './available.ts';
import { statedFundDateOf } from './command-date.ts';
import type { FundCommand, FundCommandOf } from './commands.ts';
import type { FundEvent } from './events.ts';
import { retryOrConflict } from './id-reuse.ts';
import { requireNoLivePayment } from './no-payment-twice.ts';
import { requireWithinCommitment } from './payment-within-approval.ts';
import { requireSourceAllows } from './source-eligibility.ts';
import { evolveFund, initialFundState, type FundState } from './state.ts';
import { requireWithinTotalLimit } from './total-limit.ts';

/**
 * The fund (`fund-{fundId}`) is the single authority for money.
 *
 * Cross-aggregate races. The three finance invariants — no payment twice for one
 * application, none above its approval, none from a fund without the available amount —
 * are ALL decided here, against this one stream, because the fund state carries for each
 * application its committed amount, what was instructed or paid, and the payment's
 * status. The app layer appends each decision with the expected revision of the state it
 * decided on; two commands racing on one fund (two commitments draining the same
 * balance, two instructions for one application) cannot both succeed: the second append
 * fails with WrongExpectedRevision, the runner folds the winner's events and decides
 * again, and now sees the money gone or the payment live. The application and entitlement
 * streams never decide about money; they record the fund's decisions after the fact.
 *
 * Retries. Every command carries its own id (applicationId for a commitment, paymentId,
 * recoveryId …). A command whose id is already recorded with the same content decides
 * nothing (an empty list), so a saga re-run after a crash completes without moving money
 * twice; the same id with different content is refused.
 */

type Decide<T extends FundCommand['type']> = (c: FundCommandOf<T>, s: FundState) => Decision<FundEvent>;

/** What the fund decider needs from outside its stream: only the request's own day. */
export interface FundContext {
  /** The request's business date (Asia/Shanghai); absent only for replays of recorded histories. */
  readonly today?: BusinessDate;
}

export function decideFund(command: FundCommand, state: FundState, ctx: FundContext = {}): Decision<FundEvent> {
  const [dateField, date] = statedFundDateOf(command);
  const misdated = requireNotAfterToday('fund', ctx, date, dateField);
  if (misdated) return misdated;
  if (command.type === 'OpenFund') return open(command, state);
  if (state.status !== 'open') return reject('fund.not_opened', `fund ${command.fundId} has not been opened`, 'fundId');
  invariant(state.fundId === command.fundId, `command for fund ${command.fundId} decided on the state of ${state.fundId}`);
  switch (command.type) {
    case 'ReceiveAllocation':
      return receiveAllocation(command, state);
    case 'AdjustFund':
      return adjust(command, state);
    case 'CommitFunds':
      return commit(command, state);
    case 'ReleaseCommitment':
      return release(command, state);
    case 'InstructPayment':
      return instruct(command, state);
    case 'ConfirmPayment':
      return confirm(command, state);
    case 'BouncePayment':
      return bounce(command, state);
    case 'RecordRecovery':
      return recover(command, state);
    default:
      return assertNever(command);
  }
}

const open: Decide<'OpenFund'> = (c, s) => {
  if (s.status !== 'none') return reject('fund.already_opened', `fund ${c.fundId} is already open`, 'fundId');
  const { fundId, source, year, regionCode, openedOn } = c;
  return [{ type: 'FundOpened', data: { fundId, source, year, regionCode, openedOn } }];
};

const receiveAllocation: Decide<'ReceiveAllocation'> = (c, s) => {
  const { fundId, allocationId, amountFen, documentRef, receivedOn } = c;
  const prior = s.allocations.get(allocationId);
  if (prior) return retryOrConflict(prior, c, ['amountFen', 'documentRef'], 'fund.allocation_id_conflict', 'allocationId');
  const over = requireWithinTotalLimit(s.totals, { allocatedFen: amountFen }, 'amountFen');
  if (over) return over;
  return [{ type: 'FundAllocationReceived', data: { fundId, allocationId, amountFen, documentRef, receivedOn } }];
};

const adjust: Decide<'AdjustFund'> = (c, s) => {
  const { fundId, adjustmentId, amountFen, reasonCode, documentRef, adjustedOn } = c;
  const prior = s.adjustments.get(adjustmentId);
  if (prior) return retryOrConflict(prior, c, ['amountFen', 'reasonCode', 'documentRef'], 'fund.adjustment_id_conflict', 'adjustmentId');
  const rule = amountFen < 0 ? requireAvailable(s.totals, -amountFen, 'amountFen') : requireWithinTotalLimit(s.totals, { adjustedFen: amountFen }, 'amountFen');
  if (rule) return rule;
  return [{ type: 'FundAdjusted', data: { fundId, adjustmentId, amountFen, reasonCode, documentRef, adjustedOn } }];
};

const commit: Decide<'CommitFunds'> = (c, s) => {
  const { fundId, applicationId, subsidyKind, amountFen, committedOn } = c;
  const prior = s.applications.get(applicationId);
  if (prior?.released) {
    return reject('fund.commitment_released', `the commitment for application ${applicationId} was released; it cannot be committed again`, 'applicationId');
  }
  if (prior) {
    // A saga retry of the approval: the same commitment is already recorded.
    if (prior.approvedFen === amountFen && prior.subsidyKind === subsidyKind) return [];
    return reject('fund.already_committed', `application ${applicationId} already has ${prior.approvedFen} fen committed`, 'applicationId');
  }
  const rule = requireSourceAllows(s.source!, subsidyKind) ?? requireAvailable(s.totals, amountFen, 'amountFen');
  if (rule) return rule;
  return [{ type: 'FundCommitted', data: { fundId, applicationId, subsidyKind, amountFen, committedOn } }];
};

const release: Decide<'ReleaseCommitment'> = (c, s) => {
  const app = s.applications.get(c.applicationId);
  if (!app) return reject('fund.not_committed', `nothing is committed for application ${c.applicationId}`, 'applicationId');
  if (app.released) return [];
  if (app.livePaymentId !== null) {
    // Releasing beside a live payment would let a withdrawn application be paid.
    return reject('fund.payment_in_flight', `application ${c.applicationId} has payment ${app.livePaymentId} in flight or confirmed`, 'applicationId');
  }
  const { fundId, applicationId, reasonCode, releasedOn } = c;
  invariant(app.committedFen > 0, 'a commitment without a live payment holds its amount');
  return [{ type: 'FundCommitmentReleased', data: { fundId, applicationId, amountFen: app.committedFen, reasonCode, releasedOn } }];
};

const instruct: Decide<'InstructPayment'> = (c, s) => {
  const { fundId, paymentId, applicationId, amountFen, instructedOn } = c;
  const prior = s.payments.get(paymentId);
  if (prior) return retryOrConflict(prior, c, ['applicationId', 'amountFen'], 'fund.payment_id_conflict', 'paymentId');
  const app = s.applications.get(applicationId);
  if (!app) return reject('fund.not_committed', `nothing is committed for application ${applicationId}`, 'applicationId');
  if (app.released) return reject('fund.commitment_released', `the commitment for application ${applicationId} was released`, 'applicationId');
  const rule = requireNoLivePayment(app) ?? requireWithinCommitment(app, amountFen);
  if (rule) return rule;
  return [{ type: 'FundPaymentInstructed', data: { fundId, paymentId, applicationId, amountFen, instructedOn } }];
};

function paymentOrReject(s: FundState, paymentId: string) {
  return s.payments.get(paymentId) ?? reject('fund.unknown_payment', `no payment ${paymentId} was instructed from this fund`, 'paymentId');
}

const confirm: Decide<'ConfirmPayment'> = (c, s) => {
  const p = paymentOrReject(s, c.paymentId);
  if ('rejected' in p) return p;
  if (p.status === 'confirmed') return [];
  if (p.status !== 'instructed') return notInFlight(c.paymentId, p.status);
  const { fundId, paymentId, bankReference, confirmedOn } = c;
  return [{ type: 'FundPaymentConfirmed', data: { fundId, paymentId, applicationId: p.applicationId, amountFen: p.amountFen, bankReference, confirmedOn } }];
};

const bounce: Decide<'BouncePayment'> = (c, s) => {
  const p = paymentOrReject(s, c.paymentId);
  if ('rejected' in p) return p;
  if (p.status === 'bounced') return [];
  // A payment the bank confirmed cannot bounce; money that comes back later is a recovery.
  if (p.status !== 'instructed') return notInFlight(c.paymentId, p.status);
  const { fundId, paymentId, reasonCode, bouncedOn } = c;
  return [{ type: 'FundPaymentBounced', data: { fundId, paymentId, applicationId: p.applicationId, amountFen: p.amountFen, reasonCode, bouncedOn } }];
};

function notInFlight(paymentId: string, status: string): Rejection {
  return reject('fund.payment_not_in_flight', `payment ${paymentId} is ${status}, not awaiting the bank`, 'paymentId');
}

const recover: Decide<'RecordRecovery'> = (c, s) => {
  const { fundId, recoveryId, paymentId, amountFen, findingId, documentRef, recoveredOn } = c;
  const prior = s.recoveries.get(recoveryId);
  if (prior) return retryOrConflict(prior, c, ['paymentId', 'amountFen'], 'fund.recovery_id_conflict', 'recoveryId');
  const p = paymentOrReject(s, paymentId);
  if ('rejected' in p) return p;
  if (p.status !== 'confirmed') return reject('fund.payment_not_confirmed', `payment ${paymentId} is ${p.status}; only a confirmed payment can be recovered`, 'paymentId');
  const recoverableFen = p.amountFen - p.recoveredFen;
  if (amountFen > recoverableFen) {
    return reject('fund.recovery_exceeds_paid', `only ${recoverableFen} fen of payment ${paymentId} remain unrecovered`, 'amountFen');
  }
  const over = requireWithinTotalLimit(s.totals, { recoveredFen: amountFen }, 'amountFen');
  if (over) return over;
  return [{ type: 'FundRecoveryReceived', data: { fundId, recoveryId, paymentId, applicationId: p.applicationId, amountFen, findingId, documentRef, recoveredOn } }];
};

/** The fund decider without a day: folds and replays judge recorded dates as recorded. */
export const fundDecider: Decider<FundCommand, FundState, FundEvent> & { name: string } = {
  name: 'fund',
  decide: (command, state) => decideFund(command, state),
  evolve: evolveFund,
  initialState: initialFundState,
};

/** The fund decider for one request: every stated date is checked against its day. */
export function fundDeciderOn(ctx: FundContext): Decider<FundCommand, FundState, FundEvent> & { name: string } {
  return { ...fundDecider, decide: (command, state) => decideFund(command, state, ctx) };
}

/** The stream a fund's events live in. */
export function fundStream(fundId: string): string {
  return `fund-${fundId}`;
}
