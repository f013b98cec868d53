import { assertNever, invariant } from '../decider.ts';
import type { RecoveryLine, RecoveryOrderEvent, RecoveryOrderEventOf } from './events.ts';

/**
 * A recovery order: open until everything ordered has come back (fulfilled), or
 * withdrawn (only while nothing was recovered). A voided recovery gives its amount back
 * to the line's outstanding and may reopen a fulfilled order.
 *
 * Sums kept: for each line, recoveredFen ≤ amountFen; the order's recoveredFen is the sum
 * of its lines' and equals the sum of its recoveries not voided.
 */
export type RecoveryOrderStatus = 'none' | 'open' | 'fulfilled' | 'withdrawn';

export interface LineState extends RecoveryLine {
  readonly recoveredFen: number;
}

export interface RecoveryRecord {
  readonly recoveryId: string;
  readonly paymentId: string;
  readonly amountFen: number;
  readonly voided: boolean;
}

type Data<T extends RecoveryOrderEvent['type']> = RecoveryOrderEventOf<T>['data'];

export interface RecoveryOrderState {
  readonly status: RecoveryOrderStatus;
  readonly issued: Data<'RecoveryOrderIssued'> | null;
  /** paymentId → line. */
  readonly lines: ReadonlyMap<string, LineState>;
  readonly recoveries: ReadonlyMap<string, RecoveryRecord>;
  readonly recoveredFen: number;
}

export function initialRecoveryOrderState(): RecoveryOrderState {
  return { status: 'none', issued: null, lines: new Map(), recoveries: new Map(), recoveredFen: 0 };
}

export function outstandingFen(s: RecoveryOrderState): number {
  return (s.issued?.totalFen ?? 0) - s.recoveredFen;
}

function moveLine(s: RecoveryOrderState, paymentId: string, deltaFen: number): Map<string, LineState> {
  const line = s.lines.get(paymentId);
  invariant(line, `recovery on payment ${paymentId}, which the order does not list`);
  const recoveredFen = line.recoveredFen + deltaFen;
  invariant(recoveredFen >= 0 && recoveredFen <= line.amountFen, `line ${paymentId} would hold ${recoveredFen} of ${line.amountFen} fen`);
  return new Map(s.lines).set(paymentId, { ...line, recoveredFen });
}

function statusAfter(s: RecoveryOrderState, recoveredFen: number): RecoveryOrderStatus {
  invariant(s.issued !== null, 'an issued order');
  return recoveredFen === s.issued.totalFen ? 'fulfilled' : 'open';
}

export function evolveRecoveryOrder(s: RecoveryOrderState, event: RecoveryOrderEvent): RecoveryOrderState {
  switch (event.type) {
    case 'RecoveryOrderIssued': {
      const lines = new Map(event.data.lines.map((l) => [l.paymentId, { ...l, recoveredFen: 0 }]));
      return { ...s, status: 'open', issued: event.data, lines };
    }
    case 'RecoveryOrderRecoveryRecorded': {
      const { recoveryId, paymentId, amountFen } = event.data;
      const recoveredFen = s.recoveredFen + amountFen;
      const recoveries = new Map(s.recoveries).set(recoveryId, { recoveryId, paymentId, amountFen, voided: false });
      return { ...s, status: statusAfter(s, recoveredFen), lines: moveLine(s, paymentId, amountFen), recoveries, recoveredFen };
    }
    case 'RecoveryOrderRecoveryVoided': {
      const { recoveryId, paymentId, amountFen } = event.data;
      const record = s.recoveries.get(recoveryId);
      invariant(record && !record.voided, `void of recovery ${recoveryId}, which is not live`);
      const recoveredFen = s.recoveredFen - amountFen;
      const recoveries = new Map(s.recoveries).set(recoveryId, { ...record, voided: true });
      return { ...s, status: statusAfter(s, recoveredFen), lines: moveLine(s, paymentId, -amountFen), recoveries, recoveredFen };
    }
    case 'RecoveryOrderWithdrawn':
      return { ...s, status: 'withdrawn' };
    default:
      return assertNever(event);
  }
}
