import { assertNever } from '../decider.ts';
import type { ClassCommand } from './commands.ts';

/**
 * The business date a person states in each class command, with its field name: the one
 * date the class decider checks against the request's own day (requireNotAfterToday).
 * A request, a review, a record of attendance, a completion or an assessment dated
 * tomorrow records what has not happened. Left alone, as they lie ahead by nature: the
 * class's startOn and endOn and its assessmentPlan.plannedOn (a class is requested before
 * it runs). A session's own date is bounded by its recordedOn (class.session_in_future),
 * so checking recordedOn covers it.
 */
export function statedClassDateOf(c: ClassCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'RequestClassOpening':
      return ['requestedOn', c.requestedOn];
    case 'ApproveClassOpening':
    case 'RefuseClassOpening':
      return ['decidedOn', c.decidedOn];
    case 'RecordAttendanceSession':
      return ['recordedOn', c.recordedOn];
    case 'CompleteClass':
      return ['completedOn', c.completedOn];
    case 'RecordAssessmentResults':
      return ['assessedOn', c.assessedOn];
    default:
      return assertNever(c);
  }
}
