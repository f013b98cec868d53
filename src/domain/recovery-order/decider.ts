import canonicalize from 'canonicalize';
import { compareBusinessDates } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { assertNever, invariant, reject, type Decider, type Decision } from '../decider.ts';
import type { RecoveryOrderCommand, RecoveryOrderCommandOf } from './commands.ts';
import type { RecoveryOrderContext } from './context.ts';
import type { RecoveryOrderEvent } from './events.ts';
import { evolveRecoveryOrder, initialRecoveryOrderState, type RecoveryOrderState } from './state.ts';
import { statedRecoveryOrderDateOf } from './command-date.ts';

/**
 * A recovery order (`recovery-{orderId}`): a finding orders money back, per payment it
 * names, each line at most what the finding involves in total; recoveries come in parts,
 * each at most what its line still lacks. This stream reserves each recovery against its
 * line before the fund records the money (saga.ts): two instalments racing on one order
 * serialise on its expected revision, and the loser is refused here. Every command is
 * safe to repeat.
 *
 * Rejection codes (stable):
 * - recovery.invalid_command           the command failed its schema (field named)
 * - recovery.already_issued            a different order issued on the same stream
 * - recovery.not_issued                any other command before the order is issued
 * - recovery.unknown_finding           the order names a finding that does not exist
 * - recovery.finding_not_active        the finding is withdrawn or closed
 * - recovery.payment_not_in_finding    a line's payment is not among the finding's payments
 * - recovery.exceeds_amount_involved   the order asks back more than the finding involves
 * - recovery.withdrawn                 a recovery on a withdrawn order
 * - recovery.unknown_line              a recovery on a payment the order does not list
 * - recovery.exceeds_ordered           a recovery above what its line still lacks
 * - recovery.recovery_id_conflict      a recovery id reused for a different recovery
 * - recovery.date_before_issue         a recovery dated before the order
 * - recovery.unknown_recovery          voiding a recovery never recorded
 * - recovery.has_recoveries            withdrawing an order money already came back on
 */

type Decide<T extends RecoveryOrderCommand['type']> = (c: RecoveryOrderCommandOf<T>, s: RecoveryOrderState, ctx: RecoveryOrderContext) => Decision<RecoveryOrderEvent>;

export function decideRecoveryOrder(command: RecoveryOrderCommand, state: RecoveryOrderState, ctx: RecoveryOrderContext): Decision<RecoveryOrderEvent> {
  const [dateField, date] = statedRecoveryOrderDateOf(command);
  const misdated = requireNotAfterToday('recovery', ctx, date, dateField);
  if (misdated) return misdated;
  if (command.type === 'IssueRecoveryOrder') return issue(command, state, ctx);
  if (state.issued === null) return reject('recovery.not_issued', `recovery order ${command.orderId} has not been issued`, 'orderId');
  invariant(state.issued.orderId === command.orderId, 'recovery order command decided on another order\'s state');
  switch (command.type) {
    case 'RecordOrderRecovery':
      return record(command, state, ctx);
    case 'VoidOrderRecovery':
      return voidRecovery(command, state, ctx);
    case 'WithdrawRecoveryOrder':
      return withdraw(command, state, ctx);
    default:
      return assertNever(command);
  }
}

const issue: Decide<'IssueRecoveryOrder'> = (c, s, ctx) => {
  const { type: _type, ...fields } = c;
  const totalFen = c.lines.reduce((sum, l) => sum + l.amountFen, 0);
  const data = { ...fields, totalFen };
  if (s.issued !== null) {
    // Canonical (RFC 8785) text: the event read back from the store need not keep the command's key order.
    return canonicalize(s.issued) === canonicalize(data) ? [] : reject('recovery.already_issued', `recovery order ${c.orderId} is already issued`, 'orderId');
  }
  const f = ctx.finding;
  if (f === undefined || f.findingId !== c.findingId) return reject('recovery.unknown_finding', `finding ${c.findingId} does not exist`, 'findingId');
  if (f.status === 'withdrawn' || f.status === 'closed') return reject('recovery.finding_not_active', `finding ${c.findingId} is ${f.status}`, 'findingId');
  const stray = c.lines.findIndex((l) => !f.paymentIds.includes(l.paymentId));
  if (stray >= 0) return reject('recovery.payment_not_in_finding', `the finding does not name payment ${c.lines[stray]?.paymentId}`, `lines.${stray}.paymentId`);
  if (!Number.isSafeInteger(totalFen) || totalFen > f.amountInvolvedFen) {
    return reject('recovery.exceeds_amount_involved', `the order asks ${totalFen} fen back; the finding involves ${f.amountInvolvedFen} fen`, 'lines');
  }
  return [{ type: 'RecoveryOrderIssued', data }];
};

