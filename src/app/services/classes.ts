import type { z } from 'zod';
import type { BusinessDate } from '../../domain/calendar/business-date.ts';
import { classContextFrom, type ClassContext } from '../../domain/class/context.ts';
import { classDecider } from '../../domain/class/decider.ts';
import {
  parseClassCommand,
  type ClassCommand,
  type CompleteClassSchema,
  type RecordAssessmentResultsSchema,
  type RecordAttendanceSessionSchema,
  type RefuseClassOpeningSchema,
  type RequestClassOpeningSchema,
} from '../../domain/class/commands.ts';
import type { ClassOpening, ClassState } from '../../domain/class/state.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { reject } from '../../domain/decider.ts';
import { institutionDecider } from '../../domain/institution/decider.ts';
import type { InstitutionState } from '../../domain/institution/state.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandDate } from './applications-saga.ts';
import { catalogueIdFor, loadCatalogue } from './catalogue.ts';
import { enrolmentIndexFor } from './classes-enrolment-index.ts';
import { commandOrThrow } from './command-input.ts';
import { loadInstitution } from './institutions.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';
import { loadTrainee } from './trainees.ts';

/**
 * Real-name classes (实名制培训), stream `class-{classId}`: opening request, approval or
 * refusal, attendance sessions with check-ins, completion, assessment.
 *
 * A class lies in its institution's region (fixed at the institution's registration), and
 * is judged against the catalogue of that region's province.
 *
 * Races. The class stream's expected revision guards every rule about the class itself
 * (its lifecycle, sessions, hours, results). The facts read from other streams — the
 * catalogue, the institution's standing, trainee registrations and the other rosters —
 * are read just before the append and not guarded by it:
 * - the institution suspended or the project retired a moment after the check: accepted,
 *   as domain/class/context.ts says, because no money moves on a class; approval checks
 *   them again, and a subsidy application checks the standing over the class dates again;
 * - one person put on two overlapping classes at once: opening requests (and approvals)
 *   run one at a time in this process under ENROLMENT_LOCK, around reading the roster
 *   index and appending, so in one process the second request sees the first. Two
 *   processes (EventStoreDB, several nodes) can still both pass; approval then sees both
 *   rosters and refuses each until a reviewer refuses one, and the person's entitlement
 *   stream still allows one subsidy per certificate.
 */

/** Serialises what reads the roster index and adds a roster (see above). Not a stream name. */
export const ENROLMENT_LOCK = '$lock:class-enrolments';

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks'>;

export function classStream(classId: string): string {
  return `class-${classId}`;
}

function checkedClassId(classId: string): string {
  if (!EntityIdSchema.safeParse(classId).success) throw new CommandRejectedError(reject('class.invalid_command', 'classId: expected 1–64 letters, digits or _ . : -', 'classId'));
  return classId;
}

/** The class's own state, for reads; nothing in it is ever asked of the context. */
const folding = classDecider(noFacts());

function noFacts(): ClassContext {
  const none = (): never => {
    throw new Error('invariant violated: this class command needs no facts from other streams');
  };
  return { projectInForce: none, institutionMayTrain: none, traineeRegistered: none, overlappingClasses: none };
}

export async function loadClass(deps: Deps, classId: string): Promise<ClassState> {
  return (await loadState(deps, classStream(checkedClassId(classId)), folding)).state;
}

/**
 * The region of an institution: its registration's; for a code never registered, the
 * area in the code itself (GB 32100 characters 3–8), so a request naming an unknown
 * institution is still scoped and judged against a catalogue before it is refused.
 */
function regionOf(institutionId: string, state: InstitutionState): string {
  return state.registered ? state.regionCode : institutionId.slice(2, 8);
}

/** The region of a class (undefined before its opening request), checked against the principal. */
async function assertClassInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, state: ClassState): Promise<void> {
  if (!state.opening) return;
  const institution = await loadInstitution(deps, state.opening.institutionId);
  assertInScope(ctx.principal, regionOf(state.opening.institutionId, institution), 'class');
}

/** The facts a request or an approval is judged on, read now. */
async function factsFor(deps: Deps, terms: { institutionId: string; roster: readonly string[]; startOn: BusinessDate; endOn: BusinessDate }, institution: InstitutionState): Promise<ClassContext> {
  const catalogue = await loadCatalogue(deps, catalogueIdFor(regionOf(terms.institutionId, institution)));
  const registered = new Set<string>();
  const overlapping = new Map<string, string[]>();
  const index = enrolmentIndexFor(deps.store);
  for (const ref of terms.roster) {
    if ((await loadTrainee(deps, ref)).registered) registered.add(ref);
    overlapping.set(ref, await index.overlappingClasses(ref, terms.startOn, terms.endOn));
  }
  return classContextFrom({
    catalogue,
    institution: (code) => (code === terms.institutionId ? institution : institutionDecider.initialState()),
    traineeRegistered: (ref) => registered.has(ref),
    // Asked only for the dates read above (the request's, or the opening's on approval).
    overlappingClasses: (ref) => overlapping.get(ref) ?? [],
  });
}

