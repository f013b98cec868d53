import { parseApplicationCommand, type ApplicationCommand } from '../../domain/application/commands.ts';
import type { ApplicationContext } from '../../domain/application/context.ts';
import { applicationDecider, applicationStream } from '../../domain/application/decider.ts';
import type { Applicant } from '../../domain/application/events.ts';
import type { ApplicationState } from '../../domain/application/state.ts';
import { reject } from '../../domain/decider.ts';
import { fundDecider, fundStream } from '../../domain/fund/decider.ts';
import type { SubsidyKind } from '../../domain/policy/certificate-level.ts';
import { regionWithin } from '../../access/roles.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError } from '../run-command.ts';
import { assertApplicationInScope, assertStateInScope, assertSubmissionInScope, institutionRegion, submissionFacts } from './applications-context.ts';
import { assignedId, commandDate, runApplicationSaga } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { loadInstitution } from './institutions.ts';
import { loadState } from './load-state.ts';
import { enrolmentIndexFor } from './classes-enrolment-index.ts';

/**
 * Subsidy applications: submission, the two reviews (four eyes: the final reviewer is
 * never the initial one — the reviewer is always the principal, so a body cannot name
 * someone else), publicity, objections, approval (which commits funds), withdrawal. Each
 * is one saga (applications-saga.ts); the stream whose expected revision guards each rule:
 *
 *   submit            entitlement-{personRef}: quota, once per occupation+level, one
 *                     subsidy per certificate (reserved first); then application-{id}
 *   reviews, publicity, objections
 *                     application-{id}: status, four eyes, publicity dates
 *                     (a rejection then releases the claim on entitlement-{personRef})
 *   approve           fund-{fundId}: available amount (commit first); then application-{id}
 *   withdraw          fund-{fundId} when funds were committed (refuses while a payment is
 *                     in flight); then application-{id}; then the claim is released
 *
 * Dates left out of a request default to the command's business date (Asia/Shanghai).
 */

type Deps = AppDeps;

function parsed(input: Record<string, unknown>): ApplicationCommand {
  return commandOrThrow(parseApplicationCommand(input));
}

function contextOf(deps: Deps, ctx: CommandContext): ApplicationContext {
  return { policy: deps.policy, today: commandDate(ctx) };
}

/** A command on an existing application, region-checked on its folded state. */
function onApplication(deps: Deps, ctx: CommandContext, command: ApplicationCommand, check?: (s: ApplicationState) => Promise<void>): Promise<CommandOutcome> {
  return runApplicationSaga(deps, ctx, command, contextOf(deps, ctx), async (state) => {
    await assertStateInScope(deps, ctx.principal, state);
    if (check) await check(state);
  });
}

export interface SubmitApplicationInput {
  applicationId?: string;
  subsidyKind: SubsidyKind;
  applicant: Applicant;
  personRef: string;
  certificateSerial: string;
  classId?: string | null;
  submittedOn?: string;
}

export async function submitApplication(deps: Deps, ctx: CommandContext, input: SubmitApplicationInput): Promise<CommandOutcome> {
  const command = parsed({
    ...input,
    type: 'SubmitApplication',
    applicationId: input.applicationId ?? assignedId(ctx, 'app'),
    submittedOn: input.submittedOn ?? commandDate(ctx),
  });
  if (command.type !== 'SubmitApplication') throw new Error('invariant violated: parsed another command');
  await assertSubmissionInScope(deps, ctx.principal, command);
  const appCtx: ApplicationContext = { policy: deps.policy, submission: await submissionFacts(deps, command) };
  return runApplicationSaga(deps, ctx, command, appCtx, async (state) => {
    // Submitting under an id already used by someone else's application is refused by the
    // decider (already_submitted); the scope check keeps the refusal from saying whose.
    await assertStateInScope(deps, ctx.principal, state);
  });
}

export interface ReviewInput {
  decision: 'approve' | 'reject';
  reasonCode?: string | null;
  reviewedOn?: string;
}

function review(type: 'InitialReview' | 'FinalReview') {
  return async (deps: Deps, ctx: CommandContext, applicationId: string, input: ReviewInput): Promise<CommandOutcome> => {
    const command = parsed({ ...input, type, applicationId, reviewerId: ctx.principal.id, reviewedOn: input.reviewedOn ?? commandDate(ctx) });
    return onApplication(deps, ctx, command);
  };
}

/** 初审. */
export const initialReview = review('InitialReview');
/** 复审, by a reviewer other than the initial one (application.same_reviewer). */
export const finalReview = review('FinalReview');

export async function startPublicity(deps: Deps, ctx: CommandContext, applicationId: string, input: { startOn?: string }): Promise<CommandOutcome> {
  return onApplication(deps, ctx, parsed({ type: 'StartPublicity', applicationId, startOn: input.startOn ?? commandDate(ctx) }));
}

