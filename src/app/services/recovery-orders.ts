import type { z } from 'zod';
import { applicationDecider, applicationStream } from '../../domain/application/decider.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { assertNever, isRejection, reject } from '../../domain/decider.ts';
import { fundDeciderOn } from '../../domain/fund/decider.ts';
import {
  parseRecoveryOrderCommand,
  type IssueRecoveryOrderSchema,
  type RecordOrderRecoverySchema,
  type RecoveryOrderCommand,
  type RecoveryOrderCommandOf,
  type WithdrawRecoveryOrderSchema,
} from '../../domain/recovery-order/commands.ts';
import type { FindingFacts } from '../../domain/recovery-order/context.ts';
import { recoveryOrderDecider, recoveryOrderStream } from '../../domain/recovery-order/decider.ts';
import { planOrderRecovery, type RecoverySagaStep } from '../../domain/recovery-order/saga.ts';
import type { RecoveryOrderState } from '../../domain/recovery-order/state.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep, type StepResult } from '../run-command.ts';
import type { Principal } from '../../access/roles.ts';
import { assertStateInScope } from './applications-context.ts';
import { assignedId, commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { loadFinding } from './findings.ts';
import { loadState } from './load-state.ts';
import { findingsIndexFor } from './recovery-orders-index.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Recovery orders (追回通知), one stream each, `recovery-{orderId}`: a finding orders money
 * back per payment it names; each recovery, in part or in full, runs the saga of
 * src/domain/recovery-order/saga.ts — the order reserves the amount on its line, the fund
 * (the single authority for money) takes it back into `recovered`, hence available, and
 * the application records it; a refusal by the fund voids the reservation again, so the
 * order's recovered sum always equals what its fund recorded for it. Deterministic event
 * ids from the request make a retry complete a half-done saga without moving money twice.
 *
 * Region: an order lies in its finding's region.
 *
 * Rejection codes added here (stable):
 * - recovery.line_mismatch   a line's payment is not a paid payment of that application
 *                            on that fund, or asks back more than the payment was less
 *                            what is recovered and what other open orders still claim
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks' | 'policy'>;
export type IssueRecoveryOrderInput = Omit<z.input<typeof IssueRecoveryOrderSchema>, 'type' | 'issuedBy'>;
export type RecordOrderRecoveryInput = Omit<z.input<typeof RecordOrderRecoverySchema>, 'type' | 'orderId' | 'recoveryId'> & { recoveryId?: string };
export type WithdrawRecoveryOrderInput = Omit<z.input<typeof WithdrawRecoveryOrderSchema>, 'type' | 'orderId' | 'withdrawnBy'>;

function refuse(code: string, message: string, field: string): never {
  throw new CommandRejectedError(reject(code, message, field));
}

function parsed<T extends RecoveryOrderCommand['type']>(type: T, input: Record<string, unknown>): RecoveryOrderCommandOf<T> {
  const command = commandOrThrow(parseRecoveryOrderCommand({ ...input, type }));
  if (command.type !== type) throw new Error('invariant violated: parsed another command');
  return command as RecoveryOrderCommandOf<T>;
}

export function checkedOrderId(raw: string): string {
  if (!EntityIdSchema.safeParse(raw).success) refuse('recovery.invalid_command', 'orderId: expected 1–64 letters, digits or _ . : -', 'orderId');
  return raw;
}

export async function loadRecoveryOrder(deps: Deps, orderId: string): Promise<RecoveryOrderState> {
  return (await loadState(deps, recoveryOrderStream(orderId), recoveryOrderDecider())).state;
}

/** The region of an issued order: its finding's. */
async function orderRegion(deps: Deps, state: RecoveryOrderState): Promise<string | undefined> {
  if (state.issued === null) return undefined;
  return (await loadFinding(deps, state.issued.findingId)).raised?.regionCode;
}

/** The order folded from its stream, checked against the principal's region; undefined when never issued. */
export async function loadRecoveryOrderInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, orderId: string): Promise<RecoveryOrderState | undefined> {
  const state = await loadRecoveryOrder(deps, orderId);
  const region = await orderRegion(deps, state);
  if (region === undefined) return undefined;
  assertInScope(ctx.principal, region, 'recovery order');
  return state;
}

