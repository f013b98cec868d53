import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { personInRegionSql } from '../shared/placement.ts';
import { regionRange, type RegionPrefix } from '../shared/region.ts';

export const APPLICATION_STATUSES = [
  'submitted',
  'initial_review_passed',
  'final_review_passed',
  'in_publicity',
  'approved',
  'payment_instructed',
  'paid',
  'bounced',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatusName = (typeof APPLICATION_STATUSES)[number];

export interface ApplicationSummary {
  applicationId: string;
  subsidyKind: string;
  applicantKind: string;
  personRef: string;
  institutionId: string | null;
  classId: string | null;
  projectId: string | null;
  occupationCode: string;
  level: string;
  quotaYear: number;
  amountFen: number;
  submittedOn: string;
  regionCode: string | null;
  status: ApplicationStatusName;
  statusSinceOn: string;
  initialReviewerId: string | null;
  finalReviewerId: string | null;
  publicity: { startOn: string; endOn: string } | null;
  objectionsOpen: number;
  objectionsRaised: number;
  rejection: { stage: string; reasonCode: string } | null;
  /** The reason of a rejection or withdrawal. */
  reasonCode: string | null;
  fundId: string | null;
  payments: number;
  paidFen: number;
  recoveredFen: number;
  lastPosition: number;
}

interface Row {
  application_id: string;
  subsidy_kind: string;
  applicant_kind: string;
  person_ref: string;
  institution_id: string | null;
  class_id: string | null;
  project_id: string | null;
  occupation_code: string;
  level: string;
  quota_year: number;
  amount_fen: number;
  submitted_on: string;
  region_code: string | null;
  status: ApplicationStatusName;
  status_since_on: string;
  initial_reviewer_id: string | null;
  final_reviewer_id: string | null;
  publicity_start_on: string | null;
  publicity_end_on: string | null;
  objections_open: number;
  objections_raised: number;
  rejection_stage: string | null;
  reason_code: string | null;
  fund_id: string | null;
  payments: number;
  paid_fen: number;
  recovered_fen: number;
  last_position: number;
}

function summary(r: Row): ApplicationSummary {
  return {
    applicationId: r.application_id,
    subsidyKind: r.subsidy_kind,
    applicantKind: r.applicant_kind,
    personRef: r.person_ref,
    institutionId: r.institution_id,
    classId: r.class_id,
    projectId: r.project_id,
    occupationCode: r.occupation_code,
    level: r.level,
    quotaYear: r.quota_year,
    amountFen: r.amount_fen,
    submittedOn: r.submitted_on,
    regionCode: r.region_code,
    status: r.status,
    statusSinceOn: r.status_since_on,
    initialReviewerId: r.initial_reviewer_id,
    finalReviewerId: r.final_reviewer_id,
    publicity: r.publicity_start_on !== null && r.publicity_end_on !== null ? { startOn: r.publicity_start_on, endOn: r.publicity_end_on } : null,
    objectionsOpen: r.objections_open,
    objectionsRaised: r.objections_raised,
    rejection: r.rejection_stage !== null && r.reason_code !== null ? { stage: r.rejection_stage, reasonCode: r.reason_code } : null,
    reasonCode: r.reason_code,
    fundId: r.fund_id,
    payments: r.payments,
    paidFen: r.paid_fen,
    recoveredFen: r.recovered_fen,
    lastPosition: r.last_position,
  };
}

export interface ApplicationFilter {
  /** Region scope (and any region asked for), see region.ts. */
  prefix: RegionPrefix;
  statuses?: readonly ApplicationStatusName[];
  institutionId?: string;
  subsidyKind?: string;
  personRef?: string;
  quotaYear?: number;
  /** Submitted on or after / on or before (business dates). */
  from?: string;
  to?: string;
  /** The current status began on or before this date (review deadlines: see the route). */
  statusSinceOnOrBefore?: string;
}

export interface ApplicationListQuery extends ApplicationFilter {
  cursor?: string;
  limit?: number;
}

/**
 * An application lies in a region by its institution, or, without one, by its person's
 * classes (placement.ts). Either way the condition is in the WHERE, so a page holds only
 * records in scope.
 */
function whereOf(f: ApplicationFilter): { sql: string; params: (string | number)[] } {
  const region = regionRange('a.region_code', f.prefix);
  const person = personInRegionSql('a.person_ref', f.prefix);
  const where = f.prefix === undefined ? ['1 = 1'] : [`(${region.sql} OR (a.region_code IS NULL AND ${person.sql}))`];
  const params: (string | number)[] = f.prefix === undefined ? [] : [...region.params, ...person.params];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.statuses !== undefined) add(`a.status IN (${f.statuses.map(() => '?').join(', ') || 'NULL'})`, ...f.statuses);
  if (f.institutionId !== undefined) add('a.institution_id = ?', f.institutionId);
  if (f.subsidyKind !== undefined) add('a.subsidy_kind = ?', f.subsidyKind);
  if (f.personRef !== undefined) add('a.person_ref = ?', f.personRef);
  if (f.quotaYear !== undefined) add('a.quota_year = ?', f.quotaYear);
  if (f.from !== undefined) add('a.submitted_on >= ?', f.from);
  if (f.to !== undefined) add('a.submitted_on <= ?', f.to);
  if (f.statusSinceOnOrBefore !== undefined) add('a.status_since_on <= ?', f.statusSinceOnOrBefore);
  return { sql: where.join(' AND '), params };
}

/** Applications matching the filter, by submission date then id, a page at a time. */
export function listApplications(db: SqliteDatabase, q: ApplicationListQuery): Page<ApplicationSummary> {
  const limit = pageSize(q.limit);
  const { sql, params } = whereOf(q);
  let after = '';
  if (q.cursor !== undefined) {
    const [on, id] = decodeCursor(q.cursor, ['string', 'string']);
    after = ' AND (a.submitted_on, a.application_id) > (?, ?)';
    params.push(String(on), String(id));
  }
  const rows = db.prepare(`SELECT a.* FROM application a WHERE ${sql}${after} ORDER BY a.submitted_on, a.application_id LIMIT ?`).all(...params, limit + 1) as Row[];
  return toPage(rows, limit, (r) => [r.submitted_on, r.application_id], summary);
}

/** How many applications matching the filter are in each status (statuses with none left out). */
export function countApplicationsByStatus(db: SqliteDatabase, f: ApplicationFilter): { status: ApplicationStatusName; applications: number; amountFen: number }[] {
  const { sql, params } = whereOf(f);
  return db.prepare(`SELECT a.status AS status, count(*) AS applications, sum(a.amount_fen) AS amountFen FROM application a WHERE ${sql} GROUP BY a.status ORDER BY a.status`).all(...params) as {
    status: ApplicationStatusName;
    applications: number;
    amountFen: number;
  }[];
}

export function applicationSummary(db: SqliteDatabase, applicationId: string): ApplicationSummary | undefined {
  const row = db.prepare('SELECT * FROM application WHERE application_id = ?').get(applicationId) as Row | undefined;
  return row && summary(row);
}
