import { assertNever } from '../decider.ts';
import type { TraineeCommand } from './commands.ts';

/**
 * The business date a person states in each trainee command, with its field name: the
 * one date the trainee decider checks against the request's own day
 * (requireNotAfterToday). A registration, a certificate issued, insured months counted as
 * of a day, or a category change (an unemployment registration, a graduation, taken from
 * the document that records it) dated tomorrow records what has not happened; a category
 * in force ahead of time would count towards eligibility for a class before it is true.
 */
export function statedTraineeDateOf(c: TraineeCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'RegisterTrainee':
      return ['registeredOn', c.registeredOn];
    case 'ChangeTraineeCategory':
      return ['effectiveOn', c.effectiveOn];
    case 'RecordInsurance':
      return ['asOf', c.asOf];
    case 'RecordCertificate':
      return ['issuedOn', c.issuedOn];
    default:
      return assertNever(c);
  }
}
