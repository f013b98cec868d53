import type { z } from 'zod';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { applicationDecider, applicationStream } from '../../domain/application/decider.ts';
import { reject } from '../../domain/decider.ts';
import {
  parseFindingCommand,
  type DecideDeadlineExtensionSchema,
  type DeclareRecusalSchema,
  type FindingCommand,
  type FindingCommandOf,
  type RaiseFindingSchema,
  type RequestDeadlineExtensionSchema,
  type SubmitRectificationSchema,
  type VerifyRectificationSchema,
  type WithdrawFindingSchema,
  type CloseFindingSchema,
} from '../../domain/finding/commands.ts';
import { findingDecider, findingStream } from '../../domain/finding/decider.ts';
import type { FindingState } from '../../domain/finding/state.ts';
import { institutionDecider } from '../../domain/institution/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { assertStateInScope, institutionRegion } from './applications-context.ts';
import { assignedId, commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { findingContextFor } from './findings-context.ts';
import { loadInspection } from './inspections.ts';
import { institutionStream } from './institutions.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Findings (问题台账 rows), one stream each, `finding-{findingId}`. Every step names its
 * actor from the authenticated principal (raisedBy, submittedBy, verifierId, decidedBy …);
 * the access matrix says which roles may send which command, the decider keeps people
 * apart (four eyes on verification and on extensions, recusal).
 *
 * Region: a finding lies in the region it was raised in, which must be its inspection's
 * (when it comes from one) and its institution's (when registered); fixed at the raise,
 * so the scope check on the folded state cannot go stale.
 *
 * Rejection codes added here (stable):
 * - finding.unknown_inspection   the inspection named was never opened
 * - finding.inspection_mismatch  institution or region differ from the inspection's
 * - finding.region_mismatch      the region is not the registered institution's
 * - finding.payment_not_of_application  a payment named is not one of the named applications'
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks' | 'policy'>;
type InputOf<S extends z.ZodType, K extends string> = Omit<z.input<S>, 'type' | 'findingId' | K>;
export type RaiseFindingInput = Omit<z.input<typeof RaiseFindingSchema>, 'type' | 'raisedBy'>;
export type DeclareRecusalInput = InputOf<typeof DeclareRecusalSchema, 'inspectorId'>;
export type SubmitRectificationInput = Omit<InputOf<typeof SubmitRectificationSchema, 'submittedBy'>, 'submissionId'> & { submissionId?: string };
export type VerifyRectificationInput = InputOf<typeof VerifyRectificationSchema, 'verifierId'>;
export type CloseFindingInput = InputOf<typeof CloseFindingSchema, 'closedBy'>;
export type RequestDeadlineExtensionInput = Omit<InputOf<typeof RequestDeadlineExtensionSchema, 'requestedBy'>, 'extensionId'> & { extensionId?: string };
export type DecideDeadlineExtensionInput = InputOf<typeof DecideDeadlineExtensionSchema, 'decidedBy' | 'extensionId'>;
export type WithdrawFindingInput = InputOf<typeof WithdrawFindingSchema, 'withdrawnBy'>;

function refuse(code: string, message: string, field: string): never {
  throw new CommandRejectedError(reject(code, message, field));
}

function parsed<T extends FindingCommand['type']>(type: T, input: Record<string, unknown>): FindingCommandOf<T> {
  const command = commandOrThrow(parseFindingCommand({ ...input, type }));
  if (command.type !== type) throw new Error('invariant violated: parsed another command');
  return command as FindingCommandOf<T>;
}

/** An id from a URL path, checked like the command's. */
export function checkedFindingId(raw: string): string {
  if (!EntityIdSchema.safeParse(raw).success) refuse('finding.invalid_command', 'findingId: expected 1–64 letters, digits or _ . : -', 'findingId');
  return raw;
}

export async function loadFinding(deps: Deps, findingId: string): Promise<FindingState> {
  return (await loadState(deps, findingStream(findingId), findingDecider({ calendar: deps.policy.calendar }))).state;
}

/** The finding folded from its stream, checked against the principal's region; undefined when never raised. */
export async function loadFindingInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, findingId: string): Promise<FindingState | undefined> {
  const state = await loadFinding(deps, findingId);
  if (state.raised === null) return undefined;
  assertInScope(ctx.principal, state.raised.regionCode, 'finding');
  return state;
}

/**
 * A finding names only applications in its own region, and the principal's (R2 item 3):
 * else RegionScopeError, 403 region. Every payment it names is a payment of one of those
 * applications: else a recovery order could take back, under this finding, the money of
 * an application it never examined (finding.payment_not_of_application, paymentIds.N).
 */
async function assertApplicationsAndPayments(deps: AppDeps, ctx: CommandContext, c: FindingCommandOf<'RaiseFinding'>): Promise<void> {
  const decider = applicationDecider({ policy: deps.policy });
  const paymentsOfNamed = new Set<string>();
  for (const applicationId of c.applicationIds) {
    const app = (await loadState(deps, applicationStream(applicationId), decider)).state;
    await assertStateInScope(deps, ctx.principal, app);
    await assertStateInScope(deps, { ...ctx.principal, region: c.regionCode }, app);
    for (const p of app.payments) paymentsOfNamed.add(p.paymentId);
  }
  const stray = c.paymentIds.findIndex((id) => !paymentsOfNamed.has(id));
  if (stray >= 0) refuse('finding.payment_not_of_application', `payment ${c.paymentIds[stray]} is not a payment of an application the finding names`, `paymentIds.${stray}`);
}

