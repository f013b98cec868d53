import { FINDING_CATEGORY_LABELS, type FindingCategory } from '../../src/domain/finding/categories.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { regionRangeNamed, type RegionPrefix } from '../shared/region.ts';
import { clockWindow, rowClocks, RUNNING, type AsOf, type ClockWindow, type RowClock } from './clock.ts';

/**
 * Reads of the problem ledger: one finding, a filtered page, every matching row (for
 * exports), and rectification tracking (tracking.ts). Overdue and due-soon are computed
 * here for `asOf`, never stored (clock.ts).
 */

export const LEDGER_STATUSES = ['open', 'rectification_submitted', 'verified', 'closed', 'withdrawn'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const LEDGER_STATUS_LABELS: Readonly<Record<LedgerStatus, string>> = {
  open: '待整改',
  rectification_submitted: '整改待查验',
  verified: '已查验待销号',
  closed: '已销号',
  withdrawn: '已撤销',
};

export interface LedgerFilter {
  readonly statuses?: readonly LedgerStatus[];
  readonly category?: FindingCategory;
  readonly institutionId?: string;
  readonly regionCode?: string;
  /** The region and those below it (a principal's scope: projections/shared/region.ts). */
  readonly prefix?: RegionPrefix;
  readonly inspectionId?: string;
  /** Only the rows overdue, or due soon, as of the query's `asOf`. */
  readonly tracking?: 'overdue' | 'due_soon';
}

export interface LedgerRow extends RowClock {
  readonly findingId: string;
  readonly number: string;
  readonly inspectionId: string | null;
  readonly category: FindingCategory;
  readonly categoryLabel: string;
  readonly description: string;
  readonly institutionId: string;
  readonly institutionName: string | null;
  readonly regionCode: string;
  readonly classIds: string[];
  readonly applicationIds: string[];
  readonly paymentIds: string[];
  readonly amountInvolvedFen: number;
  readonly responsibleUnit: string;
  /** Masked name, role and pseudonym only. */
  readonly responsiblePerson: { maskedName: string; role: string | null; personRef: string | null } | null;
  readonly measuresRequired: string;
  readonly raisedBy: string;
  readonly raisedOn: string;
  readonly noticeOn: string;
  readonly deadlineWorkingDays: number;
  readonly deadlineOn: string;
  readonly extensionCount: number;
  readonly status: LedgerStatus;
  readonly statusLabel: string;
  readonly submissionCount: number;
  readonly lastSubmittedOn: string | null;
  readonly lastSubmittedOnTime: boolean | null;
  readonly measuresTaken: string | null;
  readonly rejectionCount: number;
  readonly lastRejectionReasons: string | null;
  readonly verificationConclusion: string | null;
  readonly verifiedBy: string | null;
  readonly verifiedOn: string | null;
  readonly closedBy: string | null;
  readonly closedOn: string | null;
  readonly withdrawnOn: string | null;
  readonly withdrawalReason: string | null;
  readonly sanctionCount: number;
  readonly lastSanctionStep: string | null;
  /** Asked back by recovery orders not withdrawn. */
  readonly amountOrderedFen: number;
  /** Recorded as recovered by the funds for this finding. */
  readonly amountRecoveredFen: number;
}

/** A query the ledger cannot answer as asked (bad page size or cursor), naming the field. */
export class LedgerQueryError extends Error {
  readonly code: string;
  readonly field: string;
  constructor(code: string, field: string, message: string) {
    super(message);
    this.name = 'LedgerQueryError';
    this.code = code;
    this.field = field;
  }
}

export const PAGE_SIZE_MAX = 500;

const SELECT = `SELECT f.*, i.name AS institution_name,
    coalesce((SELECT sum(o.ordered_fen) FROM ledger_recovery_order o WHERE o.finding_id = f.finding_id AND o.status = 'issued'), 0) AS ordered_fen,
    coalesce(r.recovered_fen, 0) AS recovered_fen
  FROM ledger_finding f
  LEFT JOIN ledger_institution i ON i.institution_id = f.institution_id
  LEFT JOIN ledger_finding_recovery r ON r.finding_id = f.finding_id`;

const RUNNING_SQL = `f.status IN (${RUNNING.map((s) => `'${s}'`).join(', ')})`;

/** WHERE clauses and their named parameters for a filter, as of a clock window. */
export function whereOf(filter: LedgerFilter, w: ClockWindow): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.statuses !== undefined) {
    const names = filter.statuses.map((s, i) => {
      params[`status${i}`] = s;
      return `@status${i}`;
    });
    clauses.push(names.length === 0 ? '0' : `f.status IN (${names.join(', ')})`);
  }
  const eq = (column: string, key: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`f.${column} = @${key}`);
    params[key] = value;
  };
  eq('category', 'category', filter.category);
  eq('institution_id', 'institutionId', filter.institutionId);
  eq('region_code', 'regionCode', filter.regionCode);
  eq('inspection_id', 'inspectionId', filter.inspectionId);
  if (filter.prefix !== undefined) {
    const range = regionRangeNamed('f.region_code', filter.prefix, 'region');
    clauses.push(range.sql);
    Object.assign(params, range.params);
  }
  if (filter.tracking === 'overdue') {
    clauses.push(`${RUNNING_SQL} AND f.deadline_on < @asOfDate`);
    params.asOfDate = w.asOfDate;
  } else if (filter.tracking === 'due_soon') {
    clauses.push(`${RUNNING_SQL} AND f.deadline_on >= @asOfDate AND f.deadline_on <= @dueSoonLast`);
    params.asOfDate = w.asOfDate;
    params.dueSoonLast = w.dueSoonLast;
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

type Raw = Record<string, string | number | null>;

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

type ClockOf = ReturnType<typeof rowClocks>;

function toRow(r: Raw, clockOf: ClockOf): LedgerRow {
  const status = String(r.status) as LedgerStatus;
  const category = String(r.category) as FindingCategory;
  const deadlineOn = String(r.deadline_on);
  const masked = str(r.responsible_person_masked);
  return {
    findingId: String(r.finding_id), number: String(r.number), inspectionId: str(r.inspection_id),
    category, categoryLabel: FINDING_CATEGORY_LABELS[category], description: String(r.description),
    institutionId: String(r.institution_id), institutionName: str(r.institution_name), regionCode: String(r.region_code),
    classIds: JSON.parse(String(r.class_ids)) as string[], applicationIds: JSON.parse(String(r.application_ids)) as string[], paymentIds: JSON.parse(String(r.payment_ids)) as string[],
    amountInvolvedFen: Number(r.amount_involved_fen), responsibleUnit: String(r.responsible_unit),
    responsiblePerson: masked === null ? null : { maskedName: masked, role: str(r.responsible_person_role), personRef: str(r.responsible_person_ref) },
    measuresRequired: String(r.measures_required), raisedBy: String(r.raised_by), raisedOn: String(r.raised_on), noticeOn: String(r.notice_on),
    deadlineWorkingDays: Number(r.deadline_working_days), deadlineOn, extensionCount: Number(r.extension_count),
    status, statusLabel: LEDGER_STATUS_LABELS[status],
    submissionCount: Number(r.submission_count), lastSubmittedOn: str(r.last_submitted_on),
    lastSubmittedOnTime: r.last_submitted_on_time === null ? null : r.last_submitted_on_time === 1, measuresTaken: str(r.measures_taken),
    rejectionCount: Number(r.rejection_count), lastRejectionReasons: str(r.last_rejection_reasons),
    verificationConclusion: str(r.verification_conclusion), verifiedBy: str(r.verified_by), verifiedOn: str(r.verified_on),
    closedBy: str(r.closed_by), closedOn: str(r.closed_on), withdrawnOn: str(r.withdrawn_on), withdrawalReason: str(r.withdrawal_reason),
    sanctionCount: Number(r.sanction_count), lastSanctionStep: str(r.last_sanction_step),
    amountOrderedFen: Number(r.ordered_fen), amountRecoveredFen: Number(r.recovered_fen),
    ...clockOf(status, deadlineOn),
  };
}

/** One finding's row, or undefined. */
export function ledgerRow(db: SqliteDatabase, findingId: string, o: AsOf): LedgerRow | undefined {
  const w = clockWindow(o);
  const r = db.prepare(`${SELECT} WHERE f.finding_id = ?`).get(findingId) as Raw | undefined;
  return r === undefined ? undefined : toRow(r, rowClocks(w, o.calendar));
}

export interface LedgerPageQuery extends AsOf {
  readonly filter?: LedgerFilter;
  /** 1..500, default 50. */
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly after?: string;
}

export interface LedgerPage {
  readonly asOf: string;
  readonly rows: LedgerRow[];
  /** Cursor of the next page; null on the last. */
  readonly next: string | null;
}

function encodeCursor(number: string, findingId: string): string {
  return Buffer.from(JSON.stringify([number, findingId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the typed error
  }
  throw new LedgerQueryError('ledger.invalid_cursor', 'after', 'not a cursor this ledger gave out');
}

/** A page of the ledger in register order (number, then finding id), keyset-paged. */
export function ledgerPage(db: SqliteDatabase, q: LedgerPageQuery): LedgerPage {
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX) throw new LedgerQueryError('ledger.invalid_limit', 'limit', `limit must be 1..${PAGE_SIZE_MAX}`);
  const w = clockWindow(q);
  const where = whereOf(q.filter ?? {}, w);
  let sql = where.sql;
  const params: Record<string, unknown> = { ...where.params, limit: limit + 1 };
  if (q.after !== undefined) {
    const [number, findingId] = decodeCursor(q.after);
    sql = `${sql ? `${sql} AND` : 'WHERE'} (f.number, f.finding_id) > (@afterNumber, @afterId)`;
    Object.assign(params, { afterNumber: number, afterId: findingId });
  }
  const raws = db.prepare(`${SELECT} ${sql} ORDER BY f.number, f.finding_id LIMIT @limit`).all(params) as Raw[];
  const clockOf = rowClocks(w, q.calendar);
  const rows = raws.slice(0, limit).map((r) => toRow(r, clockOf));
  const last = rows[rows.length - 1];
  return { asOf: q.asOf, rows, next: raws.length > limit && last ? encodeCursor(last.number, last.findingId) : null };
}

/** Every matching row in register order, one at a time (exports stream this; memory stays one row). */
export function* ledgerRows(db: SqliteDatabase, q: AsOf & { readonly filter?: LedgerFilter }): Generator<LedgerRow> {
  const w = clockWindow(q);
  const where = whereOf(q.filter ?? {}, w);
  const clockOf = rowClocks(w, q.calendar);
  for (const r of db.prepare(`${SELECT} ${where.sql} ORDER BY f.number, f.finding_id`).iterate(where.params)) yield toRow(r as Raw, clockOf);
}
