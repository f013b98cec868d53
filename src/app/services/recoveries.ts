import { parseApplicationCommand } from '../../domain/application/commands.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { assertStateInScope } from './applications-context.ts';
import { assignedId, commandDate, runApplicationSaga } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';

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
  const outcome = await runApplicationSaga(deps, ctx, command, { policy: deps.policy, today: commandDate(ctx) }, (state) => assertStateInScope(deps, ctx.principal, state));
  return { ...outcome, result: { applicationId, recoveryId } };
}