export async function raiseFinding(deps: AppDeps, ctx: CommandContext, input: RaiseFindingInput): Promise<CommandOutcome> {
  const c = parsed('RaiseFinding', { ...input, raisedBy: ctx.principal.id });
  assertInScope(ctx.principal, c.regionCode, 'finding');
  if (c.inspectionId !== null) {
    const opened = (await loadInspection(deps, c.inspectionId)).opened;
    if (opened === null) refuse('finding.unknown_inspection', `inspection ${c.inspectionId} has not been opened`, 'inspectionId');
    if (opened.institutionId !== c.institutionId) refuse('finding.inspection_mismatch', 'the inspection is of another institution', 'institutionId');
    if (opened.regionCode !== c.regionCode) refuse('finding.inspection_mismatch', `the inspection lies in ${opened.regionCode}`, 'regionCode');
  }
  const institution = (await loadState(deps, institutionStream(c.institutionId), institutionDecider)).state;
  if (institution.registered && institutionRegion(c.institutionId, institution) !== c.regionCode) {
    refuse('finding.region_mismatch', `the institution is registered in ${institution.regionCode}`, 'regionCode');
  }
  await assertApplicationsAndPayments(deps, ctx, c);
  const decider = findingDecider({ calendar: deps.policy.calendar, today: commandDate(ctx) });
  const step = await runStep(deps, ctx, findingStream(c.findingId), decider, (s) => decider.decide(c, s));
  return { steps: [step], result: { findingId: c.findingId } };
}

/** A command on a raised finding in the principal's region, decided with the facts it needs. */
async function onFinding(deps: AppDeps, ctx: CommandContext, c: FindingCommand, needs: { recusal?: boolean; recovery?: boolean } = {}): Promise<CommandOutcome> {
  const before = await loadFinding(deps, c.findingId);
  if (before.raised === null) refuse('finding.not_raised', `finding ${c.findingId} has not been raised`, 'findingId');
  assertInScope(ctx.principal, before.raised.regionCode, 'finding');
  const decider = findingDecider({ ...(await findingContextFor(deps, before, needs)), today: commandDate(ctx) });
  const step = await runStep(deps, ctx, findingStream(c.findingId), decider, (s) => decider.decide(c, s));
  return { steps: [step], result: { findingId: c.findingId } };
}

export function declareRecusal(deps: AppDeps, ctx: CommandContext, findingId: string, input: DeclareRecusalInput): Promise<CommandOutcome> {
  return onFinding(deps, ctx, parsed('DeclareRecusal', { ...input, findingId: checkedFindingId(findingId), inspectorId: ctx.principal.id }));
}

/** 整改: what the responsible unit did, with evidence, as recorded by the principal (the submitter, for four eyes). */
export async function submitRectification(deps: AppDeps, ctx: CommandContext, findingId: string, input: SubmitRectificationInput): Promise<CommandOutcome> {
  const submissionId = input.submissionId ?? assignedId(ctx, 'sub');
  const outcome = await onFinding(deps, ctx, parsed('SubmitRectification', { ...input, submissionId, findingId: checkedFindingId(findingId), submittedBy: ctx.principal.id }));
  return { ...outcome, result: { findingId, submissionId } };
}

/** 整改查验: accept or reject the pending submission; never by its submitter, never by a recused inspector. */
export function verifyRectification(deps: AppDeps, ctx: CommandContext, findingId: string, input: VerifyRectificationInput): Promise<CommandOutcome> {
  return onFinding(deps, ctx, parsed('VerifyRectification', { ...input, findingId: checkedFindingId(findingId), verifierId: ctx.principal.id }), { recusal: true });
}

/** 销号: a verified finding with nothing ordered back outstanding. */
export function closeFinding(deps: AppDeps, ctx: CommandContext, findingId: string, input: CloseFindingInput): Promise<CommandOutcome> {
  return onFinding(deps, ctx, parsed('CloseFinding', { ...input, findingId: checkedFindingId(findingId), closedBy: ctx.principal.id }), { recovery: true });
}

export async function requestDeadlineExtension(deps: AppDeps, ctx: CommandContext, findingId: string, input: RequestDeadlineExtensionInput): Promise<CommandOutcome> {
  const extensionId = input.extensionId ?? assignedId(ctx, 'ext');
  const outcome = await onFinding(deps, ctx, parsed('RequestDeadlineExtension', { ...input, extensionId, findingId: checkedFindingId(findingId), requestedBy: ctx.principal.id }));
  return { ...outcome, result: { findingId, extensionId } };
}

/** An admin approves (the deadline moves by the extra working days) or refuses with a reason. */
export function decideDeadlineExtension(deps: AppDeps, ctx: CommandContext, findingId: string, extensionId: string, input: DecideDeadlineExtensionInput): Promise<CommandOutcome> {
  return onFinding(deps, ctx, parsed('DecideDeadlineExtension', { ...input, extensionId, findingId: checkedFindingId(findingId), decidedBy: ctx.principal.id }));
}

/** A mistaken finding is withdrawn with its reason, never deleted. */
export function withdrawFinding(deps: AppDeps, ctx: CommandContext, findingId: string, input: WithdrawFindingInput): Promise<CommandOutcome> {
  return onFinding(deps, ctx, parsed('WithdrawFinding', { ...input, findingId: checkedFindingId(findingId), withdrawnBy: ctx.principal.id }));
}
