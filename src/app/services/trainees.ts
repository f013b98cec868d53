import type { z } from 'zod';
import type { Principal } from '../../access/roles.ts';
import { regionWithin } from '../../access/roles.ts';
import { parseBusinessDate } from '../../domain/calendar/business-date.ts';
import { requireNotAfterToday } from '../../domain/calendar/not-after-today.ts';
import { parseCommand } from '../../domain/command-input.ts';
import { isRejection, reject } from '../../domain/decider.ts';
import { validateResidentId } from '../../domain/identity/resident-id.ts';
import { maskAccount, maskName, maskResidentId } from '../../domain/masking.ts';
import {
  parseClaimCertificateSerial,
  parseTraineeCommand,
  type ChangeTraineeCategorySchema,
  type RecordCertificateSchema,
  type RecordInsuranceSchema,
} from '../../domain/trainee/commands.ts';
import { traineeDecider, traineeDeciderOn } from '../../domain/trainee/decider.ts';
import { MINIMUM_AGE_YEARS } from '../../domain/trainee/minimum-age.ts';
import { PERSON_REF_PATTERN } from '../../domain/trainee/person-ref.ts';
import { serialClaimDecider } from '../../domain/trainee/serial-claim.ts';
import type { RegisteredTrainee, TraineeState } from '../../domain/trainee/state.ts';
import { personRef } from '../../pseudonym/person-ref.ts';
import type { PersonalRecord } from '../../vault/port.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep, type StepResult } from '../run-command.ts';
import { commandDate } from './applications-saga.ts';
import { enrolmentIndexFor } from './classes-enrolment-index.ts';
import { commandOrThrow } from './command-input.ts';
import { loadState } from './load-state.ts';
import { RegionScopeError } from './region-scope.ts';
import { RegisterTraineeInputSchema, TraineeLookupInputSchema, type RegisterTraineeInput } from './trainees-input.ts';

/**
 * Trainees (实名制): one stream per person, `trainee-{personRef}`. Raw personal data is
 * validated here, written to the vault FIRST, and only then is the event appended with
 * the pseudonym and masked forms: a crash between the two leaves an unused vault entry,
 * never an event whose person cannot be found.
 *
 * Region scope: a person is registered once for the whole system (the ID number is the
 * identity), so any registrar may register anyone; the person then belongs to the
 * regions of the approved classes whose rosters hold them. A principal with a region may
 * act on or read a trainee only once the person is on a roster approved (and not refused)
 * in its region: a request alone gives no scope, since any registrar may list anyone on
 * one. Principals without a region (the province) may always.
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks'>;

export function traineeStream(ref: string): string {
  return `trainee-${ref}`;
}

export function checkedPersonRef(ref: string): string {
  if (!PERSON_REF_PATTERN.test(ref)) throw new CommandRejectedError(reject('trainee.invalid_command', 'personRef: expected p_ followed by 22 base64url characters', 'personRef'));
  return ref;
}

export async function loadTrainee(deps: Deps, ref: string): Promise<TraineeState> {
  return (await loadState(deps, traineeStream(ref), traineeDecider)).state;
}

/**
 * The region through which the principal sees the person: undefined for a principal
 * without a region (it sees everyone), else the region of a roster in its scope; throws
 * RegionScopeError when there is none.
 */
export async function traineeRegionFor(deps: Deps, principal: Principal, ref: string): Promise<string | undefined> {
  if (principal.region === undefined) return undefined;
  const regions = await enrolmentIndexFor(deps.store).regionsOf(ref);
  const region = regions.find((r) => regionWithin(principal.region, r));
  if (region === undefined) throw new RegionScopeError('trainee', principal.region);
  return region;
}

/** Whether the principal's region covers the person (see above). */
export async function traineeInScope(deps: Deps, principal: Principal, ref: string): Promise<boolean> {
  if (principal.region === undefined) return true;
  const regions = await enrolmentIndexFor(deps.store).regionsOf(ref);
  return regions.some((r) => regionWithin(principal.region, r));
}