export type RequestClassOpeningInput = Omit<z.input<typeof RequestClassOpeningSchema>, 'type'>;

export async function requestClassOpening(deps: AppDeps, ctx: CommandContext, input: RequestClassOpeningInput): Promise<CommandOutcome> {
  const command = commandOrThrow(parseClassCommand({ ...input, type: 'RequestClassOpening' }));
  if (command.type !== 'RequestClassOpening') throw new Error('invariant violated: parsed another command');
  const institution = await loadInstitution(deps, command.institutionId);
  assertInScope(ctx.principal, regionOf(command.institutionId, institution), 'class');
  return deps.locks.run(ENROLMENT_LOCK, async () => {
    const facts = await factsFor(deps, command, institution);
    const decider = classDecider({ ...facts, today: commandDate(ctx) });
    const step = await runStep(deps, ctx, classStream(command.classId), decider, (s) => decider.decide(command, s));
    return { steps: [step], result: { classId: command.classId } };
  });
}

/**
 * The reviewer is the principal: a body cannot name someone else as the one who decided.
 * (The decider refuses a reviewer who teaches the class: class.reviewer_is_teacher.)
 */
export interface DecideOpeningInput {
  decidedOn: string;
}
export type RefuseClassOpeningInput = Omit<z.input<typeof RefuseClassOpeningSchema>, 'type' | 'reviewerId'>;

export async function approveClassOpening(deps: AppDeps, ctx: CommandContext, classId: string, input: DecideOpeningInput): Promise<CommandOutcome> {
  const command = commandOrThrow(parseClassCommand({ ...input, reviewerId: ctx.principal.id, type: 'ApproveClassOpening' }));
  const state = await loadClass(deps, classId);
  await assertClassInScope(deps, ctx, state);
  const opening: ClassOpening | undefined = state.opening;
  if (!opening) return onClass(deps, ctx, classId, command);
  const institution = await loadInstitution(deps, opening.institutionId);
  // Approval adds no roster, but reads the index: under the lock it sees every request before it.
  return deps.locks.run(ENROLMENT_LOCK, async () => {
    const decider = classDecider({ ...(await factsFor(deps, opening, institution)), today: commandDate(ctx) });
    const step = await runStep(deps, ctx, classStream(classId), decider, (s) => decider.decide(command, s));
    return { steps: [step], result: { classId } };
  });
}

export async function refuseClassOpening(deps: AppDeps, ctx: CommandContext, classId: string, input: RefuseClassOpeningInput): Promise<CommandOutcome> {
  const command = commandOrThrow(parseClassCommand({ ...input, reviewerId: ctx.principal.id, type: 'RefuseClassOpening' }));
  await assertClassInScope(deps, ctx, await loadClass(deps, classId));
  return onClass(deps, ctx, classId, command);
}

/** A command judged on the class's own stream alone. */
async function onClass(deps: AppDeps, ctx: CommandContext, classId: string, command: ClassCommand): Promise<CommandOutcome> {
  const decider = classDecider({ ...noFacts(), today: commandDate(ctx) });
  const step = await runStep(deps, ctx, classStream(checkedClassId(classId)), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { classId } };
}

async function scopedOnClass(deps: AppDeps, ctx: CommandContext, classId: string, input: Record<string, unknown>): Promise<CommandOutcome> {
  const command = commandOrThrow(parseClassCommand(input));
  await assertClassInScope(deps, ctx, await loadClass(deps, classId));
  return onClass(deps, ctx, classId, command);
}

export type RecordAttendanceSessionInput = Omit<z.input<typeof RecordAttendanceSessionSchema>, 'type'>;
export type CompleteClassInput = Omit<z.input<typeof CompleteClassSchema>, 'type'>;
export type RecordAssessmentResultsInput = Omit<z.input<typeof RecordAssessmentResultsSchema>, 'type'>;

export function recordAttendanceSession(deps: AppDeps, ctx: CommandContext, classId: string, input: RecordAttendanceSessionInput): Promise<CommandOutcome> {
  return scopedOnClass(deps, ctx, classId, { ...input, type: 'RecordAttendanceSession' });
}

export function completeClass(deps: AppDeps, ctx: CommandContext, classId: string, input: CompleteClassInput): Promise<CommandOutcome> {
  return scopedOnClass(deps, ctx, classId, { ...input, type: 'CompleteClass' });
}

export function recordAssessmentResults(deps: AppDeps, ctx: CommandContext, classId: string, input: RecordAssessmentResultsInput): Promise<CommandOutcome> {
  return scopedOnClass(deps, ctx, classId, { ...input, type: 'RecordAssessmentResults' });
}

/** The class as folded, checked against the principal's region; undefined before any request. */
export async function loadClassInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, classId: string): Promise<ClassState | undefined> {
  const state = await loadClass(deps, classId);
  if (!state.opening) return undefined;
  await assertClassInScope(deps, ctx, state);
  return state;
}
