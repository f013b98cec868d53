import { compareBusinessDates } from '../calendar/business-date.ts';
import { reject, type Rejection } from '../decider.ts';
import type { ClassCommandOf } from './commands.ts';
import { firstRepeat } from './opening-plan.ts';
import { onRoster, type ClassOpening, type ClassState } from './state.ts';

/**
 * 结业考核: results are for roster trainees who attended (a result for someone with no
 * hours is a fake trainee), once each, at the end of the class. A pass names the
 * certificate earned: the class's own level, or 培训合格 (training qualified) only; a
 * fail names none.
 */
export function checkAssessment(c: ClassCommandOf<'RecordAssessmentResults'>, state: ClassState, opening: ClassOpening): Rejection | undefined {
  if (compareBusinessDates(c.assessedOn, opening.endOn) < 0) return reject('class.assessed_before_end', `the class runs until ${opening.endOn}`, 'assessedOn');
  const dup = firstRepeat(c.results.map((r) => r.personRef));
  if (dup !== undefined) return reject('class.duplicate_trainee', 'a trainee appears twice', `results.${dup}.personRef`);
  for (let i = 0; i < c.results.length; i++) {
    const r = c.results[i];
    if (!r) continue;
    const at = `results.${i}`;
    if (!onRoster(state, r.personRef)) return reject('class.trainee_not_on_roster', 'a result for someone not on the roster', `${at}.personRef`);
    if (state.results.has(r.personRef)) return reject('class.already_assessed', 'this trainee already has a result', `${at}.personRef`);
    if ((state.completion?.hours.get(r.personRef) ?? 0) === 0) {
      return reject('class.assessed_without_attendance', 'a result for a trainee who attended no hours', `${at}.personRef`);
    }
    if (r.passed && r.certificateLevel === undefined) return reject('class.certificate_level_required', 'a pass names the certificate earned', `${at}.certificateLevel`);
    if (!r.passed && r.certificateLevel !== undefined) return reject('class.level_without_pass', 'a fail earns no certificate', `${at}.certificateLevel`);
    if (r.certificateLevel !== undefined && r.certificateLevel !== opening.level && r.certificateLevel !== 'training_qualified') {
      return reject('class.level_mismatch', `the class trains ${opening.level}`, `${at}.certificateLevel`);
    }
  }
  return undefined;
}