/** The registered trainee in the principal's scope; undefined when not registered. */
export async function loadTraineeInScope(deps: Deps, principal: Principal, ref: string): Promise<RegisteredTrainee | undefined> {
  const state = await loadTrainee(deps, checkedPersonRef(ref));
  if (!state.registered) return undefined;
  if (!(await traineeInScope(deps, principal, ref))) throw new RegionScopeError('trainee', principal.region);
  return state;
}

/** Exact age check with the full birth date, which only the app layer holds. */
function underMinimumAge(birthDate: string, on: string): boolean {
  const b = parseBusinessDate(birthDate);
  const d = parseBusinessDate(on);
  const age = d.year - b.year - (d.month * 100 + d.day < b.month * 100 + b.day ? 1 : 0);
  return age < MINIMUM_AGE_YEARS;
}

function vaultRecord(input: z.output<typeof RegisterTraineeInputSchema>): PersonalRecord {
  const r: PersonalRecord = { idNumber: input.idNumber, name: input.name };
  if (input.phone !== undefined) r.phone = input.phone;
  if (input.bankAccount !== undefined) r.bankAccount = input.bankAccount;
  if (input.bankName !== undefined) r.bankName = input.bankName;
  if (input.socialSecurityCard !== undefined) r.socialSecurityCard = input.socialSecurityCard;
  return r;
}

export async function registerTrainee(deps: AppDeps, ctx: CommandContext, input: RegisterTraineeInput): Promise<CommandOutcome> {
  const raw = commandOrThrow(parseCommand(RegisterTraineeInputSchema, input, 'trainee'));
  const id = validateResidentId(raw.idNumber);
  if (!id.valid) throw new Error('invariant violated: the schema accepted an invalid ID number');
  if (underMinimumAge(id.parts.birthDate, raw.registeredOn)) {
    throw new CommandRejectedError(reject('trainee.under_minimum_age', 'under the minimum working age of 16 on the registration date', 'idNumber'));
  }
  const ref = personRef(deps.pseudonymKey, raw.idNumber);
  const command = commandOrThrow(
    parseTraineeCommand({
      type: 'RegisterTrainee',
      personRef: ref,
      maskedId: maskResidentId(raw.idNumber),
      maskedName: maskName(raw.name),
      birthYear: parseBusinessDate(id.parts.birthDate).year,
      category: raw.category,
      graduationYear: raw.graduationYear,
      socialSecurityCardMasked: raw.socialSecurityCard === undefined ? undefined : maskAccount(raw.socialSecurityCard),
      bankAccountMasked: raw.bankAccount === undefined ? undefined : maskAccount(raw.bankAccount),
      insurance: raw.insurance,
      registeredOn: raw.registeredOn,
    }),
  );
  const stream = traineeStream(ref);
  // Check, vault, append as one unit per person in this process: a registration refused
  // (already registered, a rule) must never overwrite the vault record of the person
  // already registered. Across processes two first registrations of one person can still
  // both write the vault; the store lets one event through (no_stream) and the vault holds
  // whichever record was written last — the same person's data, typed twice.
  const decider = traineeDeciderOn({ today: commandDate(ctx) });
  return deps.locks.run(`registration:${ref}`, async () => {
    const { state } = await loadState(deps, stream, traineeDecider);
    if (!(state.registered && ctx.replay)) {
      // A replay finds its own event in runStep; anything else is decided before the vault is touched.
      const decision = decider.decide(command, state);
      if (isRejection(decision)) throw new CommandRejectedError(decision);
      await deps.vault.put(ref, vaultRecord(raw));
    }
    const step = await runStep(deps, ctx, stream, decider, (s) => decider.decide(command, s));
    return { steps: [step], result: { personRef: ref } };
  });
}

/**
 * The pseudonym of an ID number the caller holds, and whether that person is registered;
 * writes nothing. A registrar may ask about anyone, like registration (which is for the
 * whole system, and whose refusal of a second registration tells the same), and so may a
 * principal without a region. Anyone else with a region is answered only for a person of
 * its region: every other number, registered elsewhere or nowhere, is the same
 * RegionScopeError, so that the answer does not tell which (R4 item 2).
 */
