import { businessDateOf, toDayNumber } from '../../src/domain/calendar/business-date.ts';
import { CalendarError } from '../../src/domain/calendar/errors.ts';
import { FINDING_CATEGORY_LABELS, type FindingCategory } from '../../src/domain/finding/categories.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { regionRangeNamed, type RegionPrefix } from '../shared/region.ts';
import type { AsOf } from './clock.ts';
import { LedgerQueryError, PAGE_SIZE_MAX } from './queries.ts';
import { exactFen, summing } from '../shared/exact-fen.ts';

/**
 * 公开: the public disclosure of inspection results. Every completed inspection is listed
 * with its publication deadline (20 working days after its end, computed by the domain)
 * and whether its results were published, are still within the deadline, or are overdue
 * as of `asOf` (a deadline ends at 24:00 of its last day). The results themselves (how
 * many findings, of which categories, how much money involved) are shown only once
 * published: publishing is an act of the office, not of this read model.
 *
 * Nothing personal is ever answered: no responsible person, no description or measure
 * (free text), no inspector, no stated basis. Withdrawn findings are not results.
 */

export const PUBLICATION_STATUSES = ['published', 'pending', 'overdue'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export interface DisclosureFilter {
  readonly prefix?: RegionPrefix;
  readonly institutionId?: string;
  readonly publication?: PublicationStatus;
}

export interface CategoryResult {
  readonly category: FindingCategory;
  readonly categoryLabel: string;
  readonly findings: number;
  readonly amountInvolvedFen: number;
}

export interface InspectionDisclosure {
  readonly inspectionId: string;
  readonly basisKind: 'draw' | 'special';
  readonly institutionId: string;
  readonly institutionName: string | null;
  readonly regionCode: string;
  readonly matterCodes: string[];
  readonly startedOn: string;
  readonly endedOn: string;
  readonly publicationDueOn: string;
  readonly publication: {
    readonly status: PublicationStatus;
    readonly publishedOn: string | null;
    readonly publicationRef: string | null;
    readonly onTime: boolean | null;
    /** Calendar days past the deadline, unpublished (0 otherwise). */
    readonly daysOverdue: number;
    /** Working days after today until the deadline, unpublished and not overdue; null otherwise or beyond the calendar. */
    readonly workingDaysLeft: number | null;
  };
  /** Null until published. */
  readonly results: { readonly subjectsWithFindings: number; readonly findings: number; readonly amountInvolvedFen: number; readonly byCategory: CategoryResult[] } | null;
}

export interface DisclosurePage {
  readonly asOf: string;
  readonly rows: InspectionDisclosure[];
  readonly next: string | null;
}

type Raw = Record<string, string | number | null>;

const STATUS_SQL: Readonly<Record<PublicationStatus, string>> = {
  published: 'd.published_on IS NOT NULL',
  pending: 'd.published_on IS NULL AND d.publication_due_on >= @asOfDate',
  overdue: 'd.published_on IS NULL AND d.publication_due_on < @asOfDate',
};

function whereOf(filter: DisclosureFilter, asOfDate: string): { clauses: string[]; params: Record<string, unknown> } {
  const clauses = ['d.ended_on IS NOT NULL'];
  const params: Record<string, unknown> = { asOfDate };
  if (filter.prefix !== undefined) {
    const range = regionRangeNamed('d.region_code', filter.prefix, 'region');
    clauses.push(range.sql);
    Object.assign(params, range.params);
  }
  if (filter.institutionId !== undefined) {
    clauses.push('d.institution_id = @institutionId');
    params.institutionId = filter.institutionId;
  }
  if (filter.publication !== undefined) clauses.push(STATUS_SQL[filter.publication]);
  return { clauses, params };
}

function resultsOf(db: SqliteDatabase, inspectionId: string, subjectsWithFindings: number): NonNullable<InspectionDisclosure['results']> {
  const what = `the amount involved in inspection ${inspectionId}'s findings`;
  const groups = summing(what, () =>
    db
      .prepare(`SELECT category, count(*) AS n, sum(amount_involved_fen) AS fen FROM ledger_finding
      WHERE inspection_id = ? AND status <> 'withdrawn' GROUP BY category ORDER BY category`)
      .all(inspectionId) as { category: FindingCategory; n: number; fen: number }[],
  );
  const byCategory = groups.map((g) => ({ category: g.category, categoryLabel: FINDING_CATEGORY_LABELS[g.category], findings: g.n, amountInvolvedFen: exactFen(g.fen, what) }));
  return {
    subjectsWithFindings,
    findings: byCategory.reduce((n, g) => n + g.findings, 0),
    amountInvolvedFen: exactFen(byCategory.reduce((n, g) => n + g.amountInvolvedFen, 0), what),
    byCategory,
  };
}

function toDisclosure(db: SqliteDatabase, r: Raw, asOfDate: string, o: AsOf): InspectionDisclosure {
  const due = String(r.publication_due_on);
  const publishedOn = r.published_on === null ? null : String(r.published_on);
  const status: PublicationStatus = publishedOn !== null ? 'published' : asOfDate > due ? 'overdue' : 'pending';
  let workingDaysLeft: number | null = null;
  if (status === 'pending') {
    try {
      workingDaysLeft = o.calendar.workingDaysBetween(asOfDate, due);
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
    }
  }
  return {
    inspectionId: String(r.inspection_id),
    basisKind: r.basis_kind === 'draw' ? 'draw' : 'special',
    institutionId: String(r.institution_id),
    institutionName: r.institution_name === null ? null : String(r.institution_name),
    regionCode: String(r.region_code),
    matterCodes: JSON.parse(String(r.matter_codes)) as string[],
    startedOn: String(r.started_on),
    endedOn: String(r.ended_on),
    publicationDueOn: due,
    publication: {
      status,
      publishedOn,
      publicationRef: r.publication_ref === null ? null : String(r.publication_ref),
      onTime: r.published_on_time === null ? null : r.published_on_time === 1,
      daysOverdue: status === 'overdue' ? toDayNumber(asOfDate) - toDayNumber(due) : 0,
      workingDaysLeft,
    },
    results: publishedOn === null ? null : resultsOf(db, String(r.inspection_id), Number(r.subjects_with_findings)),
  };
}

const SELECT = `SELECT d.*, i.name AS institution_name FROM disclosure_inspection d LEFT JOIN ledger_institution i ON i.institution_id = d.institution_id`;

function encodeCursor(endedOn: string, id: string): string {
  return Buffer.from(JSON.stringify([endedOn, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the typed error
  }
  throw new LedgerQueryError('disclosure.invalid_cursor', 'cursor', 'not a cursor this list gave out');
}

/** Completed inspections, the latest ended first, keyset-paged. */
export function disclosurePage(db: SqliteDatabase, q: AsOf & { readonly filter?: DisclosureFilter; readonly limit?: number; readonly after?: string }): DisclosurePage {
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE_MAX) throw new LedgerQueryError('disclosure.invalid_limit', 'limit', `limit must be 1..${PAGE_SIZE_MAX}`);
  const asOfDate = businessDateOf(q.asOf);
  const { clauses, params } = whereOf(q.filter ?? {}, asOfDate);
  if (q.after !== undefined) {
    const [endedOn, id] = decodeCursor(q.after);
    clauses.push('(d.ended_on, d.inspection_id) < (@afterEnded, @afterId)');
    Object.assign(params, { afterEnded: endedOn, afterId: id });
  }
  const raws = db.prepare(`${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY d.ended_on DESC, d.inspection_id DESC LIMIT @limit`).all({ ...params, limit: limit + 1 }) as Raw[];
  const rows = raws.slice(0, limit).map((r) => toDisclosure(db, r, asOfDate, q));
  const last = rows[rows.length - 1];
  return { asOf: q.asOf, rows, next: raws.length > limit && last ? encodeCursor(last.endedOn, last.inspectionId) : null };
}

export interface PublicationCounts {
  readonly completed: number;
  readonly published: number;
  readonly publishedLate: number;
  readonly pending: number;
  readonly overdue: number;
}

/** How publication stands for the completed inspections in scope, as of `asOf`. */
export function publicationCounts(db: SqliteDatabase, q: AsOf & { readonly filter?: Omit<DisclosureFilter, 'publication'> }): PublicationCounts {
  const asOfDate = businessDateOf(q.asOf);
  const { clauses, params } = whereOf(q.filter ?? {}, asOfDate);
  const r = db
    .prepare(`SELECT count(*) AS completed, coalesce(sum(${STATUS_SQL.published}), 0) AS published,
        coalesce(sum(d.published_on_time = 0), 0) AS late,
        coalesce(sum(${STATUS_SQL.pending}), 0) AS pending, coalesce(sum(${STATUS_SQL.overdue}), 0) AS overdue
      FROM disclosure_inspection d WHERE ${clauses.join(' AND ')}`)
    .get(params) as Record<string, number>;
  return { completed: Number(r.completed), published: Number(r.published), publishedLate: Number(r.late), pending: Number(r.pending), overdue: Number(r.overdue) };
}
