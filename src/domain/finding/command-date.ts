import { assertNever } from '../decider.ts';
import type { FindingCommand } from './commands.ts';

/**
 * The business dates a person states in each finding command, with their field names:
 * the dates the finding decider checks against the request's own day
 * (requireNotAfterToday). The finding is the audit record: a raise, a notice served, a
 * rectification submitted or verified, a closure dated tomorrow records what has not
 * happened (and a notice dated ahead would move the rectification deadline with it).
 * A raise states two: the day it was raised and the day its notice was served.
 * Deadlines (counted by the decider, never stated) are not here.
 */
export function statedFindingDatesOf(c: FindingCommand): ReadonlyArray<readonly [field: string, date: string]> {
  switch (c.type) {
    case 'RaiseFinding':
      return [['raisedOn', c.raisedOn], ['noticeOn', c.noticeOn]];
    case 'DeclareRecusal':
      return [['declaredOn', c.declaredOn]];
    case 'SubmitRectification':
      return [['submittedOn', c.submittedOn]];
    case 'VerifyRectification':
      return [['verifiedOn', c.verifiedOn]];
    case 'CloseFinding':
      return [['closedOn', c.closedOn]];
    case 'RequestDeadlineExtension':
      return [['requestedOn', c.requestedOn]];
    case 'DecideDeadlineExtension':
      return [['decidedOn', c.decidedOn]];
    case 'WithdrawFinding':
      return [['withdrawnOn', c.withdrawnOn]];
    case 'RecordSanction':
      return [['on', c.on]];
    default:
      return assertNever(c);
  }
}
