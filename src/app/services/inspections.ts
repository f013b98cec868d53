import type { z } from 'zod';
import { reject } from '../../domain/decider.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { findingDecider, findingStream } from '../../domain/finding/decider.ts';
import {
  parseInspectionCommand,
  type AttachEvidenceSchema,
  type CompleteInspectionSchema,
  type InspectionCommand,
  type InspectionCommandOf,
  type OpenInspectionSchema,
  type PublishInspectionResultsSchema,
  type RecordMatterCheckedSchema,
  type RecordSubjectResultSchema,
} from '../../domain/inspection/commands.ts';
import { inspectionDecider, inspectionStream, type InspectionContext } from '../../domain/inspection/decider.ts';
import type { InspectionState } from '../../domain/inspection/state.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { assertDrawAssignment, assertMattersListed } from './inspections-basis.ts';
import { INSPECTION_RULES } from './inspections-rules.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Inspections (检查), one stream each, `inspection-{inspectionId}`: opened from a draw's
 * assignment (checked against the drawn plan, inspections-basis.ts) or as a special
 * inspection with its stated basis; the team records matters checked, evidence (file
 * hashes) and a result per subject; completion fixes the end date, which starts the
 * 20-working-day clock for publishing the results.
 *
 * The actor of every record is the authenticated principal (its id must be on the team:
 * the decider checks it). The region of an inspection is fixed at its opening, so the
 * scope check on the folded state cannot go stale. Every rule of an inspection's life
 * reads only its own stream, whose expected revision guards it; the plan, the matter list
 * and the findings named by a result are read first, and only ever grow.
 */

type InputOf<S extends z.ZodType, K extends string> = Omit<z.input<S>, 'type' | 'inspectionId' | K>;
export type OpenInspectionInput = Omit<z.input<typeof OpenInspectionSchema>, 'type' | 'openedBy'>;
export type RecordMatterCheckedInput = InputOf<typeof RecordMatterCheckedSchema, 'inspectorId'>;
export type AttachEvidenceInput = InputOf<typeof AttachEvidenceSchema, 'attachedBy'>;
export type RecordSubjectResultInput = InputOf<typeof RecordSubjectResultSchema, 'recordedBy'>;
export type CompleteInspectionInput = InputOf<typeof CompleteInspectionSchema, 'completedBy'>;
export type PublishInspectionResultsInput = InputOf<typeof PublishInspectionResultsSchema, 'publishedBy'>;

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks' | 'policy'>;

export function inspectionContextOf(deps: Pick<AppDeps, 'policy'>): InspectionContext {
  return { calendar: deps.policy.calendar, rules: INSPECTION_RULES };
}

/** The context a command is decided in: the request's day, so no record is dated after it. */
function inspectionContextOn(deps: Pick<AppDeps, 'policy'>, ctx: CommandContext): InspectionContext {
  return { ...inspectionContextOf(deps), today: commandDate(ctx) };
}

export async function loadInspection(deps: Deps, inspectionId: string): Promise<InspectionState> {
  return (await loadState(deps, inspectionStream(inspectionId), inspectionDecider(inspectionContextOf(deps)))).state;
}

/** An id from a URL path, checked like the command's. */
export function checkedInspectionId(raw: string): string {
  if (!EntityIdSchema.safeParse(raw).success) throw new CommandRejectedError(reject('inspection.invalid_command', 'inspectionId: expected 1–64 letters, digits or _ . : -', 'inspectionId'));
  return raw;
}

function parsed<T extends InspectionCommand['type']>(type: T, input: Record<string, unknown>): InspectionCommandOf<T> {
  const command = commandOrThrow(parseInspectionCommand({ ...input, type }));
  if (command.type !== type) throw new Error('invariant violated: parsed another command');
  return command as InspectionCommandOf<T>;
}

