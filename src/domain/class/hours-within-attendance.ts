import { compareBusinessDates } from '../calendar/business-date.ts';
import { reject, type Rejection } from '../decider.ts';
import type { ClassCommandOf } from './commands.ts';
import { firstRepeat } from './opening-plan.ts';
import { hoursCheckedIn, onRoster, type ClassOpening, type ClassState } from './state.ts';

/**
 * 结业: hours attended are what the attendance sessions hold, never more. A trainee's
 * declared hours may be lower (a late arrival) but not above the sum of the sessions
 * where they passed the check-in, and only roster trainees have hours. This is what the
 * hours-short rule of the subsidy builds on, so it is checked where the hours are made.
 */
export function checkCompletion(c: ClassCommandOf<'CompleteClass'>, state: ClassState, opening: ClassOpening): Rejection | undefined {
  if (compareBusinessDates(c.completedOn, opening.endOn) < 0) return reject('class.completed_before_end', `the class runs until ${opening.endOn}`, 'completedOn');
  if (state.sessions.length === 0) return reject('class.no_sessions', 'a class without attendance sessions cannot be completed', 'hours');
  for (let i = 0; i < c.hours.length; i++) {
    const h = c.hours[i];
    if (!h) continue;
    if (!onRoster(state, h.personRef)) return reject('class.trainee_not_on_roster', 'hours for someone not on the roster', `hours.${i}.personRef`);
    const recorded = hoursCheckedIn(state, h.personRef);
    if (h.hoursAttended > recorded) {
      return reject('class.hours_exceed_attendance', `${h.hoursAttended} hours declared; the check-ins hold ${recorded}`, `hours.${i}.hoursAttended`);
    }
  }
  const dup = firstRepeat(c.hours.map((h) => h.personRef));
  if (dup !== undefined) return reject('class.duplicate_trainee', 'a trainee appears twice', `hours.${dup}.personRef`);
  return undefined;
}
