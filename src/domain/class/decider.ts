import { compareBusinessDates } from '../calendar/business-date.ts';
import { requireNotAfterToday } from '../calendar/not-after-today.ts';
import { compact, payloadOf } from '../command-input.ts';
import { assertNever, isRejection, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import { checkAssessment } from './assessment.ts';
import { checkSession } from './attendance.ts';
import { checkCataloguedAndListed } from './catalogued-and-listed.ts';
import { statedClassDateOf } from './command-date.ts';
import type { ClassCommand, ClassCommandOf } from './commands.ts';
import type { ClassContext } from './context.ts';
import type { ClassEvent } from './events.ts';
import { evolveClass } from './evolve.ts';
import { checkCompletion } from './hours-within-attendance.ts';
import { checkOpeningPlan } from './opening-plan.ts';
import { checkRoster } from './real-name-roster.ts';
import { requireStatus } from './status-gate.ts';
import { initialClassState, type ClassOpening, type ClassState } from './state.ts';

/**
 * Rejection codes (stable):
 * - class.invalid_command                 the command failed its schema (field named)
 * - class.date_in_future                  a date the command states lies after the request's day (field named)
 * - class.already_requested               a second opening request on the stream
 * - class.not_requested, .refused, .already_decided, .not_approved, .already_completed,
 *   .not_completed                        the command does not fit the class's status (status-gate.ts)
 * - class.end_before_start, .requested_after_start, .duplicate_trainee, .duplicate_teacher,
 *   .assessment_planned_before_end        the opening plan (opening-plan.ts)
 * - class.project_not_catalogued, .institution_may_not_train, .plan_below_standard_hours
 *                                         两目录 (catalogued-and-listed.ts)
 * - class.trainee_not_registered, .trainee_in_overlapping_class   实名制 (real-name-roster.ts)
 * - class.decided_before_request          a decision dated before the request
 * - class.reviewer_is_teacher             a teacher of the class may not approve or refuse it
 * - class.session_exists, .session_outside_dates, .session_in_future, .teacher_not_listed,
 *   .day_hours_exceeded, .trainee_not_on_roster, .check_in_note_required, .duplicate_check_in
 *                                         attendance (attendance.ts)
 * - class.completed_before_end, .no_sessions, .hours_exceed_attendance   (hours-within-attendance.ts)
 * - class.assessed_before_end, .already_assessed, .assessed_without_attendance,
 *   .certificate_level_required, .level_without_pass, .level_mismatch   (assessment.ts)
 */
export type ClassDecision = Decision<ClassEvent>;

function requestOpening(c: ClassCommandOf<'RequestClassOpening'>, state: ClassState, ctx: ClassContext): ClassDecision {
  if (state.status !== 'none') return reject('class.already_requested', 'this class already has an opening request', 'classId');
  const bad = checkOpeningPlan(c) ?? checkRoster(c.classId, c.roster, c.startOn, c.endOn, ctx);
  if (bad) return bad;
  const project = checkCataloguedAndListed({ ...c, plannedHours: c.plan.plannedHours }, ctx);
  if (isRejection(project)) return project;
  const { type: _type, ...rest } = c;
  return [{ type: 'ClassOpeningRequested', data: { ...rest, projectId: project.projectId, standardHours: project.standardHours } }];
}

/** The reviewer's checks, shared by approval and refusal. */
function reviewable(c: { reviewerId: string; decidedOn: string }, state: ClassState): ClassOpening | Rejection {
  const wrong = requireStatus(state, 'requested');
  if (wrong) return wrong;
  const o = state.opening as ClassOpening;
  if (compareBusinessDates(c.decidedOn, o.requestedOn) < 0) return reject('class.decided_before_request', `requested on ${o.requestedOn}`, 'decidedOn');
  if (o.teacherIds.includes(c.reviewerId)) return reject('class.reviewer_is_teacher', 'a teacher of the class may not review it', 'reviewerId');
  return o;
}

function approve(c: ClassCommandOf<'ApproveClassOpening'>, state: ClassState, ctx: ClassContext): ClassDecision {
  const o = reviewable(c, state);
  if (isRejection(o)) return o;
  // The catalogue, the institution's standing and the rosters may have changed since the request.
  const project = checkCataloguedAndListed({ ...o, plannedHours: o.plan.plannedHours }, ctx);
  if (isRejection(project)) return project;
  const bad = checkRoster(o.classId, o.roster, o.startOn, o.endOn, ctx);
  if (bad) return bad;
  return [{ type: 'ClassOpeningApproved', data: payloadOf(c) }];
}

function refuse(c: ClassCommandOf<'RefuseClassOpening'>, state: ClassState): ClassDecision {
  const o = reviewable(c, state);
  if (isRejection(o)) return o;
  return [{ type: 'ClassOpeningRefused', data: payloadOf(c) }];
}

function recordSession(c: ClassCommandOf<'RecordAttendanceSession'>, state: ClassState): ClassDecision {
  const bad = requireStatus(state, 'approved') ?? checkSession(c, state, state.opening as ClassOpening);
  if (bad) return bad;
  return [{ type: 'AttendanceSessionRecorded', data: payloadOf(c) }];
}

function complete(c: ClassCommandOf<'CompleteClass'>, state: ClassState): ClassDecision {
  const bad = requireStatus(state, 'approved') ?? checkCompletion(c, state, state.opening as ClassOpening);
  if (bad) return bad;
  return [{ type: 'ClassCompleted', data: payloadOf(c) }];
}

function assess(c: ClassCommandOf<'RecordAssessmentResults'>, state: ClassState): ClassDecision {
  const bad = requireStatus(state, 'completed') ?? checkAssessment(c, state, state.opening as ClassOpening);
  if (bad) return bad;
  return [{ type: 'AssessmentResultsRecorded', data: { assessedOn: c.assessedOn, results: c.results.map(compact) } }];
}

export function decideClass(command: ClassCommand, state: ClassState, ctx: ClassContext): ClassDecision {
  const [dateField, date] = statedClassDateOf(command);
  const misdated = requireNotAfterToday('class', ctx, date, dateField);
  if (misdated) return misdated;
  switch (command.type) {
    case 'RequestClassOpening':
      return requestOpening(command, state, ctx);
    case 'ApproveClassOpening':
      return approve(command, state, ctx);
    case 'RefuseClassOpening':
      return refuse(command, state);
    case 'RecordAttendanceSession':
      return recordSession(command, state);
    case 'CompleteClass':
      return complete(command, state);
    case 'RecordAssessmentResults':
      return assess(command, state);
    default:
      return assertNever(command);
  }
}

/** The decider for one command's context (facts from the catalogue, institutions and trainees). */
export function classDecider(ctx: ClassContext): Decider<ClassCommand, ClassState, ClassEvent> & { name: string } {
  return {
    name: 'class',
    decide(command, state) {
      return decideClass(command, state, ctx);
    },
    evolve: evolveClass,
    initialState: initialClassState,
  };
}
