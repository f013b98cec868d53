import type { ApplicationCommand } from '../application/commands.ts';
import { applicationStream } from '../application/decider.ts';
import { invariant, isRejection, type Rejection } from '../decider.ts';
import type { FundCommand } from '../fund/commands.ts';
import { fundStream } from '../fund/decider.ts';
import type { RecoveryOrderCommand, RecoveryOrderCommandOf } from './commands.ts';
import { decideRecoveryOrder, recoveryOrderStream } from './decider.ts';
import type { RecoveryOrderState } from './state.ts';

/**
 * One recovery under an order (追回 in part or in full): which streams it writes, in which
 * order, and what undoes what. Pure: the app layer runs each step (read, decide, append
 * with the expected revision, retry on WrongExpectedRevision) with the request's
 * deterministic event ids, like the application's saga (src/domain/application/saga.ts).
 *
 * 1. `recovery-{orderId}` — RecordOrderRecovery reserves the amount on its line: never
 *    more than the line still lacks. Two instalments racing on one order serialise here.
 *    It goes first because its rule cannot be checked after the money is in: the fund
 *    has no event to give a recovery back.
 * 2. `fund-{fundId}` — RecordRecovery: the fund, the single authority for money, decides
 *    whether the money can come back (a confirmed payment, never more than remains
 *    unrecovered of it, whoever else recovered from it) and adds it to the fund's
 *    recovered, hence available, amount. Sums are conserved: allocated + recovered +
 *    adjusted = available + committed + paid.
 * 3. `application-{applicationId}` — RecordApplicationRecovery: the application records
 *    what the fund decided (and whether everything paid is back).
 *
 * Compensation: when step 2 refuses, `compensation` voids the reservation of step 1, so
 * the order's recovered sum stays equal to what the fund holds for its recoveries. A
 * refusal at step 3 comes after the money is in the fund and is not compensated (the
 * application mirrors the fund's checks, so it refuses only when its record has diverged,
 * which is repaired by hand, as in the application saga).
 *
 * Every step is idempotent on recoveryId (a repeat decides nothing), so a re-run after a
 * crash at any point completes the saga.
 */
export type RecoverySagaStep =
  | { readonly aggregate: 'recovery-order'; readonly stream: string; readonly command: RecoveryOrderCommand }
  | { readonly aggregate: 'fund'; readonly stream: string; readonly command: FundCommand }
  | { readonly aggregate: 'application'; readonly stream: string; readonly command: ApplicationCommand };

export interface RecoveryPlan {
  readonly steps: readonly RecoverySagaStep[];
  /** Run, in order, when the fund step (steps[1]) refuses. */
  readonly compensation: readonly RecoverySagaStep[];
}

export function planOrderRecovery(c: RecoveryOrderCommandOf<'RecordOrderRecovery'>, state: RecoveryOrderState): RecoveryPlan | Rejection {
  // Refuse early against the state the app layer read; the step decides again on the latest.
  const decision = decideRecoveryOrder(c, state, {});
  if (isRejection(decision)) return decision;
  const issued = state.issued;
  const line = state.lines.get(c.paymentId);
  invariant(issued !== null && line !== undefined, 'a recovery the order accepted is on one of its lines');
  const { orderId, recoveryId, paymentId, amountFen, documentRef, recoveredOn } = c;
  const { fundId, applicationId } = line;
  const findingId = issued.findingId;
  return {
    steps: [
      { aggregate: 'recovery-order', stream: recoveryOrderStream(orderId), command: c },
      { aggregate: 'fund', stream: fundStream(fundId), command: { type: 'RecordRecovery', fundId, recoveryId, paymentId, amountFen, findingId, documentRef, recoveredOn } },
      { aggregate: 'application', stream: applicationStream(applicationId), command: { type: 'RecordApplicationRecovery', applicationId, recoveryId, amountFen, findingId, documentRef, recoveredOn } },
    ],
    compensation: [
      { aggregate: 'recovery-order', stream: recoveryOrderStream(orderId), command: { type: 'VoidOrderRecovery', orderId, recoveryId, reasonCode: 'saga_compensation', voidedOn: recoveredOn } },
    ],
  };
}
