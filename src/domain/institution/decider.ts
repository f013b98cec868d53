import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { payloadOf } from '../command-input.ts';
import { assertNever, isRejection, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { statedInstitutionDateOf } from './command-date.ts';
import type { InstitutionCommand, InstitutionCommandOf } from './commands.ts';
import type { InstitutionEvent } from './events.ts';
import { evolveInstitution } from './evolve.ts';
import { SANCTIONS_LADDER, type LadderStep, type Transition } from './sanctions-ladder.ts';
import { institutionStatusOn } from './status-on.ts';
import { initialInstitutionState, lastOf, type InstitutionState, type RegisteredInstitution } from './state.ts';

/**
 * Rejection codes (stable). The ladder's own codes come from SANCTIONS_LADDER:
 * institution.already_listed, .not_listed, .already_suspended, .not_suspended,
 * .already_delisted, .blacklisted, .already_blacklisted, .not_blacklisted, .licence_revoked.
 * Besides those:
 * - institution.invalid_command            the command failed its schema (field named)
 * - institution.date_in_future             a date the command states lies after the request's day (field named)
 * - institution.already_registered         a second registration on the stream
 * - institution.not_registered             any other command before registration
 * - institution.date_before_last_change    a status, occupation or grade change dated before the previous one
 * - institution.date_before_registration   a record dated before the registration
 * - institution.relisting_requires_review  re-listing a delisted institution without a review reference
 * - institution.period_ends_before_start   a suspension or blacklist term ending before it starts
 * - institution.deadline_before_notice     a rectification deadline before the notice
 * - institution.blacklist_term_running     removal from the blacklist on or before the term's last day
 * - institution.blacklist_permanent        removal of a blacklisting that has no term
 * - institution.no_change                  an occupation set or grade equal to the one in force
 */
export type InstitutionDecision = Decision<InstitutionEvent>;

/** Record-only steps leave the status and may be dated before the last status change. */
const RECORD_STEPS: ReadonlySet<LadderStep> = new Set(['interview', 'rectificationNotice']);

function registered(state: InstitutionState): RegisteredInstitution | Rejection {
  if (!state.registered) return reject('institution.not_registered', 'the institution is not registered');
  if (lastOf(state.statusTimeline)?.status === 'revoked') return reject('institution.licence_revoked', 'the licence is revoked: nothing more is recorded');
  return state;
}

/** The ladder's verdict on `step` taking effect on `date`, after the date checks. */
export function ladderStep(state: InstitutionState, step: LadderStep, date: BusinessDate, dateField: string): Transition & { allowed: true } | Rejection {
  const s = registered(state);
  if (isRejection(s)) return s;
  if (RECORD_STEPS.has(step)) {
    if (compareBusinessDates(date, s.registeredOn) < 0) return reject('institution.date_before_registration', `registered on ${s.registeredOn}`, dateField);
  } else {
    const last = lastOf(s.statusTimeline);
    if (last && compareBusinessDates(date, last.from) < 0) return reject('institution.date_before_last_change', `the last status change took effect on ${last.from}`, dateField);
  }
  const status = institutionStatusOn(s, date);
  const t = SANCTIONS_LADDER[status][step];
  if (!t.allowed) return reject(t.code, `${step} is not allowed while ${status} (on ${date})`, dateField);
  return t;
}

function endsBeforeStart(from: BusinessDate, to: BusinessDate | undefined, field: string): Rejection | undefined {
  if (to !== undefined && compareBusinessDates(to, from) < 0) return reject('institution.period_ends_before_start', `${field} is before the start`, field);
  return undefined;
}

function list(c: InstitutionCommandOf<'ListInstitution'>, state: InstitutionState): InstitutionDecision {
  const t = ladderStep(state, 'list', c.listedOn, 'listedOn');
  if (isRejection(t)) return t;
  if (t.condition === 'review' && c.reviewRef === undefined) {
    return reject('institution.relisting_requires_review', 're-listing a delisted institution needs the reference of its review', 'reviewRef');
  }
  return [{ type: 'InstitutionListed', data: payloadOf(c) }];
}

function removeFromBlacklist(c: InstitutionCommandOf<'RemoveFromBlacklist'>, state: InstitutionState): InstitutionDecision {
  const t = ladderStep(state, 'removeFromBlacklist', c.on, 'on');
  if (isRejection(t)) return t;
  const term = state.registered ? lastOf(state.statusTimeline)?.until : undefined;
  if (term === undefined) return reject('institution.blacklist_permanent', 'a blacklisting without a term is permanent', 'on');
  if (compareBusinessDates(c.on, term) <= 0) return reject('institution.blacklist_term_running', `the term runs until ${term}`, 'on');
  return [{ type: 'InstitutionRemovedFromBlacklist', data: payloadOf(c) }];
}

function sanction(c: InstitutionCommandOf<'InterviewInstitution' | 'LiftSuspension' | 'DelistInstitution' | 'RevokeLicence'>, state: InstitutionState): InstitutionDecision {
  const steps = {
    InterviewInstitution: ['interview', 'InstitutionInterviewed'],
    LiftSuspension: ['liftSuspension', 'InstitutionSuspensionLifted'],
    DelistInstitution: ['delist', 'InstitutionDelisted'],
    RevokeLicence: ['revokeLicence', 'InstitutionLicenceRevoked'],
  } as const;
  const [step, type] = steps[c.type];
  const t = ladderStep(state, step, c.on, 'on');
  if (isRejection(t)) return t;
  return [{ type, data: payloadOf(c) }];
}

function notice(c: InstitutionCommandOf<'IssueRectificationNotice'>, state: InstitutionState): InstitutionDecision {
  const t = ladderStep(state, 'rectificationNotice', c.on, 'on');
  if (isRejection(t)) return t;
  if (compareBusinessDates(c.deadline, c.on) < 0) return reject('institution.deadline_before_notice', 'the deadline is before the notice', 'deadline');
  return [{ type: 'InstitutionRectificationNoticeIssued', data: payloadOf(c) }];
}

function suspend(c: InstitutionCommandOf<'SuspendInstitution'>, state: InstitutionState): InstitutionDecision {
  const bad = endsBeforeStart(c.from, c.to, 'to');
  if (bad) return bad;
  const t = ladderStep(state, 'suspend', c.from, 'from');
  if (isRejection(t)) return t;
  return [{ type: 'InstitutionSuspended', data: payloadOf(c) }];
}

function blacklist(c: InstitutionCommandOf<'BlacklistInstitution'>, state: InstitutionState): InstitutionDecision {
  const bad = endsBeforeStart(c.from, c.until, 'until');
  if (bad) return bad;
  const t = ladderStep(state, 'blacklist', c.from, 'from');
  if (isRejection(t)) return t;
  return [{ type: 'InstitutionBlacklisted', data: payloadOf(c) }];
}

function changeOccupations(c: InstitutionCommandOf<'ChangeOccupations'>, state: InstitutionState): InstitutionDecision {
  const s = registered(state);
  if (isRejection(s)) return s;
  const last = lastOf(s.occupationTimeline);
  if (last && compareBusinessDates(c.effectiveOn, last.from) < 0) return reject('institution.date_before_last_change', `the last change took effect on ${last.from}`, 'effectiveOn');
  if (last && last.value.join() === c.occupations.join()) return reject('institution.no_change', 'the occupations are those already in force', 'occupations');
  return [{ type: 'InstitutionOccupationsChanged', data: payloadOf(c) }];
}

function changeGrade(c: InstitutionCommandOf<'ChangeCreditGrade'>, state: InstitutionState): InstitutionDecision {
  const s = registered(state);
  if (isRejection(s)) return s;
  const last = lastOf(s.gradeTimeline);
  if (last && compareBusinessDates(c.effectiveOn, last.from) < 0) return reject('institution.date_before_last_change', `the last change took effect on ${last.from}`, 'effectiveOn');
  if (last && last.value === c.creditGrade) return reject('institution.no_change', `the grade is already ${c.creditGrade}`, 'creditGrade');
  return [{ type: 'InstitutionCreditGradeChanged', data: payloadOf(c) }];
}

/** The request's business date (Asia/Shanghai); absent only for folds and replays of recorded histories. */
export interface InstitutionContext {
  readonly today?: BusinessDate;
}

export function decideInstitution(command: InstitutionCommand, state: InstitutionState, ctx: InstitutionContext = {}): InstitutionDecision {
  const stated = statedInstitutionDateOf(command);
  const misdated = stated && requireNotAfterToday('institution', ctx, stated[1], stated[0]);
  if (misdated) return misdated;
  switch (command.type) {
    case 'RegisterInstitution':
      if (state.registered) return reject('institution.already_registered', 'the institution is already registered', 'creditCode');
      return [{ type: 'InstitutionRegistered', data: payloadOf(command) }];
    case 'ListInstitution':
      return list(command, state);
    case 'ChangeOccupations':
      return changeOccupations(command, state);
    case 'ChangeCreditGrade':
      return changeGrade(command, state);
    case 'IssueRectificationNotice':
      return notice(command, state);
    case 'SuspendInstitution':
      return suspend(command, state);
    case 'BlacklistInstitution':
      return blacklist(command, state);
    case 'RemoveFromBlacklist':
      return removeFromBlacklist(command, state);
    case 'InterviewInstitution':
    case 'LiftSuspension':
    case 'DelistInstitution':
    case 'RevokeLicence':
      return sanction(command, state);
    default:
      return assertNever(command);
  }
}

export const institutionDecider: Decider<InstitutionCommand, InstitutionState, InstitutionEvent> & { name: string } = {
  name: 'institution',
  decide: (command, state) => decideInstitution(command, state),
  evolve: evolveInstitution,
  initialState: initialInstitutionState,
};

/** The decider for a request: the dates it states are judged against the request's day. */
export function institutionDeciderOn(ctx: InstitutionContext): Decider<InstitutionCommand, InstitutionState, InstitutionEvent> & { name: string } {
  return { ...institutionDecider, decide: (command, state) => decideInstitution(command, state, ctx) };
}
