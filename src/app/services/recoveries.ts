import { parseApplicationCommand } from '../../domain/application/commands.ts';
import { livePayment, type ApplicationState } from '../../domain/application/state.ts';
import { reject } from '../../domain/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError } from '../run-command.ts';
import { assertStateInScope } from './applications-context.ts';
import { assignedId, commandDate, runApplicationSaga } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { claimedByOpenOrdersFen, RECOVERY_CLAIMS_LOCK } from './recovery-orders.ts';

/**
 * 追回: money improperly paid for an application comes back, in full or in part, usually
 * ordered by a finding of the problem ledger (`findingId`). The fund decides first, under
 * its expected revision: only a confirmed payment can be recovered, and never more than
 * remains unrecovered of it (two partial recoveries racing cannot together exceed what
 * was paid); the amount adds to the fund's available money. The application then records
 * it, marking the recovery full when everything paid has come back.
 */

export interface RecordRecoveryInput {
  recoveryId?: string;
  amountFen: number;
  findingId?: string | null;
  documentRef: string;
  recoveredOn?: string;
}

export async function recordRecovery(deps: AppDeps, ctx: CommandContext, applicationId: string, input: RecordRecoveryInput): Promise<CommandOutcome> {
  const recoveryId = input.recoveryId ?? assignedId(ctx, 'rec');
  const command = commandOrThrow(
    parseApplicationCommand({ ...input, type: 'RecordApplicationRecovery', applicationId, recoveryId, recoveredOn: input.recoveredOn ?? commandDate(ctx) }),
  );
  if (command.type !== 'RecordApplicationRecovery') throw new Error('invariant violated: parsed another command');
  const check = async (state: ApplicationState): Promise<void> => {
    await assertStateInScope(deps, ctx.principal, state);
    await assertNotClaimedByOrders(deps, state, recoveryId, command.amountFen);
  };
  // Under the orders' lock: an order issued meanwhile cannot claim what this recovery takes.
  const outcome = await deps.locks.run(RECOVERY_CLAIMS_LOCK, () => runApplicationSaga(deps, ctx, command, { policy: deps.policy, today: commandDate(ctx) }, check));
  return { ...outcome, result: { applicationId, recoveryId } };
}

/**
 * Money an open recovery order claims comes back through that order (recovery-orders.ts):
 * booked on the application directly it would leave the order lacking more than remains to
 * recover, never to be fulfilled, and its finding never closed. A retry of a recorded
 * recovery is the decider's to judge.
 */
async function assertNotClaimedByOrders(deps: AppDeps, state: ApplicationState, recoveryId: string, amountFen: number): Promise<void> {
  const live = livePayment(state);
  if (state.submission === null || live === undefined || state.recoveries.has(recoveryId)) return;
  const claimedFen = await claimedByOpenOrdersFen(deps, state.submission.applicationId, live.paymentId);
  const freeFen = live.amountFen - state.recoveredFen - claimedFen;
  if (claimedFen > 0 && amountFen > freeFen) {
    throw new CommandRejectedError(
      reject('recovery.claimed_by_order', `${claimedFen} fen of payment ${live.paymentId} are claimed by open recovery orders: record them against the order; ${Math.max(freeFen, 0)} fen may be recovered here`, 'amountFen'),
    );
  }
}
