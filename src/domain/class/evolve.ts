import { assertNever } from '../decider.ts';
import type { ClassEvent } from './events.ts';
import type { ClassState } from './state.ts';

export function evolveClass(state: ClassState, event: ClassEvent): ClassState {
  switch (event.type) {
    case 'ClassOpeningRequested':
      return { ...state, status: 'requested', opening: event.data };
    case 'ClassOpeningApproved':
      return { ...state, status: 'approved', decision: { approved: true, ...event.data } };
    case 'ClassOpeningRefused':
      return { ...state, status: 'refused', decision: { approved: false, ...event.data } };
    case 'AttendanceSessionRecorded':
      return { ...state, sessions: [...state.sessions, event.data] };
    case 'ClassCompleted': {
      const hours = new Map(event.data.hours.map((h) => [h.personRef, h.hoursAttended] as const));
      return { ...state, status: 'completed', completion: { completedOn: event.data.completedOn, hours } };
    }
    case 'AssessmentResultsRecorded': {
      const results = new Map(state.results);
      for (const r of event.data.results) results.set(r.personRef, { ...r, assessedOn: event.data.assessedOn });
      return { ...state, results };
    }
    default:
      return assertNever(event);
  }
}
