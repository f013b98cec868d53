import { assertNever, invariant } from '../decider.ts';
import type { SubsidyKind } from '../policy/certificate-level.ts';
import type { FundEvent, FundEventOf, FundSource } from './events.ts';

/**
 * The fund's folded state: running totals plus a ledger per application and per payment,
 * because the finance invariants are per application (paid once, never above approval)
 * and must be decided against this one stream.
 *
 * Money buckets, each a non-negative integer of fen:
 *   allocatedFen  sum of allocations received
 *   recoveredFen  sum of recoveries received (追回)
 *   adjustedFen   signed sum of adjustments (may be negative)
 *   committedFen  approved amounts not yet sent to the bank
 *   paidFen       amounts instructed to the bank and not returned (in flight or confirmed)
 * and available = allocated + recovered + adjusted − committed − paid (available.ts).
 * Each lies within ±MAX_FUND_TOTAL_FEN: the decider bounds what comes in (total-limit.ts).
 * Confirmation moves no money: the bank's answer only makes a payment final. A bounce
 * moves the amount from paid back to committed.
 */

export type PaymentStatus = 'instructed' | 'confirmed' | 'bounced';

export interface PaymentRecord {
  readonly paymentId: string;
  readonly applicationId: string;
  readonly amountFen: number;
  readonly instructedOn: string;
  status: PaymentStatus;
  /** Recovered so far from this payment (only a confirmed payment can be recovered). */
  recoveredFen: number;
}

export interface ApplicationLedger {
  readonly applicationId: string;
  readonly subsidyKind: SubsidyKind;
  /** The amount committed at approval: the ceiling for everything paid for the application. */
  readonly approvedFen: number;
  /** Set aside and not yet instructed. */
  committedFen: number;
  /** Instructed and not bounced (in flight or confirmed). */
  paidFen: number;
  recoveredFen: number;
  /** The commitment was given up; the application can never be paid from this fund again. */
  released: boolean;
  /** The one payment in flight or confirmed, if any ("no payment twice"). */
  livePaymentId: string | null;
}

export interface FundTotals {
  allocatedFen: number;
  recoveredFen: number;
  adjustedFen: number;
  committedFen: number;
  paidFen: number;
}

type Data<T extends FundEvent['type']> = FundEventOf<T>['data'];

export interface FundState {
  readonly status: 'none' | 'open';
  readonly fundId: string | null;
  readonly source: FundSource | null;
  readonly year: number | null;
  readonly regionCode: string | null;
  readonly totals: Readonly<FundTotals>;
  /** Kept whole so a retried command can be told from a conflicting reuse of its id. */
  readonly allocations: ReadonlyMap<string, Data<'FundAllocationReceived'>>;
  readonly adjustments: ReadonlyMap<string, Data<'FundAdjusted'>>;
  readonly recoveries: ReadonlyMap<string, Data<'FundRecoveryReceived'>>;
  readonly applications: ReadonlyMap<string, Readonly<ApplicationLedger>>;
  readonly payments: ReadonlyMap<string, Readonly<PaymentRecord>>;
}

interface MutableFundState {
  status: 'none' | 'open';
  fundId: string | null;
  source: FundSource | null;
  year: number | null;
  regionCode: string | null;
  totals: FundTotals;
  allocations: Map<string, Data<'FundAllocationReceived'>>;
  adjustments: Map<string, Data<'FundAdjusted'>>;
  recoveries: Map<string, Data<'FundRecoveryReceived'>>;
  applications: Map<string, ApplicationLedger>;
  payments: Map<string, PaymentRecord>;
}

export function initialFundState(): FundState {
  const s: MutableFundState = {
    status: 'none',
    fundId: null,
    source: null,
    year: null,
    regionCode: null,
    totals: { allocatedFen: 0, recoveredFen: 0, adjustedFen: 0, committedFen: 0, paidFen: 0 },
    allocations: new Map(),
    adjustments: new Map(),
    recoveries: new Map(),
    applications: new Map(),
    payments: new Map(),
  };
  return s;
}

