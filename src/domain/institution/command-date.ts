import { assertNever } from '../decider.ts';
import type { InstitutionCommand } from './commands.ts';

/**
 * The business date a person states in an institution command that records something
 * done, with its field name: the date the institution decider checks against the
 * request's own day (requireNotAfterToday). A registration, a listing, an interview, a
 * notice served, a suspension lifted, a delisting, a removal from the blacklist or a
 * licence revoked dated tomorrow records what has not happened.
 *
 * Undefined, and left alone, where the date is the start of a period a decision may set
 * ahead: the occupations and the credit grade in force from `effectiveOn` (a change
 * decided now for the next term), a suspension's or a blacklisting's `from` (their `to`
 * and `until`, and a notice's `deadline`, lie ahead by nature). A sanction issued from a
 * finding is dated by its `on`, checked by the finding's saga before this step.
 */
export function statedInstitutionDateOf(c: InstitutionCommand): readonly [field: string, date: string] | undefined {
  switch (c.type) {
    case 'RegisterInstitution':
      return ['registeredOn', c.registeredOn];
    case 'ListInstitution':
      return ['listedOn', c.listedOn];
    case 'InterviewInstitution':
    case 'IssueRectificationNotice':
    case 'LiftSuspension':
    case 'DelistInstitution':
    case 'RemoveFromBlacklist':
    case 'RevokeLicence':
      return ['on', c.on];
    case 'ChangeOccupations':
    case 'ChangeCreditGrade':
    case 'SuspendInstitution':
    case 'BlacklistInstitution':
      return undefined;
    default:
      return assertNever(c);
  }
}
