import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import type { CreditGrade } from './events.ts';
import type { InstitutionStatus, LadderStep } from './sanctions-ladder.ts';

/** From `from` on, the institution has `status` (until the next segment). */
export interface StatusSegment {
  readonly from: BusinessDate;
  readonly status: InstitutionStatus;
  /** Suspension: last day, after which it is listed again. Blacklisting: last day of the term. */
  readonly until?: BusinessDate;
}

export interface Dated<T> {
  readonly from: BusinessDate;
  readonly value: T;
}

/** One step of the ladder as recorded, for the history and the inspectors' risk view. */
export interface SanctionRecord {
  readonly step: LadderStep;
  readonly on: BusinessDate;
  readonly reason: string;
  readonly reference?: string;
  /** Rectification notices: the deadline. */
  readonly deadline?: BusinessDate;
}

export interface RegisteredInstitution {
  readonly registered: true;
  readonly creditCode: string;
  readonly licenceNumber: string;
  readonly name: string;
  readonly address: string;
  readonly nature: 'public' | 'private';
  readonly regionCode: string;
  readonly registeredOn: BusinessDate;
  /** Non-decreasing `from` (the decider refuses a status step dated before the last). */
  readonly statusTimeline: readonly StatusSegment[];
  /** Non-decreasing `from`; each value a sorted set of occupation codes. */
  readonly occupationTimeline: readonly Dated<readonly string[]>[];
  readonly gradeTimeline: readonly Dated<CreditGrade>[];
  readonly sanctions: readonly SanctionRecord[];
}

export type InstitutionState = { readonly registered: false } | RegisteredInstitution;

export function initialInstitutionState(): InstitutionState {
  return { registered: false };
}

export function lastOf<T>(xs: readonly T[]): T | undefined {
  return xs[xs.length - 1];
}

/** The value of a non-decreasing timeline in force on `date` (the last entry from on or before it). */
export function valueOn<T>(timeline: readonly Dated<T>[], date: BusinessDate): T | undefined {
  let found: T | undefined;
  for (const entry of timeline) {
    if (compareBusinessDates(entry.from, date) > 0) break;
    found = entry.value;
  }
  return found;
}
