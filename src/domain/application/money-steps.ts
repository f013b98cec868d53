import { assertNever, invariant, reject, type Decision } from '../decider.ts';
import { applicationAlreadyPaid } from '../fund/no-payment-twice.ts';
import type { ApplicationCommandOf } from './commands.ts';
import { wrongStatus } from './wrong-status.ts';
import type { ApplicationEvent } from './events.ts';
import { livePayment, type ApplicationState, type ApplicationStatus } from './state.ts';

/**
 * The application's record of money steps. Each one follows the fund's decision in the
 * same saga (saga.ts): the fund has already refused a second payment, a payment above
 * the commitment or a recovery above what was paid; the checks here keep the
 * application's own record consistent with that and make every step safe to repeat.
 */

type MoneyCommand = ApplicationCommandOf<
  'InstructApplicationPayment' | 'ConfirmApplicationPayment' | 'BounceApplicationPayment' | 'RecordApplicationRecovery' | 'WithdrawApplication'
>;

export function decideMoney(c: MoneyCommand, s: ApplicationState): Decision<ApplicationEvent> {
  switch (c.type) {
    case 'InstructApplicationPayment':
      return instruct(c, s);
    case 'ConfirmApplicationPayment':
      return confirm(c, s);
    case 'BounceApplicationPayment':
      return bounce(c, s);
    case 'RecordApplicationRecovery':
      return recover(c, s);
    case 'WithdrawApplication':
      return withdraw(c, s);
    default:
      return assertNever(c);
  }
}

function paymentMismatch(paymentId: string, s: ApplicationState) {
  const current = s.payments[s.payments.length - 1];
  return reject('application.payment_mismatch', `payment ${paymentId} is not the application's current payment${current ? ` (${current.paymentId}, ${current.status})` : ''}`, 'paymentId');
}

function instruct(c: ApplicationCommandOf<'InstructApplicationPayment'>, s: ApplicationState): Decision<ApplicationEvent> {
  const known = s.payments.find((p) => p.paymentId === c.paymentId);
  const live = livePayment(s);
  if (known) return known === live ? [] : paymentMismatch(c.paymentId, s);
  // Sequentially the same answer as the fund gives the losers of a race (no-payment-twice.ts).
  if (live) return applicationAlreadyPaid(c.applicationId, live.paymentId);
  if (s.status !== 'approved' && s.status !== 'bounced') return wrongStatus(s, ['approved', 'bounced']);
  invariant(s.submission && s.fundId, 'an approved application has a submission and a fund');
  const payee = s.submission.applicant.kind === 'institution' ? 'institution' : 'trainee';
  return [{ type: 'ApplicationPaymentInstructed', data: { paymentId: c.paymentId, fundId: s.fundId, amountFen: s.submission.amountFen, payee, instructedOn: c.instructedOn } }];
}

function confirm(c: ApplicationCommandOf<'ConfirmApplicationPayment'>, s: ApplicationState): Decision<ApplicationEvent> {
  const live = livePayment(s);
  if (!live) return s.payments.length > 0 ? paymentMismatch(c.paymentId, s) : wrongStatus(s, ['payment_instructed']);
  if (live.paymentId !== c.paymentId) return paymentMismatch(c.paymentId, s);
  if (live.status === 'paid') return [];
  return [{ type: 'ApplicationPaid', data: { paymentId: c.paymentId, amountFen: live.amountFen, paidOn: c.paidOn } }];
}

function bounce(c: ApplicationCommandOf<'BounceApplicationPayment'>, s: ApplicationState): Decision<ApplicationEvent> {
  const last = s.payments[s.payments.length - 1];
  if (!last) return wrongStatus(s, ['payment_instructed']);
  if (last.paymentId !== c.paymentId) return paymentMismatch(c.paymentId, s);
  if (last.status === 'bounced') return [];
  if (last.status !== 'instructed') return wrongStatus(s, ['payment_instructed']);
  return [{ type: 'ApplicationPaymentBounced', data: { paymentId: c.paymentId, reasonCode: c.reasonCode, bouncedOn: c.bouncedOn } }];
}

function recover(c: ApplicationCommandOf<'RecordApplicationRecovery'>, s: ApplicationState): Decision<ApplicationEvent> {
  const prior = s.recoveries.get(c.recoveryId);
  if (prior) return prior.amountFen === c.amountFen ? [] : reject('application.recovery_id_conflict', `recovery ${c.recoveryId} is already recorded differently`, 'recoveryId');
  const live = livePayment(s);
  if (s.status !== 'paid' || !live) return wrongStatus(s, ['paid']);
  const recoverableFen = live.amountFen - s.recoveredFen;
  if (c.amountFen > recoverableFen) {
    return reject('application.recovery_exceeds_paid', `only ${recoverableFen} fen paid remain unrecovered`, 'amountFen');
  }
  const totalRecoveredFen = s.recoveredFen + c.amountFen;
  return [
    {
      type: 'ApplicationRecoveryRecorded',
      data: { recoveryId: c.recoveryId, paymentId: live.paymentId, amountFen: c.amountFen, totalRecoveredFen, full: totalRecoveredFen === live.amountFen, findingId: c.findingId, recoveredOn: c.recoveredOn },
    },
  ];
}

const WITHDRAWABLE: readonly ApplicationStatus[] = ['submitted', 'initial_review_passed', 'final_review_passed', 'in_publicity', 'approved', 'bounced'];

/** Withdrawal is possible until money is on its way; after approval the saga releases the commitment first. */
function withdraw(c: ApplicationCommandOf<'WithdrawApplication'>, s: ApplicationState): Decision<ApplicationEvent> {
  if (s.status === 'withdrawn') return [];
  if (!WITHDRAWABLE.includes(s.status)) return wrongStatus(s, WITHDRAWABLE);
  const commitmentReleased = s.status === 'approved' || s.status === 'bounced';
  if (commitmentReleased && !c.commitmentReleased) {
    // The plan was made before the approval: run again, and the new plan releases the funds first.
    return reject('application.commitment_not_released', 'the application was approved for payment: its fund commitment must be released first', 'applicationId');
  }
  return [{ type: 'ApplicationWithdrawn', data: { reasonCode: c.reasonCode, withdrawnOn: c.withdrawnOn, commitmentReleased } }];
}