/**
 * Fen open orders (other than `exceptOrderId`) still claim back from one payment: what each
 * open order's line on it asks and has not yet recovered. What those orders did recover is
 * already among the application's recoveries, and a fulfilled or withdrawn order claims
 * nothing more; an order's own stream (a retry of the same issue) is not another claim.
 */
export async function claimedByOpenOrdersFen(deps: Deps, applicationId: string, paymentId: string, exceptOrderId?: string): Promise<number> {
  let claimedFen = 0;
  for (const otherId of await findingsIndexFor(deps.store).ordersOnPayment(applicationId, paymentId)) {
    if (otherId === exceptOrderId) continue;
    const other = await loadRecoveryOrder(deps, otherId);
    const line = other.lines.get(paymentId);
    if (other.status === 'open' && line !== undefined && line.applicationId === applicationId) claimedFen += line.amountFen - line.recoveredFen;
  }
  return claimedFen;
}

/**
 * Every line names a paid payment of an application in the finding's region (else the
 * money of another region would move: RegionScopeError, 403 region) and asks back at
 * most what is neither recovered yet nor still claimed by another open order (R2 items
 * 3 and 6): two orders must not demand the same money back twice.
 */
async function assertLinesPaid(deps: Deps, principal: Principal, findingRegion: string, c: RecoveryOrderCommandOf<'IssueRecoveryOrder'>): Promise<void> {
  const decider = applicationDecider({ policy: deps.policy });
  for (const [i, line] of c.lines.entries()) {
    const app = (await loadState(deps, applicationStream(line.applicationId), decider)).state;
    await assertStateInScope(deps, principal, app);
    await assertStateInScope(deps, { ...principal, region: findingRegion }, app);
    const payment = app.payments.find((p) => p.paymentId === line.paymentId);
    if (app.fundId !== line.fundId || payment?.status !== 'paid') refuse('recovery.line_mismatch', `payment ${line.paymentId} is not a paid payment of application ${line.applicationId} on fund ${line.fundId}`, `lines.${i}.paymentId`);
    let recoveredFen = 0;
    for (const r of app.recoveries.values()) if (r.paymentId === line.paymentId) recoveredFen += r.amountFen;
    const claimedFen = await claimedByOpenOrdersFen(deps, line.applicationId, line.paymentId, c.orderId);
    const claimableFen = payment.amountFen - recoveredFen - claimedFen;
    if (line.amountFen > claimableFen) {
      refuse('recovery.line_mismatch', `payment ${line.paymentId} was ${payment.amountFen} fen: ${recoveredFen} fen are recovered and ${claimedFen} fen claimed by other open orders, so ${Math.max(claimableFen, 0)} fen can still be claimed`, `lines.${i}.amountFen`);
    }
  }
}

/**
 * Checks and issue run under one lock, so two orders issued at once cannot both claim the
 * same money; a recovery booked on the application directly takes it too (recoveries.ts).
 */
export const RECOVERY_CLAIMS_LOCK = '$lock:recovery-claims';

export async function issueRecoveryOrder(deps: AppDeps, ctx: CommandContext, input: IssueRecoveryOrderInput): Promise<CommandOutcome> {
  const c = parsed('IssueRecoveryOrder', { ...input, issuedBy: ctx.principal.id });
  return deps.locks.run(RECOVERY_CLAIMS_LOCK, () => issueChecked(deps, ctx, c));
}

