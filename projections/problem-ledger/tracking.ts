import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { clockWindow, RUNNING, type AsOf } from './clock.ts';
import { whereOf, type LedgerFilter } from './queries.ts';
import { exactFen, summing } from '../shared/exact-fen.ts';

/**
 * 整改跟踪: what rectification tracking counts as of `asOf` — findings whose clock runs,
 * overdue, due within the next working days, closed, withdrawn — with the amounts
 * involved, ordered back and recovered, overall and by region, institution and category.
 * A withdrawn finding involves no money; money recovered stays counted wherever it came
 * from. `outstandingFen` is, per finding, what its orders ask beyond what came back.
 */
export interface TrackingCounts {
  readonly findings: number;
  readonly running: number;
  readonly overdue: number;
  readonly dueSoon: number;
  readonly closed: number;
  readonly withdrawn: number;
  readonly amountInvolvedFen: number;
  readonly overdueAmountFen: number;
  readonly orderedFen: number;
  readonly recoveredFen: number;
  readonly outstandingFen: number;
}

export interface TrackingGroup extends TrackingCounts {
  readonly key: string;
  /** The institution's name for `byInstitution`; null elsewhere or when unknown. */
  readonly label: string | null;
}

export interface TrackingReport {
  readonly asOf: string;
  readonly asOfDate: string;
  readonly dueSoonLast: string;
  readonly total: TrackingCounts;
  readonly byRegion: TrackingGroup[];
  readonly byInstitution: TrackingGroup[];
  readonly byCategory: TrackingGroup[];
}

const RUNNING_SQL = `status IN (${RUNNING.map((s) => `'${s}'`).join(', ')})`;

/** Per-finding facts as of the window; grouped below. */
const PER_FINDING = `SELECT f.finding_id, f.region_code, f.institution_id, f.category, f.status,
    CASE WHEN f.status = 'withdrawn' THEN 0 ELSE f.amount_involved_fen END AS involved,
    (f.${RUNNING_SQL}) AS running,
    (f.${RUNNING_SQL} AND f.deadline_on < @asOfDate) AS overdue,
    (f.${RUNNING_SQL} AND f.deadline_on >= @asOfDate AND f.deadline_on <= @dueSoonLast) AS due_soon,
    coalesce((SELECT sum(o.ordered_fen) FROM ledger_recovery_order o WHERE o.finding_id = f.finding_id AND o.status = 'issued'), 0) AS ordered,
    coalesce((SELECT r.recovered_fen FROM ledger_finding_recovery r WHERE r.finding_id = f.finding_id), 0) AS recovered
  FROM ledger_finding f`;

const AGGREGATES = `count(*) AS findings, coalesce(sum(running), 0) AS running, coalesce(sum(overdue), 0) AS overdue, coalesce(sum(due_soon), 0) AS due_soon,
    coalesce(sum(status = 'closed'), 0) AS closed, coalesce(sum(status = 'withdrawn'), 0) AS withdrawn,
    coalesce(sum(involved), 0) AS involved, coalesce(sum(CASE WHEN overdue THEN involved ELSE 0 END), 0) AS overdue_involved,
    coalesce(sum(ordered), 0) AS ordered, coalesce(sum(recovered), 0) AS recovered, coalesce(sum(max(ordered - recovered, 0)), 0) AS outstanding`;

/** Money sums exact or refused (SumOutOfRangeError): a finding's amount involved is bounded only by the safe integers. */
function counts(r: Record<string, number | string | null>): TrackingCounts {
  const fen = (column: string) => exactFen(Number(r[column]), `the rectification report's ${column} amount`);
  return {
    findings: Number(r.findings), running: Number(r.running), overdue: Number(r.overdue), dueSoon: Number(r.due_soon),
    closed: Number(r.closed), withdrawn: Number(r.withdrawn), amountInvolvedFen: fen('involved'), overdueAmountFen: fen('overdue_involved'),
    orderedFen: fen('ordered'), recoveredFen: fen('recovered'), outstandingFen: fen('outstanding'),
  };
}

/** Scope by region, institution or category (the tracking filter is the report itself). */
export type TrackingScope = Pick<LedgerFilter, 'regionCode' | 'prefix' | 'institutionId' | 'category'>;

export function rectificationTracking(db: SqliteDatabase, q: AsOf & { readonly scope?: TrackingScope }): TrackingReport {
  return summing('the rectification report', () => tracking(db, q));
}

function tracking(db: SqliteDatabase, q: AsOf & { readonly scope?: TrackingScope }): TrackingReport {
  const w = clockWindow(q);
  const where = whereOf(q.scope ?? {}, w);
  const params = { ...where.params, asOfDate: w.asOfDate, dueSoonLast: w.dueSoonLast };
  const base = `WITH per AS (${PER_FINDING} ${where.sql})`;
  const total = counts(db.prepare(`${base} SELECT ${AGGREGATES} FROM per`).get(params) as Record<string, number>);
  const grouped = (column: string, label = 'NULL') =>
    (db.prepare(`${base} SELECT per.${column} AS key, ${label} AS label, ${AGGREGATES} FROM per GROUP BY per.${column} ORDER BY per.${column}`).all(params) as Record<string, string | number | null>[]).map(
      (r) => ({ key: String(r.key), label: r.label === null ? null : String(r.label), ...counts(r) }),
    );
  return {
    asOf: q.asOf,
    asOfDate: w.asOfDate,
    dueSoonLast: w.dueSoonLast,
    total,
    byRegion: grouped('region_code'),
    byInstitution: grouped('institution_id', '(SELECT i.name FROM ledger_institution i WHERE i.institution_id = per.institution_id)'),
    byCategory: grouped('category'),
  };
}
