import type { ApplicationCommand } from '../../domain/application/commands.ts';
import type { ApplicationContext } from '../../domain/application/context.ts';
import { applicationDecider, applicationStream } from '../../domain/application/decider.ts';
import { planApplicationCommand, type SagaPlan, type SagaStep } from '../../domain/application/saga.ts';
import type { ApplicationState } from '../../domain/application/state.ts';
import { assertNever, isRejection } from '../../domain/decider.ts';
import { entitlementDecider } from '../../domain/entitlement/decider.ts';
import { fundDeciderOn } from '../../domain/fund/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import { shanghaiDate } from '../clock.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep, type StepResult } from '../run-command.ts';
import { loadState } from './load-state.ts';

/**
 * Runs an application command as the saga the domain plans (src/domain/application/saga.ts):
 * each step through runStep, one stream at a time, in the plan's order, with the
 * request's deterministic event ids. Which stream's expected revision guards what:
 *
 * - fund-{fundId}: every movement of money. CommitFunds (approval) is decided against the
 *   fund's available amount, InstructPayment against the application's ledger in the fund
 *   (no live payment yet, amount within the commitment); two requests racing for the same
 *   money append with the same expected revision, the loser re-reads and is refused.
 * - entitlement-{personRef}: the person-wide rules (yearly quota, once per occupation and
 *   level, one subsidy per certificate). A submission reserves its claim there first.
 * - application-{applicationId}: the review lifecycle (four eyes, publicity, objections);
 *   in money steps it only records what the fund decided.
 *
 * Crash and retry. The same Idempotency-Key gives the same request seed, so every step of
 * a re-run produces the same event ids: a step already written is recognised (ctx.replay)
 * or, failing that, decides nothing because every decider treats a repeat as a no-op. A
 * re-run therefore completes a half-done saga and never moves money twice.
 *
 * Compensation. When a step AFTER a successful fund commitment is refused (the
 * application changed under the saga: withdrawn, or approved on another fund by a
 * concurrent request), the plan's compensation releases the commitment before the
 * refusal is reported. A submission whose application step is refused after this request
 * reserved a claim releases that claim again (the app layer's addition: the plan has no
 * compensation for it, and a claim left reserved would count against the person's quota
 * for an application that does not exist). A crash between a refused step and its
 * compensation leaves the money committed (or the claim reserved): visible in the fund,
 * never paid, and released by a withdrawal.
 */

/**
 * Loads the application, lets `check` refuse (region scope, fund facts) on the folded
 * state, plans, and runs the plan. `check` runs before anything is written.
 */
export async function runApplicationSaga(
  deps: AppDeps,
  ctx: CommandContext,
  command: ApplicationCommand,
  appCtx: ApplicationContext,
  check: (state: ApplicationState) => Promise<void> | void,
): Promise<CommandOutcome> {
  const decider = applicationDecider(appCtx);
  const { state } = await loadState(deps, applicationStream(command.applicationId), decider);
  await check(state);
  const plan = planApplicationCommand(command, state, appCtx);
  if (isRejection(plan)) throw new CommandRejectedError(plan);
  const steps = await runPlan(deps, ctx, plan, appCtx);
  return { steps, result: { applicationId: command.applicationId } };
}

async function runPlan(deps: AppDeps, ctx: CommandContext, plan: SagaPlan, appCtx: ApplicationContext): Promise<StepResult[]> {
  const done: StepResult[] = [];
  let committed = false;
  let reserved: SagaStep | undefined;
  for (const step of plan.steps) {
    let result: StepResult;
    try {
      result = await runSagaStep(deps, ctx, step, appCtx);
    } catch (err) {
      if (err instanceof CommandRejectedError) {
        if (committed) for (const c of plan.compensation) done.push(await runSagaStep(deps, ctx, c, appCtx));
        if (reserved) done.push(await releaseReservation(deps, ctx, reserved, appCtx));
      }
      throw err;
    }
    done.push(result);
    if (step.command.type === 'CommitFunds') committed = true;
    // Written by this request (now, or by its first attempt when this is a replay).
    if (step.command.type === 'ReserveClaim' && result.eventIds.length > 0) reserved = step;
  }
  return done;
}

function releaseReservation(deps: AppDeps, ctx: CommandContext, reserved: SagaStep, appCtx: ApplicationContext): Promise<StepResult> {
  if (reserved.command.type !== 'ReserveClaim') throw new Error('invariant violated: only a reservation is released');
  const { personRef, applicationId, reservedOn } = reserved.command;
  const release: SagaStep = {
    aggregate: 'entitlement',
    stream: reserved.stream,
    command: { type: 'ReleaseClaim', personRef, applicationId, reasonCode: 'saga_compensation', releasedOn: reservedOn },
  };
  return runSagaStep(deps, ctx, release, appCtx);
}

/** One step of a plan on its own stream, with the decider of its aggregate. */
export function runSagaStep(deps: AppDeps, ctx: CommandContext, step: SagaStep, appCtx: ApplicationContext): Promise<StepResult> {
  switch (step.aggregate) {
    case 'fund': {
      const decider = fundDeciderOn({ today: appCtx.today });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    case 'entitlement': {
      const decider = entitlementDecider({ policy: deps.policy });
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    case 'application': {
      const decider = applicationDecider(appCtx);
      const command = step.command;
      return runStep(deps, ctx, step.stream, decider, (s) => decider.decide(command, s));
    }
    default:
      return assertNever(step);
  }
}

/**
 * An id the server assigns when the request leaves it out (paymentId, recoveryId …),
 * derived from the request's seed: a re-run under the same Idempotency-Key assigns the
 * very same id, so its steps recognise what the first attempt wrote.
 */
export function assignedId(ctx: CommandContext, prefix: string): string {
  const id = ctx.ids.forStep(`$assigned-id:${prefix}`, 1)[0];
  if (id === undefined) throw new Error('invariant violated: no id derived');
  return `${prefix}-${id}`;
}

/** The business date (Asia/Shanghai) of the command, the default of every `…On` date left out. */
export function commandDate(ctx: CommandContext): string {
  return shanghaiDate(Date.parse(ctx.occurredAt));
}
