import { addDays, compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import { invariant } from '../decider.ts';
import type { CreditGrade } from './events.ts';
import { mayTrainInStatus, type InstitutionStatus } from './sanctions-ladder.ts';
import { valueOn, type InstitutionState } from './state.ts';

/**
 * Facts about an institution on a date, for the deciders that must check "only
 * catalogued institutions, listed for that occupation and not suspended, delisted or
 * blacklisted on the class dates" (domain.md). All are pure functions of the folded state.
 */

/** The status on `date`. Before registration, or for an unknown institution: 'unlisted'. */
export function institutionStatusOn(state: InstitutionState, date: BusinessDate): InstitutionStatus {
  if (!state.registered) return 'unlisted';
  let status: InstitutionStatus = 'unlisted';
  let until: BusinessDate | undefined;
  for (const seg of state.statusTimeline) {
    if (compareBusinessDates(seg.from, date) > 0) break;
    status = seg.status;
    until = seg.until;
  }
  // A suspension ends by itself: after its last day the institution is listed again.
  if (status === 'suspended' && until !== undefined && compareBusinessDates(date, until) > 0) return 'listed';
  return status;
}

/** The occupations the institution may train on `date` (sorted), whatever its status. */
export function occupationsOn(state: InstitutionState, date: BusinessDate): readonly string[] {
  if (!state.registered) return [];
  return valueOn(state.occupationTimeline, date) ?? [];
}

export function creditGradeOn(state: InstitutionState, date: BusinessDate): CreditGrade | undefined {
  if (!state.registered) return undefined;
  return valueOn(state.gradeTimeline, date);
}

/** Listed (not suspended, delisted, blacklisted or revoked) and approved for the occupation on `date`. */
export function mayTrainOn(state: InstitutionState, occupationCode: string, date: BusinessDate): boolean {
  return mayTrainInStatus(institutionStatusOn(state, date)) && occupationsOn(state, date).includes(occupationCode);
}

export type MayTrainVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly on: BusinessDate; readonly status: InstitutionStatus; readonly cause: 'status' | 'occupation' };

/**
 * Whether `d` is after `from` and not after `to`. A module function, not a closure per call:
 * tsx names a local arrow with a defineProperty call, an allocation per call (every submission checks this).
 */
function inside(d: BusinessDate, from: BusinessDate, to: BusinessDate): boolean {
  return compareBusinessDates(d, from) > 0 && compareBusinessDates(d, to) <= 0;
}

/**
 * Whether the institution may train `occupationCode` on every day from `from` to `to`
 * (inclusive), and if not, the first day it may not and why. Status and occupations are
 * constant between the days where a segment starts or a suspension runs out, so checking
 * the first day and each such day inside the range is exact.
 */
export function mayTrainThroughout(state: InstitutionState, occupationCode: string, from: BusinessDate, to: BusinessDate): MayTrainVerdict {
  invariant(compareBusinessDates(from, to) <= 0, 'mayTrainThroughout: from must not be after to');
  const days = [from];
  if (state.registered) {
    for (const seg of state.statusTimeline) {
      if (inside(seg.from, from, to)) days.push(seg.from);
      if (seg.status === 'suspended' && seg.until !== undefined && inside(addDays(seg.until, 1), from, to)) days.push(addDays(seg.until, 1));
    }
    for (const entry of state.occupationTimeline) if (inside(entry.from, from, to)) days.push(entry.from);
  }
  days.sort(compareBusinessDates);
  for (const day of days) {
    const status = institutionStatusOn(state, day);
    if (!mayTrainInStatus(status)) return { ok: false, on: day, status, cause: 'status' };
    if (!occupationsOn(state, day).includes(occupationCode)) return { ok: false, on: day, status, cause: 'occupation' };
  }
  return { ok: true };
}