async function issueChecked(deps: AppDeps, ctx: CommandContext, c: RecoveryOrderCommandOf<'IssueRecoveryOrder'>): Promise<CommandOutcome> {
  const finding = await loadFinding(deps, c.findingId);
  const raised = finding.raised;
  let facts: FindingFacts | undefined;
  if (raised !== null && finding.status !== 'none') {
    assertInScope(ctx.principal, raised.regionCode, 'finding');
    facts = { findingId: raised.findingId, status: finding.status, paymentIds: raised.paymentIds, amountInvolvedFen: raised.amountInvolvedFen };
    // A repeat of an issued order is decided on its stream alone (same order: nothing; another: already_issued).
    if ((await loadRecoveryOrder(deps, c.orderId)).issued === null) await assertLinesPaid(deps, ctx.principal, raised.regionCode, c);
  }
  const decider = recoveryOrderDecider({ ...(facts ? { finding: facts } : {}), today: commandDate(ctx) });
  const step = await runStep(deps, ctx, recoveryOrderStream(c.orderId), decider, (s) => decider.decide(c, s));
  return { steps: [step], result: { orderId: c.orderId } };
}

function runRecoveryStep(deps: AppDeps, ctx: CommandContext, step: RecoverySagaStep): Promise<StepResult> {
  switch (step.aggregate) {
    case 'recovery-order': {
      const decider = recoveryOrderDecider({ today: commandDate(ctx) });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    case 'fund': {
      const decider = fundDeciderOn({ today: commandDate(ctx) });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    case 'application': {
      const decider = applicationDecider({ policy: deps.policy, today: commandDate(ctx) });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    default:
      return assertNever(step);
  }
}

/** An order in the principal's region, or a refusal naming why not. */
async function issuedInScope(deps: Deps, ctx: CommandContext, orderId: string): Promise<RecoveryOrderState> {
  const state = await loadRecoveryOrder(deps, orderId);
  if (state.issued === null) refuse('recovery.not_issued', `recovery order ${orderId} has not been issued`, 'orderId');
  const region = await orderRegion(deps, state);
  if (region !== undefined) assertInScope(ctx.principal, region, 'recovery order');
  return state;
}

/** 追回 in part or in full against one line of the order; the money goes back to the line's fund. */
export async function recordOrderRecovery(deps: AppDeps, ctx: CommandContext, orderId: string, input: RecordOrderRecoveryInput): Promise<CommandOutcome> {
  const recoveryId = input.recoveryId ?? assignedId(ctx, 'rec');
  const c = parsed('RecordOrderRecovery', { ...input, recoveryId, orderId: checkedOrderId(orderId) });
  // Under the claims lock: between this saga's order step (the claim drops) and its
  // application step (the recovered total rises) the payment's free money looks larger
  // than it is, and a direct recovery or a new order must not take it meanwhile.
  return deps.locks.run(RECOVERY_CLAIMS_LOCK, () => recordOrderRecoveryLocked(deps, ctx, c, recoveryId));
}

async function recordOrderRecoveryLocked(deps: AppDeps, ctx: CommandContext, c: RecoveryOrderCommandOf<'RecordOrderRecovery'>, recoveryId: string): Promise<CommandOutcome> {
  const state = await issuedInScope(deps, ctx, c.orderId);
  const plan = planOrderRecovery(c, state);
  if (isRejection(plan)) throw new CommandRejectedError(plan);
  const done: StepResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    try {
      done.push(await runRecoveryStep(deps, ctx, step));
    } catch (err) {
      if (err instanceof CommandRejectedError && i === 1) for (const undo of plan.compensation) done.push(await runRecoveryStep(deps, ctx, undo));
      throw err;
    }
  }
  return { steps: done, result: { orderId: c.orderId, recoveryId } };
}

/** Only while nothing came back under it. */
export async function withdrawRecoveryOrder(deps: AppDeps, ctx: CommandContext, orderId: string, input: WithdrawRecoveryOrderInput): Promise<CommandOutcome> {
  const c = parsed('WithdrawRecoveryOrder', { ...input, orderId: checkedOrderId(orderId), withdrawnBy: ctx.principal.id });
  await issuedInScope(deps, ctx, c.orderId);
  const decider = recoveryOrderDecider({ today: commandDate(ctx) });
  const step = await runStep(deps, ctx, recoveryOrderStream(c.orderId), decider, (s) => decider.decide(c, s));
  return { steps: [step], result: { orderId: c.orderId } };
}
