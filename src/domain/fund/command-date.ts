import { assertNever } from '../decider.ts';
import type { FundCommand } from './commands.ts';

/**
 * The business date each fund command states, with its field name: the date the fund
 * decider checks against the request's own day (requireNotAfterToday). Allocations and
 * adjustments are dated by the finance officer from the document; commitments, payments
 * and recoveries by the saga from the application step that carries them.
 */
export function statedFundDateOf(c: FundCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'OpenFund':
      return ['openedOn', c.openedOn];
    case 'ReceiveAllocation':
      return ['receivedOn', c.receivedOn];
    case 'AdjustFund':
      return ['adjustedOn', c.adjustedOn];
    case 'CommitFunds':
      return ['committedOn', c.committedOn];
    case 'ReleaseCommitment':
      return ['releasedOn', c.releasedOn];
    case 'InstructPayment':
      return ['instructedOn', c.instructedOn];
    case 'ConfirmPayment':
      return ['confirmedOn', c.confirmedOn];
    case 'BouncePayment':
      return ['bouncedOn', c.bouncedOn];
    case 'RecordRecovery':
      return ['recoveredOn', c.recoveredOn];
    default:
      return assertNever(c);
  }
}