/**
 * Applies one event IN PLACE and returns the same object. A fund holds a year of
 * applications and payments; copying that ledger per event would make folding quadratic.
 * The command runner (src/app/run-command.ts) allows this: it owns the cached state, and
 * `decide` never mutates. Always fold from `initialFundState()`, never from a state some
 * other reader still holds.
 */
export function evolveFund(state: FundState, event: FundEvent): FundState {
  const s = state as MutableFundState;
  switch (event.type) {
    case 'FundOpened':
      s.status = 'open';
      s.fundId = event.data.fundId;
      s.source = event.data.source;
      s.year = event.data.year;
      s.regionCode = event.data.regionCode;
      return s;
    case 'FundAllocationReceived':
      s.allocations.set(event.data.allocationId, event.data);
      s.totals.allocatedFen += event.data.amountFen;
      return s;
    case 'FundAdjusted':
      s.adjustments.set(event.data.adjustmentId, event.data);
      s.totals.adjustedFen += event.data.amountFen;
      return s;
    case 'FundCommitted':
      s.applications.set(event.data.applicationId, {
        applicationId: event.data.applicationId,
        subsidyKind: event.data.subsidyKind,
        approvedFen: event.data.amountFen,
        committedFen: event.data.amountFen,
        paidFen: 0,
        recoveredFen: 0,
        released: false,
        livePaymentId: null,
      });
      s.totals.committedFen += event.data.amountFen;
      return s;
    case 'FundCommitmentReleased': {
      const app = ledgerOf(s, event.data.applicationId);
      app.committedFen -= event.data.amountFen;
      app.released = true;
      s.totals.committedFen -= event.data.amountFen;
      return s;
    }
    default:
      return evolvePayment(s, event);
  }
}

function evolvePayment(
  s: MutableFundState,
  event: Exclude<FundEvent, { type: 'FundOpened' | 'FundAllocationReceived' | 'FundAdjusted' | 'FundCommitted' | 'FundCommitmentReleased' }>,
): FundState {
  switch (event.type) {
    case 'FundPaymentInstructed': {
      const app = ledgerOf(s, event.data.applicationId);
      const { paymentId, applicationId, amountFen, instructedOn } = event.data;
      s.payments.set(paymentId, { paymentId, applicationId, amountFen, instructedOn, status: 'instructed', recoveredFen: 0 });
      app.committedFen -= amountFen;
      app.paidFen += amountFen;
      app.livePaymentId = paymentId;
      s.totals.committedFen -= amountFen;
      s.totals.paidFen += amountFen;
      return s;
    }
    case 'FundPaymentConfirmed':
      paymentOf(s, event.data.paymentId).status = 'confirmed';
      return s;
    case 'FundPaymentBounced': {
      const payment = paymentOf(s, event.data.paymentId);
      const app = ledgerOf(s, payment.applicationId);
      payment.status = 'bounced';
      app.paidFen -= payment.amountFen;
      app.committedFen += payment.amountFen;
      app.livePaymentId = null;
      s.totals.paidFen -= payment.amountFen;
      s.totals.committedFen += payment.amountFen;
      return s;
    }
    case 'FundRecoveryReceived': {
      const payment = paymentOf(s, event.data.paymentId);
      s.recoveries.set(event.data.recoveryId, event.data);
      payment.recoveredFen += event.data.amountFen;
      ledgerOf(s, payment.applicationId).recoveredFen += event.data.amountFen;
      s.totals.recoveredFen += event.data.amountFen;
      return s;
    }
    default:
      return assertNever(event);
  }
}

function ledgerOf(s: MutableFundState, applicationId: string): ApplicationLedger {
  const app = s.applications.get(applicationId);
  invariant(app, `fund event for application ${applicationId} that was never committed`);
  return app;
}

function paymentOf(s: MutableFundState, paymentId: string): PaymentRecord {
  const payment = s.payments.get(paymentId);
  invariant(payment, `fund event for payment ${paymentId} that was never instructed`);
  return payment;
}
