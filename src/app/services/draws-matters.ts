import type { z } from 'zod';
import { reject } from '../../domain/decider.ts';
import { parseInspectionMattersCommand, type PublishInspectionMatterSchema, type WithdrawInspectionMatterSchema } from '../../domain/inspection-plan/matters/commands.ts';
import { inspectionMattersDecider, type InspectionMattersState } from '../../domain/inspection-plan/matters/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandOrThrow } from './command-input.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * The list of inspection matters (随机抽查事项清单) of a province, stream
 * `inspectionmatters-{provinceCode}`: every inspection plan of the province names one of
 * its matters. One stream holds the whole list, so "ids are never reused" is guarded by
 * its expected revision.
 */

export const MATTER_LIST_ID_PATTERN = /^\d{2}0000$/;

export function mattersStream(listId: string): string {
  return `inspectionmatters-${listId}`;
}

function checkedListId(ctx: CommandContext, listId: string): string {
  if (!MATTER_LIST_ID_PATTERN.test(listId)) {
    throw new CommandRejectedError(reject('inspection_matters.invalid_command', 'listId: expected a province code such as 360000', 'listId'));
  }
  assertInScope(ctx.principal, listId, 'list of inspection matters');
  return listId;
}

export type PublishInspectionMatterInput = Omit<z.input<typeof PublishInspectionMatterSchema>, 'type'>;
export type WithdrawInspectionMatterInput = Omit<z.input<typeof WithdrawInspectionMatterSchema>, 'type' | 'matterId'>;

async function run(deps: AppDeps, ctx: CommandContext, listId: string, input: Record<string, unknown>): Promise<CommandOutcome> {
  const id = checkedListId(ctx, listId);
  const command = commandOrThrow(parseInspectionMattersCommand(input));
  const decider = inspectionMattersDecider(id);
  const step = await runStep(deps, ctx, mattersStream(id), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { listId: id, matterId: command.matterId } };
}

export function publishInspectionMatter(deps: AppDeps, ctx: CommandContext, listId: string, input: PublishInspectionMatterInput): Promise<CommandOutcome> {
  return run(deps, ctx, listId, { ...input, type: 'PublishInspectionMatter' });
}

export function withdrawInspectionMatter(deps: AppDeps, ctx: CommandContext, listId: string, matterId: string, input: WithdrawInspectionMatterInput): Promise<CommandOutcome> {
  return run(deps, ctx, listId, { ...input, matterId, type: 'WithdrawInspectionMatter' });
}

/** The list as folded from its stream; public data. */
export async function loadInspectionMatters(deps: Pick<AppDeps, 'store' | 'cache' | 'locks'>, listId: string): Promise<InspectionMattersState> {
  return (await loadState(deps, mattersStream(listId), inspectionMattersDecider(listId))).state;
}
