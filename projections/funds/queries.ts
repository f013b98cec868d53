import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { exactAvailableFen, exactFen, summing } from '../shared/exact-fen.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { regionRange, type RegionPrefix } from '../shared/region.ts';

export interface FundBalance {
  fundId: string;
  source: string;
  year: number;
  regionCode: string;
  openedOn: string;
  allocatedFen: number;
  recoveredFen: number;
  adjustedFen: number;
  committedFen: number;
  paidFen: number;
  /** allocated + recovered + adjusted − committed − paid. */
  availableFen: number;
  confirmedFen: number;
  /** paid − confirmed: instructed, the bank's answer not yet in. */
  inFlightFen: number;
  releasedFen: number;
  bouncedFen: number;
  allocations: number;
  applications: number;
  payments: number;
  lastPosition: number;
}

interface FundRow {
  fund_id: string;
  source: string;
  year: number;
  region_code: string;
  opened_on: string;
  allocated_fen: number;
  recovered_fen: number;
  adjusted_fen: number;
  committed_fen: number;
  paid_fen: number;
  confirmed_fen: number;
  released_fen: number;
  bounced_fen: number;
  allocations: number;
  applications: number;
  payments: number;
  last_position: number;
}

/** Every amount exact, or SumOutOfRangeError (cumulative figures such as bounced money are not bounded by the fund limit). */
function balance(r: FundRow): FundBalance {
  const what = `fund ${r.fund_id}`;
  const fen = (n: number) => exactFen(n, what);
  return {
    fundId: r.fund_id,
    source: r.source,
    year: r.year,
    regionCode: r.region_code,
    openedOn: r.opened_on,
    allocatedFen: fen(r.allocated_fen),
    recoveredFen: fen(r.recovered_fen),
    adjustedFen: fen(r.adjusted_fen),
    committedFen: fen(r.committed_fen),
    paidFen: fen(r.paid_fen),
    availableFen: exactAvailableFen({ allocated: r.allocated_fen, recovered: r.recovered_fen, adjusted: r.adjusted_fen, committed: r.committed_fen, paid: r.paid_fen }, what),
    confirmedFen: fen(r.confirmed_fen),
    inFlightFen: fen(fen(r.paid_fen) - fen(r.confirmed_fen)),
    releasedFen: fen(r.released_fen),
    bouncedFen: fen(r.bounced_fen),
    allocations: r.allocations,
    applications: r.applications,
    payments: r.payments,
    lastPosition: r.last_position,
  };
}

export function fundBalance(db: SqliteDatabase, fundId: string): FundBalance | undefined {
  const row = db.prepare('SELECT * FROM fund WHERE fund_id = ?').get(fundId) as FundRow | undefined;
  return row && balance(row);
}

export interface FundListQuery {
  prefix: RegionPrefix;
  year?: number;
  source?: string;
  cursor?: string;
  limit?: number;
}

/** Funds in the region prefix, by fund id, a page at a time. */
export function listFunds(db: SqliteDatabase, q: FundListQuery): Page<FundBalance> {
  const limit = pageSize(q.limit);
  const region = regionRange('region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  if (q.year !== undefined) where.push('year = ?'), params.push(q.year);
  if (q.source !== undefined) where.push('source = ?'), params.push(q.source);
  if (q.cursor !== undefined) where.push('fund_id > ?'), params.push(String(decodeCursor(q.cursor, ['string'])[0]));
  const rows = db.prepare(`SELECT * FROM fund WHERE ${where.join(' AND ')} ORDER BY fund_id LIMIT ?`).all(...params, limit + 1) as FundRow[];
  return toPage(rows, limit, (r) => [r.fund_id], balance);
}

export interface FundTotals {
  year: number;
  regionCode: string;
  funds: number;
  allocatedFen: number;
  recoveredFen: number;
  adjustedFen: number;
  committedFen: number;
  paidFen: number;
  availableFen: number;
  confirmedFen: number;
}

/**
 * Summed by SQLite in 64 bits, exact. One fund's buckets are at most MAX_FUND_TOTAL_FEN
 * (10^13), so a region and year holds ~900 funds at the limit before a sum passes 2^53 − 1;
 * beyond that the sum is refused (SumOutOfRangeError), never rounded.
 */
const TOTALS = `SELECT year, region_code, count(*) AS funds,
  sum(allocated_fen) AS allocated, sum(recovered_fen) AS recovered, sum(adjusted_fen) AS adjusted,
  sum(committed_fen) AS committed, sum(paid_fen) AS paid, sum(confirmed_fen) AS confirmed
  FROM fund WHERE %WHERE% GROUP BY year, region_code ORDER BY year, region_code`;

/** Per year and region (the fund's own region), every fund in the prefix summed; `year` narrows. */
export function fundTotals(db: SqliteDatabase, q: { prefix: RegionPrefix; year?: number }): FundTotals[] {
  const region = regionRange('region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  if (q.year !== undefined) where.push('year = ?'), params.push(q.year);
  const rows = summing('the fund totals', () => db.prepare(TOTALS.replace('%WHERE%', where.join(' AND '))).all(...params)) as {
    year: number;
    region_code: string;
    funds: number;
    allocated: number;
    recovered: number;
    adjusted: number;
    committed: number;
    paid: number;
    confirmed: number;
  }[];
  return rows.map((r) => {
    const what = `the funds of region ${r.region_code} in ${r.year}`;
    const fen = (n: number) => exactFen(n, what);
    return {
      year: r.year,
      regionCode: r.region_code,
      funds: r.funds,
      allocatedFen: fen(r.allocated),
      recoveredFen: fen(r.recovered),
      adjustedFen: fen(r.adjusted),
      committedFen: fen(r.committed),
      paidFen: fen(r.paid),
      availableFen: exactAvailableFen(r, what),
      confirmedFen: fen(r.confirmed),
    };
  });
}

export interface FundMonth {
  /** `YYYY-MM` of the movements' business dates (Asia/Shanghai). */
  month: string;
  committedFen: number;
  paidFen: number;
  recoveredFen: number;
  bouncedFen: number;
}

export interface FundMonthsQuery {
  prefix: RegionPrefix;
  /** The funds' budget year (as in fundTotals), not the month's. */
  year?: number;
  fundId?: string;
  source?: string;
}

/** Movements per month, summed over the funds in the prefix (narrowed by year, fund, source), oldest month first. */
export function fundMonths(db: SqliteDatabase, q: FundMonthsQuery): FundMonth[] {
  const region = regionRange('f.region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  if (q.year !== undefined) where.push('f.year = ?'), params.push(q.year);
  if (q.fundId !== undefined) where.push('f.fund_id = ?'), params.push(q.fundId);
  if (q.source !== undefined) where.push('f.source = ?'), params.push(q.source);
  const rows = summing('the fund months', () => db
    .prepare(`SELECT m.month, sum(m.committed_fen) AS committed, sum(m.paid_fen) AS paid,
      sum(m.recovered_fen) AS recovered, sum(m.bounced_fen) AS bounced
      FROM fund_month m JOIN fund f ON f.fund_id = m.fund_id
      WHERE ${where.join(' AND ')} GROUP BY m.month ORDER BY m.month`)
    .all(...params)) as { month: string; committed: number; paid: number; recovered: number; bounced: number }[];
  return rows.map((r) => {
    const fen = (n: number) => exactFen(n, `the money moved in ${r.month}`);
    return { month: r.month, committedFen: fen(r.committed), paidFen: fen(r.paid), recoveredFen: fen(r.recovered), bouncedFen: fen(r.bounced) };
  });
}
