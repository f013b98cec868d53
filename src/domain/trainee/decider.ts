import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { payloadOf } from '../command-input.ts';
import { assertNever, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { needsGraduationYear, type TraineeCategory } from './category.ts';
import { statedTraineeDateOf } from './command-date.ts';
import type { TraineeCommand, TraineeCommandOf } from './commands.ts';
import type { TraineeEvent } from './events.ts';
import { certainlyUnderMinimumAge } from './minimum-age.ts';
import { certificateBySerial, initialTraineeState, type RegisteredTrainee, type TraineeState } from './state.ts';

/**
 * Rejection codes (stable):
 * - trainee.invalid_command                the command failed its schema (field named)
 * - trainee.date_in_future                 the date the command states lies after the request's day (field named)
 * - trainee.already_registered             a second registration of the same personRef
 * - trainee.not_registered                 any other command before registration
 * - trainee.under_minimum_age              certainly under 16 on the registration date
 * - trainee.graduation_year_required       the graduates' group without a graduation year
 * - trainee.graduation_year_not_applicable a graduation year for another group (not kept: minimisation)
 * - trainee.date_before_last_change        a category or insurance figure dated before the one in force
 * - trainee.no_change                      a category change to the category in force
 * - trainee.duplicate_certificate_serial   a certificate serial already recorded for this trainee
 *   (across trainees the serial is claimed on its own stream: serial-claim.ts)
 */
export type TraineeDecision = Decision<TraineeEvent>;

function graduationYearRule(category: TraineeCategory, graduationYear: number | undefined): Rejection | undefined {
  if (needsGraduationYear(category) && graduationYear === undefined) {
    return reject('trainee.graduation_year_required', 'graduates in their graduation year need the graduation year', 'graduationYear');
  }
  if (!needsGraduationYear(category) && graduationYear !== undefined) {
    return reject('trainee.graduation_year_not_applicable', `a graduation year is not kept for ${category}`, 'graduationYear');
  }
  return undefined;
}

function register(c: TraineeCommandOf<'RegisterTrainee'>, state: TraineeState): TraineeDecision {
  if (state.registered) return reject('trainee.already_registered', 'this person is already registered', 'personRef');
  if (certainlyUnderMinimumAge(c.birthYear, c.registeredOn)) {
    return reject('trainee.under_minimum_age', 'under the minimum working age of 16 on the registration date', 'birthYear');
  }
  const bad = graduationYearRule(c.category, c.graduationYear);
  if (bad) return bad;
  return [{ type: 'TraineeRegistered', data: payloadOf(c) }];
}

function changeCategory(c: TraineeCommandOf<'ChangeTraineeCategory'>, s: RegisteredTrainee): TraineeDecision {
  const bad = graduationYearRule(c.category, c.graduationYear);
  if (bad) return bad;
  const last = s.categories[s.categories.length - 1];
  if (last && compareBusinessDates(c.effectiveOn, last.from) < 0) {
    return reject('trainee.date_before_last_change', `the category in force dates from ${last.from}`, 'effectiveOn');
  }
  if (last && last.category === c.category && last.graduationYear === c.graduationYear) {
    return reject('trainee.no_change', `the category is already ${c.category}`, 'category');
  }
  return [{ type: 'TraineeCategoryChanged', data: payloadOf(c) }];
}

function recordInsurance(c: TraineeCommandOf<'RecordInsurance'>, s: RegisteredTrainee): TraineeDecision {
  if (s.insurance && compareBusinessDates(c.asOf, s.insurance.asOf) < 0) {
    return reject('trainee.date_before_last_change', `insured months are recorded as of ${s.insurance.asOf}`, 'asOf');
  }
  return [{ type: 'TraineeInsuranceRecorded', data: { months: c.months, asOf: c.asOf } }];
}

function recordCertificate(c: TraineeCommandOf<'RecordCertificate'>, s: RegisteredTrainee): TraineeDecision {
  if (certificateBySerial(s, c.serialNumber)) {
    return reject('trainee.duplicate_certificate_serial', 'this certificate serial is already recorded', 'serialNumber');
  }
  return [{ type: 'CertificateRecorded', data: payloadOf(c) }];
}

/** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
export interface TraineeContext {
  readonly today?: BusinessDate;
}

export function decideTrainee(command: TraineeCommand, state: TraineeState, ctx: TraineeContext = {}): TraineeDecision {
  const [dateField, date] = statedTraineeDateOf(command);
  const misdated = requireNotAfterToday('trainee', ctx, date, dateField);
  if (misdated) return misdated;
  if (command.type === 'RegisterTrainee') return register(command, state);
  if (!state.registered) return reject('trainee.not_registered', 'the trainee is not registered');
  switch (command.type) {
    case 'ChangeTraineeCategory':
      return changeCategory(command, state);
    case 'RecordInsurance':
      return recordInsurance(command, state);
    case 'RecordCertificate':
      return recordCertificate(command, state);
    default:
      return assertNever(command);
  }
}

function onRegistered(state: TraineeState, f: (s: RegisteredTrainee) => RegisteredTrainee): TraineeState {
  if (!state.registered) throw new Error('invariant violated: trainee event before registration');
  return f(state);
}

export function evolveTrainee(state: TraineeState, event: TraineeEvent): TraineeState {
  switch (event.type) {
    case 'TraineeRegistered': {
      const { category, graduationYear, insurance, ...d } = event.data;
      const period = graduationYear === undefined ? { from: d.registeredOn, category } : { from: d.registeredOn, category, graduationYear };
      return { registered: true, ...d, ...(insurance ? { insurance } : {}), categories: [period], certificates: [] };
    }
    case 'TraineeCategoryChanged': {
      const { category, graduationYear, effectiveOn } = event.data;
      const period = graduationYear === undefined ? { from: effectiveOn, category } : { from: effectiveOn, category, graduationYear };
      return onRegistered(state, (s) => ({ ...s, categories: [...s.categories, period] }));
    }
    case 'TraineeInsuranceRecorded':
      return onRegistered(state, (s) => ({ ...s, insurance: event.data }));
    case 'CertificateRecorded':
      return onRegistered(state, (s) => ({ ...s, certificates: [...s.certificates, event.data] }));
    default:
      return assertNever(event);
  }
}

export const traineeDecider: Decider<TraineeCommand, TraineeState, TraineeEvent> & { name: string } = {
  name: 'trainee',
  decide: (command, state) => decideTrainee(command, state),
  evolve: evolveTrainee,
  initialState: initialTraineeState,
};

/** The decider for a request: its dates are judged against the request's day. */
export function traineeDeciderOn(ctx: TraineeContext): Decider<TraineeCommand, TraineeState, TraineeEvent> & { name: string } {
  return { ...traineeDecider, decide: (command, state) => decideTrainee(command, state, ctx) };
}
