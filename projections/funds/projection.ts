import type { FundEventSchemas } from '../../src/domain/fund/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';

/**
 * funds: every fund's buckets (allocated, committed, paid, recovered, adjusted; available
 * derived) and counts, the same numbers the fund aggregate folds. A batch is summed in
 * memory per fund and written once per fund at its end: sums commute, so the rows do not
 * depend on where batches end. fund_month holds the gross movements of each fund per month
 * of their business dates, for charts over time.
 */
export const FUND_EVENT_TYPES = [
  'FundOpened',
  'FundAllocationReceived',
  'FundAdjusted',
  'FundCommitted',
  'FundCommitmentReleased',
  'FundPaymentInstructed',
  'FundPaymentConfirmed',
  'FundPaymentBounced',
  'FundRecoveryReceived',
] as const;

/** What one batch adds to one fund's month (fund_month). */
interface MonthDelta {
  committed: number;
  paid: number;
  recovered: number;
  bounced: number;
}

/** `YYYY-MM` of a business date (already a date in Asia/Shanghai). */
const monthOf = (businessDate: string): string => businessDate.slice(0, 7);

/** What one batch adds to one fund's row. */
interface Delta {
  allocated: number;
  recovered: number;
  adjusted: number;
  committed: number;
  paid: number;
  confirmed: number;
  released: number;
  bounced: number;
  allocations: number;
  applications: number;
  payments: number;
  lastPosition: bigint;
}

const zero = (position: bigint): Delta => ({
  allocated: 0,
  recovered: 0,
  adjusted: 0,
  committed: 0,
  paid: 0,
  confirmed: 0,
  released: 0,
  bounced: 0,
  allocations: 0,
  applications: 0,
  payments: 0,
  lastPosition: position,
});

export const funds = defineProjection({
  name: 'funds',
  // 2: fund_month, the movements per month (0002_fund_month.sql)
  version: 2,
  eventTypes: FUND_EVENT_TYPES,
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'fund', key: ['fund_id'] },
    { table: 'fund_month', key: ['fund_id', 'month'] },
  ],
  prepare(db) {
    const insert = db.prepare(`INSERT INTO fund VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)`);
    const update = db.prepare(`UPDATE fund SET
      allocated_fen = allocated_fen + ?, recovered_fen = recovered_fen + ?, adjusted_fen = adjusted_fen + ?,
      committed_fen = committed_fen + ?, paid_fen = paid_fen + ?, confirmed_fen = confirmed_fen + ?,
      released_fen = released_fen + ?, bounced_fen = bounced_fen + ?,
      allocations = allocations + ?, applications = applications + ?, payments = payments + ?, last_position = ?
      WHERE fund_id = ?`);
    const addMonth = db.prepare(`INSERT INTO fund_month VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (fund_id, month) DO UPDATE SET
      committed_fen = committed_fen + excluded.committed_fen, paid_fen = paid_fen + excluded.paid_fen,
      recovered_fen = recovered_fen + excluded.recovered_fen, bounced_fen = bounced_fen + excluded.bounced_fen`);
    const opened: [string, string, number, string, string, bigint][] = [];
    const months = new Map<string, { fundId: string; month: string; d: MonthDelta }>();
    const inMonth = (fundId: string, businessDate: string): MonthDelta => {
      const month = monthOf(businessDate);
      const key = `${fundId} ${month}`;
      let m = months.get(key);
      if (m === undefined) months.set(key, (m = { fundId, month, d: { committed: 0, paid: 0, recovered: 0, bounced: 0 } }));
      return m.d;
    };
    const deltas = new Map<string, Delta>();
    const delta = (fundId: string, e: RecordedEvent): Delta => {
      let d = deltas.get(fundId);
      if (d === undefined) deltas.set(fundId, (d = zero(e.position)));
      d.lastPosition = e.position;
      return d;
    };
    const apply = byEventType<typeof FundEventSchemas>({
      FundOpened: (x, e) => void opened.push([x.fundId, x.source, x.year, x.regionCode, x.openedOn, e.position]),
      FundAllocationReceived: (x, e) => {
        const d = delta(x.fundId, e);
        d.allocated += x.amountFen;
        d.allocations += 1;
      },
      FundAdjusted: (x, e) => void (delta(x.fundId, e).adjusted += x.amountFen),
      FundCommitted: (x, e) => {
        const d = delta(x.fundId, e);
        d.committed += x.amountFen;
        d.applications += 1;
        inMonth(x.fundId, x.committedOn).committed += x.amountFen;
      },
      FundCommitmentReleased: (x, e) => {
        const d = delta(x.fundId, e);
        d.committed -= x.amountFen;
        d.released += x.amountFen;
      },
      FundPaymentInstructed: (x, e) => {
        const d = delta(x.fundId, e);
        d.committed -= x.amountFen;
        d.paid += x.amountFen;
        d.payments += 1;
        inMonth(x.fundId, x.instructedOn).paid += x.amountFen;
      },
      FundPaymentConfirmed: (x, e) => void (delta(x.fundId, e).confirmed += x.amountFen),
      // The aggregate moves the payment's own amount back; the event carries the same amount.
      FundPaymentBounced: (x, e) => {
        const d = delta(x.fundId, e);
        d.paid -= x.amountFen;
        d.committed += x.amountFen;
        d.bounced += x.amountFen;
        inMonth(x.fundId, x.bouncedOn).bounced += x.amountFen;
      },
      FundRecoveryReceived: (x, e) => {
        delta(x.fundId, e).recovered += x.amountFen;
        inMonth(x.fundId, x.recoveredOn).recovered += x.amountFen;
      },
    });
    return {
      apply,
      flush() {
        for (const row of opened) insert.run(...row);
        for (const [fundId, d] of deltas) {
          const changed = update.run(
            d.allocated, d.recovered, d.adjusted, d.committed, d.paid, d.confirmed, d.released, d.bounced,
            d.allocations, d.applications, d.payments, d.lastPosition, fundId,
          ).changes;
          if (changed !== 1) throw new Error(`money event for fund ${fundId}, which was never opened`);
        }
        // After the fund rows: a month of a fund never opened has already thrown above.
        for (const { fundId, month, d } of months.values()) addMonth.run(fundId, month, d.committed, d.paid, d.recovered, d.bounced);
        opened.length = 0;
        deltas.clear();
        months.clear();
      },
    };
  },
});
