import type { z } from 'zod';
import { reject } from '../../domain/decider.ts';
import { validateCreditCode, CREDIT_CODE_REASON_MESSAGES } from '../../domain/identity/credit-code.ts';
import { parseInstitutionCommand, type InstitutionCommand, type InstitutionCommandSchema } from '../../domain/institution/commands.ts';
import { institutionDecider, institutionDeciderOn } from '../../domain/institution/decider.ts';
import type { InstitutionState, RegisteredInstitution } from '../../domain/institution/state.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandDate } from './applications-saga.ts';
import { commandOrThrow } from './command-input.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * Institutions (两目录, second half): registration, listing, occupations, credit grade and
 * the sanctions ladder. One stream per institution, `institution-{creditCode}`.
 *
 * Races: every rule here (the ladder, dates after the last change, one registration per
 * code) reads only this stream, so its expected revision guards them all. A second
 * registration of the same code is refused by the decider and, should two race, by the
 * store (`no_stream`). The region an institution belongs to is fixed at registration, so
 * the scope check made on the folded state cannot go stale.
 */

export function institutionStream(creditCode: string): string {
  return `institution-${creditCode}`;
}

/** The normalised code, or a rejection naming the field (a code in a URL path is input too). */
export function checkedCreditCode(raw: string, field = 'creditCode'): string {
  const v = validateCreditCode(raw);
  if (!v.valid) throw new CommandRejectedError(reject('institution.invalid_command', `${field}: ${CREDIT_CODE_REASON_MESSAGES[v.reason]}`, field));
  return v.value;
}

type InputOf<K extends InstitutionCommand['type']> = Omit<z.input<Extract<(typeof InstitutionCommandSchema)['options'][number], { shape: { type: z.ZodLiteral<K> } }>>, 'type'>;

export type RegisterInstitutionInput = InputOf<'RegisterInstitution'>;

export async function registerInstitution(deps: AppDeps, ctx: CommandContext, input: RegisterInstitutionInput): Promise<CommandOutcome> {
  const command = commandOrThrow(parseInstitutionCommand({ ...input, type: 'RegisterInstitution' }));
  if (command.type !== 'RegisterInstitution') throw new Error('invariant violated: parsed another command');
  assertInScope(ctx.principal, command.regionCode, 'institution');
  const decider = institutionDeciderOn({ today: commandDate(ctx) });
  const step = await runStep(deps, ctx, institutionStream(command.creditCode), decider, (s) => decider.decide(command, s));
  return { steps: [step], result: { institutionId: command.creditCode } };
}

/**
 * A command on a registered institution. The scope check runs inside `decide`, on the
 * state the runner folded: no second read, and nothing is appended when it throws.
 */
async function onInstitution(deps: AppDeps, ctx: CommandContext, creditCode: string, input: Record<string, unknown>): Promise<CommandOutcome> {
  const code = checkedCreditCode(creditCode);
  const command = commandOrThrow(parseInstitutionCommand(input));
  const decider = institutionDeciderOn({ today: commandDate(ctx) });
  const step = await runStep(deps, ctx, institutionStream(code), decider, (s) => {
    if (s.registered) assertInScope(ctx.principal, s.regionCode, 'institution');
    return decider.decide(command, s);
  });
  return { steps: [step], result: { institutionId: code } };
}

type OnInstitution<K extends InstitutionCommand['type']> = (deps: AppDeps, ctx: CommandContext, creditCode: string, input: InputOf<K>) => Promise<CommandOutcome>;

function command<K extends Exclude<InstitutionCommand['type'], 'RegisterInstitution'>>(type: K): OnInstitution<K> {
  return (deps, ctx, creditCode, input) => onInstitution(deps, ctx, creditCode, { ...input, type });
}

export type InstitutionInput<K extends InstitutionCommand['type']> = InputOf<K>;

export const listInstitution = command('ListInstitution');
export const changeOccupations = command('ChangeOccupations');
export const changeCreditGrade = command('ChangeCreditGrade');
export const interviewInstitution = command('InterviewInstitution');
export const issueRectificationNotice = command('IssueRectificationNotice');
export const suspendInstitution = command('SuspendInstitution');
export const liftSuspension = command('LiftSuspension');
export const delistInstitution = command('DelistInstitution');
export const blacklistInstitution = command('BlacklistInstitution');
export const removeFromBlacklist = command('RemoveFromBlacklist');
export const revokeLicence = command('RevokeLicence');

export async function loadInstitution(deps: Pick<AppDeps, 'store' | 'cache' | 'locks'>, creditCode: string): Promise<InstitutionState> {
  return (await loadState(deps, institutionStream(creditCode), institutionDecider)).state;
}

/** The registered institution, checked against the principal's region; undefined when unknown. */
export async function loadInstitutionInScope(deps: Pick<AppDeps, 'store' | 'cache' | 'locks'>, ctx: Pick<CommandContext, 'principal'>, creditCode: string): Promise<RegisteredInstitution | undefined> {
  const state = await loadInstitution(deps, creditCode);
  if (!state.registered) return undefined;
  assertInScope(ctx.principal, state.regionCode, 'institution');
  return state;
}
