import { compareBusinessDates } from '../calendar/business-date.ts';
import { reject, type Rejection } from '../decider.ts';
import type { ClassCommandOf } from './commands.ts';
import { firstRepeat } from './opening-plan.ts';
import { onRoster, type ClassOpening, type ClassState } from './state.ts';

/**
 * A day has 24 hours: sessions of one class on one date holding more are invented
 * records (假内容). A tighter local cap on teaching hours per day is policy data, not this.
 */
export const SESSION_HOURS_PER_DAY_MAX = 24;

/**
 * 过程检查: an attendance session is real only if it happened during the class, has
 * already happened when recorded, was taught by a teacher named in the request, and every
 * check-in is by a trainee on the roster (someone else checking in is a fake trainee),
 * once per session (a second check-in is a proxy signature, 代签). A check-in not made by
 * face says why.
 */
export function checkSession(c: ClassCommandOf<'RecordAttendanceSession'>, state: ClassState, opening: ClassOpening): Rejection | undefined {
  if (state.sessions.some((s) => s.sessionId === c.sessionId)) return reject('class.session_exists', `session ${c.sessionId} is already recorded`, 'sessionId');
  if (compareBusinessDates(c.date, opening.startOn) < 0 || compareBusinessDates(c.date, opening.endOn) > 0) {
    return reject('class.session_outside_dates', `the class runs from ${opening.startOn} to ${opening.endOn}`, 'date');
  }
  if (compareBusinessDates(c.date, c.recordedOn) > 0) return reject('class.session_in_future', 'a session cannot be recorded before it takes place', 'date');
  if (!opening.teacherIds.includes(c.teacherId)) return reject('class.teacher_not_listed', 'the teacher is not named in the opening request', 'teacherId');
  const sameDay = state.sessions.filter((s) => s.date === c.date).reduce((sum, s) => sum + s.hours, 0);
  if (sameDay + c.hours > SESSION_HOURS_PER_DAY_MAX) {
    return reject('class.day_hours_exceeded', `sessions on ${c.date} would hold ${sameDay + c.hours} hours`, 'hours');
  }
  return checkCheckIns(c, state);
}

function checkCheckIns(c: ClassCommandOf<'RecordAttendanceSession'>, state: ClassState): Rejection | undefined {
  for (let i = 0; i < c.checkIns.length; i++) {
    const checkIn = c.checkIns[i];
    if (!checkIn) continue;
    if (!onRoster(state, checkIn.personRef)) return reject('class.trainee_not_on_roster', 'someone not on the roster checked in', `checkIns.${i}.personRef`);
    if (checkIn.method !== 'face' && checkIn.note === undefined) {
      return reject('class.check_in_note_required', 'a check-in not made by face must say why', `checkIns.${i}.note`);
    }
  }
  const dup = firstRepeat(c.checkIns.map((x) => x.personRef));
  if (dup !== undefined) return reject('class.duplicate_check_in', 'a trainee checked in twice in one session', `checkIns.${dup}.personRef`);
  return undefined;
}
