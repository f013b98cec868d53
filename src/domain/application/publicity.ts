import { compareBusinessDates } from '../calendar/business-date.ts';
import { CalendarError } from '../calendar/errors.ts';
import { reject, type Rejection } from '../decider.ts';
import { procedureRuleOn, type PolicySet } from '../policy/policy-set.ts';
import { PolicyNotInForceError } from '../policy/versioned.ts';
import type { Objection } from './state.ts';

/**
 * 公示: before payment, the recipients and amounts are published for N working days
 * (policy data: 5 here, 7 elsewhere). The end date is N working days after the start,
 * the start day not counted, on the working-day calendar; a date outside the loaded
 * calendar years is refused, never guessed. Objections are received until the end date
 * inclusive, and payment can be approved from the day after it, once every objection
 * has been resolved.
 */
export interface PublicityPeriod {
  readonly startOn: string;
  readonly endOn: string;
  readonly workingDays: number;
}

export function publicityPeriod(policy: PolicySet, startOn: string): PublicityPeriod | Rejection {
  try {
    const workingDays = procedureRuleOn(policy, startOn).value.publicityWorkingDays;
    return { startOn, endOn: policy.calendar.addWorkingDays(startOn, workingDays), workingDays };
  } catch (err) {
    if (err instanceof PolicyNotInForceError) return reject('application.no_policy_in_force', err.message, 'startOn');
    if (err instanceof CalendarError) return reject('application.calendar_out_of_range', err.message, 'startOn');
    throw err;
  }
}

/**
 * Publicity follows the final review: it may not start before the final review's date.
 * (domain.md sets no rule on starting on a rest day; the end date counts working days.)
 */
export function requirePublicityStartOn(finalReviewOn: string | undefined, startOn: string): Rejection | undefined {
  if (finalReviewOn !== undefined && compareBusinessDates(startOn, finalReviewOn) < 0) {
    return reject('application.publicity_before_final_review', `publicity may not start before the final review of ${finalReviewOn}`, 'startOn');
  }
  return undefined;
}

export function requireWithinPublicity(period: { startOn: string; endOn: string }, raisedOn: string): Rejection | undefined {
  if (compareBusinessDates(raisedOn, period.startOn) >= 0 && compareBusinessDates(raisedOn, period.endOn) <= 0) return undefined;
  return reject('application.outside_publicity', `objections are received from ${period.startOn} to ${period.endOn}`, 'raisedOn');
}

export function requirePublicityEnded(period: { endOn: string }, approvedOn: string): Rejection | undefined {
  if (compareBusinessDates(approvedOn, period.endOn) > 0) return undefined;
  return reject('application.publicity_not_ended', `publicity runs until ${period.endOn} inclusive`, 'approvedOn');
}

export function requireNoOpenObjection(objections: ReadonlyMap<string, Objection>): Rejection | undefined {
  for (const o of objections.values()) {
    if (o.outcome === 'open') return reject('application.objection_open', `objection ${o.objectionId} has not been resolved`, 'applicationId');
  }
  return undefined;
}
