import { assertNever } from '../decider.ts';
import type { RecoveryOrderCommand } from './commands.ts';

/** The one business date each command states: none may lie after the request's day. */
export function statedRecoveryOrderDateOf(c: RecoveryOrderCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'IssueRecoveryOrder':
      return ['issuedOn', c.issuedOn];
    case 'RecordOrderRecovery':
      return ['recoveredOn', c.recoveredOn];
    case 'VoidOrderRecovery':
      return ['voidedOn', c.voidedOn];
    case 'WithdrawRecoveryOrder':
      return ['withdrawnOn', c.withdrawnOn];
    default:
      return assertNever(c);
  }
}