export interface RaiseObjectionInput {
  objectionId?: string;
  groundsCode: string;
  raisedOn?: string;
}

export async function raiseObjection(deps: Deps, ctx: CommandContext, applicationId: string, input: RaiseObjectionInput): Promise<CommandOutcome> {
  const objectionId = input.objectionId ?? assignedId(ctx, 'obj');
  const command = parsed({ ...input, type: 'RaiseObjection', applicationId, objectionId, raisedOn: input.raisedOn ?? commandDate(ctx) });
  const outcome = await onApplication(deps, ctx, command);
  return { ...outcome, result: { applicationId, objectionId } };
}

export interface ResolveObjectionInput {
  outcome: 'upheld' | 'dismissed';
  reasonCode: string;
  resolvedOn?: string;
}

export async function resolveObjection(deps: Deps, ctx: CommandContext, applicationId: string, objectionId: string, input: ResolveObjectionInput): Promise<CommandOutcome> {
  const command = parsed({ ...input, type: 'ResolveObjection', applicationId, objectionId, resolvedBy: ctx.principal.id, resolvedOn: input.resolvedOn ?? commandDate(ctx) });
  const outcome = await onApplication(deps, ctx, command);
  return { ...outcome, result: { applicationId, objectionId } };
}

export interface ApproveInput {
  fundId: string;
  approvedOn?: string;
}

/**
 * Approval commits the amount on the fund (the fund decides first). The fund must exist
 * and its region cover the application's: a county's application is paid from its
 * county's, city's or province's fund, never from another county's (a skill-upgrade
 * application: from a fund covering a region whose rosters hold the person). A fund's
 * region is fixed when it is opened, so this check on the folded fund cannot go stale.
 */
export async function approveForPayment(deps: Deps, ctx: CommandContext, applicationId: string, input: ApproveInput): Promise<CommandOutcome> {
  const command = parsed({ ...input, type: 'ApproveForPayment', applicationId, approvedBy: ctx.principal.id, approvedOn: input.approvedOn ?? commandDate(ctx) });
  if (command.type !== 'ApproveForPayment') throw new Error('invariant violated: parsed another command');
  return onApplication(deps, ctx, command, async (state) => {
    // Not submitted, or approved already (on this fund: a repeat; on another: refused): the decider says which.
    if (state.submission === null || state.fundId !== null) return;
    const fund = (await loadState(deps, fundStream(command.fundId), fundDecider)).state;
    if (fund.status !== 'open' || fund.regionCode === null) throw new CommandRejectedError(reject('fund.not_opened', `fund ${command.fundId} has not been opened`, 'fundId'));
    if (!(await fundCovers(deps, fund.regionCode, state.submission))) {
      throw new CommandRejectedError(reject('application.fund_outside_region', `fund ${command.fundId} of region ${fund.regionCode} does not cover the application's region`, 'fundId'));
    }
  });
}

async function fundCovers(deps: Deps, fundRegion: string, s: { institutionId: string | null; personRef: string }): Promise<boolean> {
  if (s.institutionId !== null) return regionWithin(fundRegion, institutionRegion(s.institutionId, await loadInstitution(deps, s.institutionId)));
  const regions = await enrolmentIndexFor(deps.store).regionsOf(s.personRef);
  // A person on no roster (certified by assessment alone) has no region here: the
  // application is the province's (only principals without a region act on it), and so
  // only a province's fund may pay it. Closing this properly needs the insured place
  // (参保地) on the submission.
  if (regions.length === 0) return fundRegion.endsWith('0000');
  return regions.some((r) => regionWithin(fundRegion, r));
}

export interface WithdrawInput {
  reasonCode: string;
  withdrawnOn?: string;
}

/** Until money is on its way; after approval the saga releases the commitment on the fund first. */
export async function withdrawApplication(deps: Deps, ctx: CommandContext, applicationId: string, input: WithdrawInput): Promise<CommandOutcome> {
  return onApplication(deps, ctx, parsed({ ...input, type: 'WithdrawApplication', applicationId, withdrawnOn: input.withdrawnOn ?? commandDate(ctx) }));
}

/** The application as folded from its stream, checked against the principal's region; undefined when never submitted. */
export async function loadApplicationInScope(deps: Deps, ctx: Pick<CommandContext, 'principal'>, applicationId: string): Promise<ApplicationState | undefined> {
  const { state } = await loadState(deps, applicationStream(applicationId), applicationDecider({ policy: deps.policy }));
  if (state.submission === null) return undefined;
  await assertApplicationInScope(deps, ctx.principal, state.submission);
  return state;
}
