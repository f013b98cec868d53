import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  parseInspectionPlanCommand,
  type CommitPlanRandomnessSchema,
  type DraftInspectionPlanSchema,
  type EnterPlanRandomnessSchema,
  type InspectionPlanCommand,
  type ReviseInspectionPlanSchema,
} from '../../domain/inspection-plan/commands.ts';
import type { DrawEngine, InspectionPlanContext } from '../../domain/inspection-plan/context.ts';
import { inspectionPlanDecider, inspectionPlanFold } from '../../domain/inspection-plan/decider.ts';
import { publishedMatter } from '../../domain/inspection-plan/matters/decider.ts';
import { provinceOf } from '../../domain/inspection-plan/region.ts';
import type { InspectionPlanState } from '../../domain/inspection-plan/state.ts';
import { reject } from '../../domain/decider.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import type { Sha256 } from '../../sampling/index.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandOrThrow } from './command-input.ts';
import { samplingDrawEngine } from './draws-engine.ts';
import { loadInspectionMatters } from './draws-matters.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Inspection plans and their draws (双随机、一公开), one stream per plan,
 * `inspectionplan-{planId}`. Every command's time is the request's (`ctx.occurredAt`):
 * the commitment rule compares it with when the committed value can exist.
 *
 * Races: every rule of a plan's life (frozen once committed, one value, one draw) reads
 * only its own stream, so its expected revision guards them. The matter list and a
 * replaced plan are read first (see context.ts for why a stale read there is harmless).
 * The region of a plan is fixed by its draft, so the scope check cannot go stale.
 */

export function planStream(planId: string): string {
  return `inspectionplan-${planId}`;
}

/** node:crypto's SHA-256: the same digests as the sampling core's pure one, faster on large rosters. */
const nodeSha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest();

const ENGINE: DrawEngine = samplingDrawEngine(nodeSha256);

type InputOf<S extends z.ZodType> = Omit<z.input<S>, 'type' | 'at'>;
export type DraftInspectionPlanInput = InputOf<typeof DraftInspectionPlanSchema>;
export type ReviseInspectionPlanInput = InputOf<typeof ReviseInspectionPlanSchema>;
export type CommitPlanRandomnessInput = InputOf<typeof CommitPlanRandomnessSchema>;
export type EnterPlanRandomnessInput = InputOf<typeof EnterPlanRandomnessSchema>;

export async function loadInspectionPlan(deps: Pick<AppDeps, 'store' | 'cache' | 'locks'>, planId: string): Promise<InspectionPlanState> {
  return (await loadState(deps, planStream(planId), inspectionPlanFold)).state;
}

/** The facts from other streams a command on a plan of `regionCode` may need, read before its step. */
async function contextFor(deps: AppDeps, regionCode: string, replacesPlanId: string | undefined): Promise<InspectionPlanContext> {
  const listId = provinceOf(regionCode);
  const matters = await loadInspectionMatters(deps, listId);
  const replaced = replacesPlanId === undefined ? undefined : await loadInspectionPlan(deps, replacesPlanId);
  return {
    engine: ENGINE,
    matter: (region, matterId) => {
      const m = provinceOf(region) === listId ? publishedMatter(matters, matterId) : undefined;
      return m && { listId, matterId: m.matterId, title: m.title };
    },
    planStatus: (planId) => (planId === replacesPlanId && replaced?.exists ? replaced.status : undefined),
  };
}

function parsed(input: Record<string, unknown>): InspectionPlanCommand {
  return commandOrThrow(parseInspectionPlanCommand(input));
}

export async function draftInspectionPlan(deps: AppDeps, ctx: CommandContext, input: DraftInspectionPlanInput): Promise<CommandOutcome> {
  const command = parsed({ ...input, type: 'DraftInspectionPlan', at: ctx.occurredAt });
  if (command.type !== 'DraftInspectionPlan') throw new Error('invariant violated: parsed another command');
  assertInScope(ctx.principal, command.regionCode, 'inspection plan');
  const context = await contextFor(deps, command.regionCode, command.replacesPlanId);
  const decider = inspectionPlanDecider(context);
  const step = await runStep(deps, ctx, planStream(command.planId), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { planId: command.planId } };
}

/** A plan id from a URL path, checked like the draft's. */
export function checkedPlanId(planId: string): string {
  if (!EntityIdSchema.safeParse(planId).success) throw new CommandRejectedError(reject('inspection_plan.invalid_command', 'planId: expected 1–64 letters, digits or _ . : -', 'planId'));
  return planId;
}

/**
 * A command on an existing plan: its region (fixed at the draft, so it cannot go stale)
 * gives the matter list to read and the scope to check, before anything is decided.
 */
async function onPlan(deps: AppDeps, ctx: CommandContext, rawPlanId: string, input: Record<string, unknown>): Promise<CommandOutcome> {
  const planId = checkedPlanId(rawPlanId);
  const command = parsed({ ...input, at: ctx.occurredAt });
  const before = await loadInspectionPlan(deps, planId);
  if (!before.exists) throw new CommandRejectedError(reject('inspection_plan.not_drafted', 'no such inspection plan'));
  assertInScope(ctx.principal, before.regionCode, 'inspection plan');
  const context = await contextFor(deps, before.regionCode, undefined);
  const decider = inspectionPlanDecider(context);
  const step = await runStep(deps, ctx, planStream(planId), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { planId } };
}

export function reviseInspectionPlan(deps: AppDeps, ctx: CommandContext, planId: string, input: ReviseInspectionPlanInput): Promise<CommandOutcome> {
  return onPlan(deps, ctx, planId, { ...input, type: 'ReviseInspectionPlan' });
}

export function commitPlanRandomness(deps: AppDeps, ctx: CommandContext, planId: string, input: CommitPlanRandomnessInput): Promise<CommandOutcome> {
  return onPlan(deps, ctx, planId, { ...input, type: 'CommitPlanRandomness' });
}

export function enterPlanRandomness(deps: AppDeps, ctx: CommandContext, planId: string, input: EnterPlanRandomnessInput): Promise<CommandOutcome> {
  return onPlan(deps, ctx, planId, { ...input, type: 'EnterPlanRandomness' });
}

export function drawInspectionPlan(deps: AppDeps, ctx: CommandContext, planId: string): Promise<CommandOutcome> {
  return onPlan(deps, ctx, planId, { type: 'DrawInspectionPlan' });
}
