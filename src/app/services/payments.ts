import { parseApplicationCommand, type ApplicationCommand } from '../../domain/application/commands.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { assertStateInScope } from './applications-context.ts';
import { assignedId, commandDate, runApplicationSaga } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';

/**
 * Payments of an approved application (拨付), each a saga whose FIRST step is on the
 * fund, which is the only stream that decides about money:
 *
 *   instruct   fund-{fundId} under its expected revision: no live payment for the
 *              application yet ("no payment twice"), amount within what is committed for
 *              it ("none above its approval"; the commitment itself was only made from
 *              available money, so "none from an empty fund"); then application-{id}.
 *              Fifty requests paying one application at once: the fund's queue and its
 *              expected revision let exactly one instruction through; the others are
 *              refused with fund.application_already_paid (409) and write nothing.
 *   confirm    fund-{fundId} (the payment must be in flight); then application-{id};
 *              then the claim on entitlement-{personRef} is marked paid.
 *   bounce     fund-{fundId} (in flight only: a confirmed payment cannot bounce; money
 *              coming back later is a recovery); then application-{id}. The amount
 *              returns to committed and a new instruction, with a new paymentId, may follow.
 *
 * The amount paid is always the approved amount, taken from the application's submission
 * by the saga plan, never from the request. A paymentId left out is assigned from the
 * request's seed, so a retry under the same Idempotency-Key reuses it.
 */

function onApplication(deps: AppDeps, ctx: CommandContext, input: Record<string, unknown>): Promise<CommandOutcome> {
  const command: ApplicationCommand = commandOrThrow(parseApplicationCommand(input));
  return runApplicationSaga(deps, ctx, command, { policy: deps.policy, today: commandDate(ctx) }, (state) => assertStateInScope(deps, ctx.principal, state));
}

export interface InstructPaymentInput {
  paymentId?: string;
  instructedOn?: string;
}

export async function instructPayment(deps: AppDeps, ctx: CommandContext, applicationId: string, input: InstructPaymentInput): Promise<CommandOutcome> {
  const paymentId = input.paymentId ?? assignedId(ctx, 'pay');
  const outcome = await onApplication(deps, ctx, { ...input, type: 'InstructApplicationPayment', applicationId, paymentId, instructedOn: input.instructedOn ?? commandDate(ctx) });
  return { ...outcome, result: { applicationId, paymentId } };
}

export interface ConfirmPaymentInput {
  bankReference?: string | null;
  paidOn?: string;
}

export async function confirmPayment(deps: AppDeps, ctx: CommandContext, applicationId: string, paymentId: string, input: ConfirmPaymentInput): Promise<CommandOutcome> {
  const outcome = await onApplication(deps, ctx, { ...input, type: 'ConfirmApplicationPayment', applicationId, paymentId, paidOn: input.paidOn ?? commandDate(ctx) });
  return { ...outcome, result: { applicationId, paymentId } };
}

export interface BouncePaymentInput {
  reasonCode: string;
  bouncedOn?: string;
}

export async function bouncePayment(deps: AppDeps, ctx: CommandContext, applicationId: string, paymentId: string, input: BouncePaymentInput): Promise<CommandOutcome> {
  const outcome = await onApplication(deps, ctx, { ...input, type: 'BounceApplicationPayment', applicationId, paymentId, bouncedOn: input.bouncedOn ?? commandDate(ctx) });
  return { ...outcome, result: { applicationId, paymentId } };
}