const record: Decide<'RecordOrderRecovery'> = (c, s) => {
  const prior = s.recoveries.get(c.recoveryId);
  if (prior) {
    if (prior.paymentId === c.paymentId && prior.amountFen === c.amountFen && !prior.voided) return [];
    return reject('recovery.recovery_id_conflict', `recovery ${c.recoveryId} is already recorded${prior.voided ? ' and voided' : ' differently'}`, 'recoveryId');
  }
  if (s.status === 'withdrawn') return reject('recovery.withdrawn', 'the order was withdrawn', 'orderId');
  const line = s.lines.get(c.paymentId);
  if (!line) return reject('recovery.unknown_line', `the order does not list payment ${c.paymentId}`, 'paymentId');
  invariant(s.issued !== null, 'an order with lines was issued');
  if (compareBusinessDates(c.recoveredOn, s.issued.issuedOn) < 0) return reject('recovery.date_before_issue', `the order was issued on ${s.issued.issuedOn}`, 'recoveredOn');
  const lacking = line.amountFen - line.recoveredFen;
  if (c.amountFen > lacking) return reject('recovery.exceeds_ordered', `only ${lacking} fen of payment ${c.paymentId} remain to recover under this order`, 'amountFen');
  const { recoveryId, paymentId, amountFen, documentRef, recoveredOn } = c;
  const orderRecoveredFen = s.recoveredFen + amountFen;
  return [
    {
      type: 'RecoveryOrderRecoveryRecorded',
      data: {
        recoveryId, fundId: line.fundId, paymentId, applicationId: line.applicationId, amountFen, documentRef, recoveredOn,
        lineRecoveredFen: line.recoveredFen + amountFen, orderRecoveredFen, fulfilled: orderRecoveredFen === s.issued.totalFen,
      },
    },
  ];
};

const voidRecovery: Decide<'VoidOrderRecovery'> = (c, s) => {
  const prior = s.recoveries.get(c.recoveryId);
  if (!prior) return reject('recovery.unknown_recovery', `no recovery ${c.recoveryId} on this order`, 'recoveryId');
  if (prior.voided) return [];
  const { recoveryId, reasonCode, voidedOn } = c;
  return [{ type: 'RecoveryOrderRecoveryVoided', data: { recoveryId, paymentId: prior.paymentId, amountFen: prior.amountFen, reasonCode, voidedOn } }];
};

const withdraw: Decide<'WithdrawRecoveryOrder'> = (c, s) => {
  if (s.status === 'withdrawn') return [];
  if (s.recoveredFen > 0) return reject('recovery.has_recoveries', `${s.recoveredFen} fen were already recovered under this order`, 'orderId');
  const { reason, withdrawnBy, withdrawnOn } = c;
  return [{ type: 'RecoveryOrderWithdrawn', data: { reason, withdrawnBy, withdrawnOn } }];
};

export function recoveryOrderDecider(ctx: RecoveryOrderContext = {}): Decider<RecoveryOrderCommand, RecoveryOrderState, RecoveryOrderEvent> & { name: string } {
  return {
    name: 'recovery-order',
    decide(command, state) {
      return decideRecoveryOrder(command, state, ctx);
    },
    evolve: evolveRecoveryOrder,
    initialState: initialRecoveryOrderState,
  };
}

/** The stream a recovery order's events live in (category `recovery`). */
export function recoveryOrderStream(orderId: string): string {
  return `recovery-${orderId}`;
}
