import { compareBusinessDates } from '../calendar/business-date.ts';
import { reject, type Rejection } from '../decider.ts';
import type { ClassCommandOf } from './commands.ts';

/**
 * An opening request (开班申请) must describe a class that can be checked: real dates,
 * filed before the class starts (a request filed after the start backfills a class that
 * nobody could inspect), each trainee and teacher once, an assessment planned for the
 * end of the class.
 */
export function checkOpeningPlan(c: ClassCommandOf<'RequestClassOpening'>): Rejection | undefined {
  if (compareBusinessDates(c.endOn, c.startOn) < 0) return reject('class.end_before_start', 'the class ends before it starts', 'endOn');
  if (compareBusinessDates(c.requestedOn, c.startOn) > 0) {
    return reject('class.requested_after_start', `the request must be filed by the first day of the class (${c.startOn})`, 'requestedOn');
  }
  const dupTrainee = firstRepeat(c.roster);
  if (dupTrainee !== undefined) return reject('class.duplicate_trainee', 'a trainee appears twice on the roster', `roster.${dupTrainee}`);
  const dupTeacher = firstRepeat(c.teacherIds);
  if (dupTeacher !== undefined) return reject('class.duplicate_teacher', 'a teacher appears twice', `teacherIds.${dupTeacher}`);
  if (compareBusinessDates(c.assessmentPlan.plannedOn, c.endOn) < 0) {
    return reject('class.assessment_planned_before_end', 'the final assessment is planned before the class ends', 'assessmentPlan.plannedOn');
  }
  return undefined;
}

/** Index of the first element equal to an earlier one. */
export function firstRepeat(xs: readonly string[]): number | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as string;
    if (seen.has(x)) return i;
    seen.add(x);
  }
  return undefined;
}
