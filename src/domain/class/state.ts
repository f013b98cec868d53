import type { BusinessDate } from '../calendar/business-date.ts';
import type { AssessmentResult, ClassEventOf } from './events.ts';

export type ClassStatus = 'none' | 'requested' | 'approved' | 'refused' | 'completed';

export type ClassOpening = ClassEventOf<'ClassOpeningRequested'>['data'];
export type AttendanceSession = ClassEventOf<'AttendanceSessionRecorded'>['data'];

export interface OpeningDecision {
  readonly approved: boolean;
  readonly reviewerId: string;
  readonly decidedOn: BusinessDate;
  readonly reason?: string;
}

export interface Completion {
  readonly completedOn: BusinessDate;
  /** Hours attended by personRef, as declared at completion (never above the check-ins). */
  readonly hours: ReadonlyMap<string, number>;
}

export interface ClassState {
  readonly status: ClassStatus;
  readonly opening?: ClassOpening;
  readonly decision?: OpeningDecision;
  readonly sessions: readonly AttendanceSession[];
  readonly completion?: Completion;
  readonly results: ReadonlyMap<string, AssessmentResult & { readonly assessedOn: BusinessDate }>;
}

export function initialClassState(): ClassState {
  return { status: 'none', sessions: [], results: new Map() };
}

export function onRoster(state: ClassState, personRef: string): boolean {
  return state.opening?.roster.includes(personRef) ?? false;
}

/**
 * Hours a trainee is recorded as present: the sum of the sessions where they checked in
 * and the check-in passed. A failed check-in (face not matched) counts for nothing.
 */
export function hoursCheckedIn(state: ClassState, personRef: string): number {
  let hours = 0;
  for (const s of state.sessions) {
    if (s.checkIns.some((c) => c.personRef === personRef && c.result === 'pass')) hours += s.hours;
  }
  return hours;
}