export async function openInspection(deps: AppDeps, ctx: CommandContext, input: OpenInspectionInput): Promise<CommandOutcome> {
  const command = parsed('OpenInspection', { ...input, openedBy: ctx.principal.id });
  assertInScope(ctx.principal, command.regionCode, 'inspection');
  await assertMattersListed(deps, command.regionCode, command.matterCodes);
  if (command.basis.kind === 'draw') await assertDrawAssignment(deps, command, command.basis);
  const decider = inspectionDecider(inspectionContextOn(deps, ctx));
  const step = await runStep(deps, ctx, inspectionStream(command.inspectionId), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { inspectionId: command.inspectionId } };
}

/** A command on an opened inspection, in the principal's region; `check` reads what else it needs first. */
async function onInspection(
  deps: AppDeps,
  ctx: CommandContext,
  command: InspectionCommand,
  check?: (state: InspectionState) => Promise<void>,
): Promise<CommandOutcome> {
  const before = await loadInspection(deps, command.inspectionId);
  if (before.opened === null) throw new CommandRejectedError(reject('inspection.not_opened', `inspection ${command.inspectionId} has not been opened`, 'inspectionId'));
  assertInScope(ctx.principal, before.opened.regionCode, 'inspection');
  if (check) await check(before);
  const decider = inspectionDecider(inspectionContextOn(deps, ctx));
  const step = await runStep(deps, ctx, inspectionStream(command.inspectionId), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { inspectionId: command.inspectionId } };
}

export function recordMatterChecked(deps: AppDeps, ctx: CommandContext, inspectionId: string, input: RecordMatterCheckedInput): Promise<CommandOutcome> {
  return onInspection(deps, ctx, parsed('RecordMatterChecked', { ...input, inspectionId: checkedInspectionId(inspectionId), inspectorId: ctx.principal.id }));
}

export function attachEvidence(deps: AppDeps, ctx: CommandContext, inspectionId: string, input: AttachEvidenceInput): Promise<CommandOutcome> {
  return onInspection(deps, ctx, parsed('AttachEvidence', { ...input, inspectionId: checkedInspectionId(inspectionId), attachedBy: ctx.principal.id }));
}

/**
 * A result with findings names findings already raised on this inspection (raise them
 * first): the ledger row and the inspection then point at each other.
 */
export function recordSubjectResult(deps: AppDeps, ctx: CommandContext, inspectionId: string, input: RecordSubjectResultInput): Promise<CommandOutcome> {
  const command = parsed('RecordSubjectResult', { ...input, inspectionId: checkedInspectionId(inspectionId), recordedBy: ctx.principal.id });
  return onInspection(deps, ctx, command, async () => {
    for (const [i, findingId] of command.findingIds.entries()) {
      const raised = (await loadState(deps, findingStream(findingId), findingDecider({ calendar: deps.policy.calendar }))).state.raised;
      if (raised?.inspectionId !== command.inspectionId) {
        throw new CommandRejectedError(reject('inspection.unknown_finding', `finding ${findingId} was not raised on this inspection`, `findingIds.${i}`));
      }
    }
  });
}

export function completeInspection(deps: AppDeps, ctx: CommandContext, inspectionId: string, input: CompleteInspectionInput): Promise<CommandOutcome> {
  return onInspection(deps, ctx, parsed('CompleteInspection', { ...input, inspectionId: checkedInspectionId(inspectionId), completedBy: ctx.principal.id }));
}

export function publishInspectionResults(deps: AppDeps, ctx: CommandContext, inspectionId: string, input: PublishInspectionResultsInput): Promise<CommandOutcome> {
  return onInspection(deps, ctx, parsed('PublishInspectionResults', { ...input, inspectionId: checkedInspectionId(inspectionId), publishedBy: ctx.principal.id }));
}

/** The inspection as folded from its stream, checked against the principal's region; undefined when never opened. */
export async function loadInspectionInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, inspectionId: string): Promise<InspectionState | undefined> {
  const state = await loadInspection(deps, inspectionId);
  if (state.opened === null) return undefined;
  assertInScope(ctx.principal, state.opened.regionCode, 'inspection');
  return state;
}
