import { assertNever } from '../decider.ts';
import type { ApplicationCommand } from './commands.ts';

/**
 * The business date a person states in each application command, with its field name: the
 * one date the decider checks against the request's own day (requireNotAfterToday). Every
 * step is dated by whoever takes it, so each must be checked, money steps included: a
 * payment or a bank confirmation dated tomorrow is a record of something that has not happened.
 */
export function statedApplicationDateOf(c: ApplicationCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'SubmitApplication':
      return ['submittedOn', c.submittedOn];
    case 'InitialReview':
    case 'FinalReview':
      return ['reviewedOn', c.reviewedOn];
    case 'StartPublicity':
      return ['startOn', c.startOn];
    case 'RaiseObjection':
      return ['raisedOn', c.raisedOn];
    case 'ResolveObjection':
      return ['resolvedOn', c.resolvedOn];
    case 'ApproveForPayment':
      return ['approvedOn', c.approvedOn];
    case 'InstructApplicationPayment':
      return ['instructedOn', c.instructedOn];
    case 'ConfirmApplicationPayment':
      return ['paidOn', c.paidOn];
    case 'BounceApplicationPayment':
      return ['bouncedOn', c.bouncedOn];
    case 'RecordApplicationRecovery':
      return ['recoveredOn', c.recoveredOn];
    case 'WithdrawApplication':
      return ['withdrawnOn', c.withdrawnOn];
    default:
      return assertNever(c);
  }
}
