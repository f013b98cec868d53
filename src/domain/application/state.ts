import { assertNever, invariant } from '../decider.ts';
import type { ApplicationEvent, ApplicationEventOf } from './events.ts';

export type ApplicationStatus =
  | 'none'
  | 'submitted'
  | 'initial_review_passed'
  | 'final_review_passed'
  | 'in_publicity'
  | 'approved' // funds committed
  | 'payment_instructed'
  | 'paid'
  | 'bounced' // back to committed; a new instruction may follow
  | 'rejected'
  | 'withdrawn';

export interface Objection {
  readonly objectionId: string;
  readonly groundsCode: string;
  readonly raisedOn: string;
  readonly outcome: 'open' | 'upheld' | 'dismissed';
}

export interface Payment {
  readonly paymentId: string;
  readonly amountFen: number;
  readonly status: 'instructed' | 'paid' | 'bounced';
}

type Submitted = ApplicationEventOf<'ApplicationSubmitted'>['data'];

export interface Review {
  readonly reviewerId: string;
  readonly decision: 'approve' | 'reject';
  /** The review's date, for approving reviews (publicity may not start before it). */
  readonly reviewedOn?: string;
}

export interface ApplicationState {
  readonly status: ApplicationStatus;
  readonly submission: Submitted | null;
  readonly initialReview: Review | null;
  readonly finalReview: Review | null;
  readonly rejection: ApplicationEventOf<'ApplicationRejected'>['data'] | null;
  readonly publicity: { readonly startOn: string; readonly endOn: string } | null;
  readonly objections: ReadonlyMap<string, Objection>;
  readonly fundId: string | null;
  /** Every payment instructed, in order; at most the last one is not bounced. */
  readonly payments: readonly Payment[];
  readonly recoveries: ReadonlyMap<string, { readonly paymentId: string; readonly amountFen: number }>;
  readonly recoveredFen: number;
  readonly withdrawal: ApplicationEventOf<'ApplicationWithdrawn'>['data'] | null;
}

export function initialApplicationState(): ApplicationState {
  return {
    status: 'none',
    submission: null,
    initialReview: null,
    finalReview: null,
    rejection: null,
    publicity: null,
    objections: new Map(),
    fundId: null,
    payments: [],
    recoveries: new Map(),
    recoveredFen: 0,
    withdrawal: null,
  };
}

/** The payment in flight or paid, if any. */
export function livePayment(state: ApplicationState): Payment | undefined {
  const last = state.payments[state.payments.length - 1];
  return last && last.status !== 'bounced' ? last : undefined;
}

export function evolveApplication(state: ApplicationState, event: ApplicationEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationSubmitted':
      return { ...state, status: 'submitted', submission: event.data };
    case 'ApplicationInitialReviewPassed':
      return { ...state, status: 'initial_review_passed', initialReview: { reviewerId: event.data.reviewerId, decision: 'approve' } };
    case 'ApplicationFinalReviewPassed':
      return { ...state, status: 'final_review_passed', finalReview: { reviewerId: event.data.reviewerId, decision: 'approve', reviewedOn: event.data.reviewedOn } };
    case 'ApplicationRejected': {
      const review: Review = { reviewerId: event.data.decidedBy, decision: 'reject' };
      return {
        ...state,
        status: 'rejected',
        rejection: event.data,
        initialReview: event.data.stage === 'initial_review' ? review : state.initialReview,
        finalReview: event.data.stage === 'final_review' ? review : state.finalReview,
      };
    }
    case 'ApplicationPublicityStarted':
      return { ...state, status: 'in_publicity', publicity: { startOn: event.data.startOn, endOn: event.data.endOn } };
    case 'ApplicationObjectionRaised': {
      const { objectionId, groundsCode, raisedOn } = event.data;
      return { ...state, objections: new Map(state.objections).set(objectionId, { objectionId, groundsCode, raisedOn, outcome: 'open' }) };
    }
    case 'ApplicationObjectionResolved': {
      const prior = state.objections.get(event.data.objectionId);
      invariant(prior, `objection ${event.data.objectionId} resolved but never raised`);
      return { ...state, objections: new Map(state.objections).set(prior.objectionId, { ...prior, outcome: event.data.outcome }) };
    }
    case 'ApplicationApprovedForPayment':
      return { ...state, status: 'approved', fundId: event.data.fundId };
    default:
      return evolveMoney(state, event);
  }
}

type MoneyEvent = Extract<
  ApplicationEvent,
  { type: 'ApplicationPaymentInstructed' | 'ApplicationPaid' | 'ApplicationPaymentBounced' | 'ApplicationRecoveryRecorded' | 'ApplicationWithdrawn' }
>;

function evolveMoney(state: ApplicationState, event: MoneyEvent): ApplicationState {
  switch (event.type) {
    case 'ApplicationPaymentInstructed':
      return { ...state, status: 'payment_instructed', payments: [...state.payments, { paymentId: event.data.paymentId, amountFen: event.data.amountFen, status: 'instructed' }] };
    case 'ApplicationPaid':
      return { ...state, status: 'paid', payments: withLastPayment(state, event.data.paymentId, 'paid') };
    case 'ApplicationPaymentBounced':
      return { ...state, status: 'bounced', payments: withLastPayment(state, event.data.paymentId, 'bounced') };
    case 'ApplicationRecoveryRecorded': {
      const { recoveryId, paymentId, amountFen } = event.data;
      return { ...state, recoveredFen: state.recoveredFen + amountFen, recoveries: new Map(state.recoveries).set(recoveryId, { paymentId, amountFen }) };
    }
    case 'ApplicationWithdrawn':
      return { ...state, status: 'withdrawn', withdrawal: event.data };
    default:
      return assertNever(event);
  }
}

function withLastPayment(state: ApplicationState, paymentId: string, status: Payment['status']): Payment[] {
  const last = state.payments[state.payments.length - 1];
  invariant(last && last.paymentId === paymentId, `payment ${paymentId} is not the application's current payment`);
  return [...state.payments.slice(0, -1), { ...last, status }];
}