export async function lookupTrainee(deps: AppDeps, principal: Principal, input: { idNumber: string }): Promise<{ personRef: string; registered: boolean }> {
  const { idNumber } = commandOrThrow(parseCommand(TraineeLookupInputSchema, input, 'trainee'));
  const ref = personRef(deps.pseudonymKey, idNumber);
  const { registered } = await loadTrainee(deps, ref);
  if (principal.role === 'registrar' || principal.region === undefined) return { personRef: ref, registered };
  if (!registered || !(await traineeInScope(deps, principal, ref))) throw new RegionScopeError('trainee', principal.region);
  return { personRef: ref, registered };
}

async function onTrainee(deps: AppDeps, ctx: CommandContext, ref: string, input: Record<string, unknown>): Promise<StepResult> {
  const command = commandOrThrow(parseTraineeCommand(input));
  const state = await loadTrainee(deps, checkedPersonRef(ref));
  if (state.registered && !(await traineeInScope(deps, ctx.principal, ref))) throw new RegionScopeError('trainee', ctx.principal.region);
  const decider = traineeDeciderOn({ today: commandDate(ctx) });
  return runStep(deps, ctx, traineeStream(ref), decider, (s) => decider.decide(command, s));
}

export type ChangeTraineeCategoryInput = Omit<z.input<typeof ChangeTraineeCategorySchema>, 'type'>;
export type RecordInsuranceInput = Omit<z.input<typeof RecordInsuranceSchema>, 'type'>;
export type RecordCertificateInput = Omit<z.input<typeof RecordCertificateSchema>, 'type'>;

export async function changeTraineeCategory(deps: AppDeps, ctx: CommandContext, ref: string, input: ChangeTraineeCategoryInput): Promise<CommandOutcome> {
  return { steps: [await onTrainee(deps, ctx, ref, { ...input, type: 'ChangeTraineeCategory' })], result: { personRef: ref } };
}

export async function recordInsurance(deps: AppDeps, ctx: CommandContext, ref: string, input: RecordInsuranceInput): Promise<CommandOutcome> {
  return { steps: [await onTrainee(deps, ctx, ref, { ...input, type: 'RecordInsurance' })], result: { personRef: ref } };
}

/**
 * Two streams: the serial is claimed first on `certificate-{serial}` (no_stream: one of
 * two trainees recording the same serial wins), then recorded on the trainee's stream,
 * whose revision guards the per-trainee duplicate. A crash between leaves a claim without
 * a certificate; the same person's retry finds the claim already theirs and goes on.
 */
export async function recordCertificate(deps: AppDeps, ctx: CommandContext, ref: string, input: RecordCertificateInput): Promise<CommandOutcome> {
  const command = commandOrThrow(parseTraineeCommand({ ...input, type: 'RecordCertificate' }));
  if (command.type !== 'RecordCertificate') throw new Error('invariant violated: parsed another command');
  const state = await loadTrainee(deps, checkedPersonRef(ref));
  if (!state.registered) throw new CommandRejectedError(reject('trainee.not_registered', 'the trainee is not registered'));
  if (!(await traineeInScope(deps, ctx.principal, ref))) throw new RegionScopeError('trainee', ctx.principal.region);
  // The serial is claimed first: a certificate dated tomorrow is refused before that step writes.
  const misdated = requireNotAfterToday('trainee', { today: commandDate(ctx) }, command.issuedOn, 'issuedOn');
  if (misdated) throw new CommandRejectedError(misdated);
  const claim = commandOrThrow(parseClaimCertificateSerial({ type: 'ClaimCertificateSerial', serialNumber: command.serialNumber, personRef: ref }));
  const claimed = await runStep(deps, ctx, `certificate-${command.serialNumber}`, serialClaimDecider, (s) => serialClaimDecider.decide(claim, s));
  const decider = traineeDeciderOn({ today: commandDate(ctx) });
  const recorded = await runStep(deps, ctx, traineeStream(ref), decider, (s) => decider.decide(command, s));
  return { steps: [claimed, recorded], result: { personRef: ref, serialNumber: command.serialNumber } };
}
