import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { regionRange, regionRangeNamed, type RegionPrefix } from '../shared/region.ts';

/**
 * The row of a timeline in force on `@asOf`, as the domain's fold reads it
 * (institutionStatusOn, valueOn): walk the rows in event order and stop at the first that
 * starts after the date; the last row before it holds. `@asOf` is bound by the caller.
 */
function inForce(table: string, code: string): string {
  return `(SELECT max(t.position) FROM ${table} t WHERE t.credit_code = ${code} AND t.position < coalesce(
    (SELECT min(x.position) FROM ${table} x WHERE x.credit_code = ${code} AND x.from_on > @asOf), 9223372036854775807))`;
}

/** A suspension ends by itself after its last day (listed again); before registration: unlisted. */
const STATUS_ON = `CASE WHEN s.status = 'suspended' AND s.until_on IS NOT NULL AND s.until_on < @asOf THEN 'listed' ELSE coalesce(s.status, 'unlisted') END`;

const ON_DATE = `SELECT i.*, ${STATUS_ON} AS status_on, o.occupations AS occupations_on, g.credit_grade AS grade_on
  FROM institution i
  LEFT JOIN institution_status s ON s.credit_code = i.credit_code AND s.position = ${inForce('institution_status', 'i.credit_code')}
  LEFT JOIN institution_occupations o ON o.credit_code = i.credit_code AND o.position = ${inForce('institution_occupations', 'i.credit_code')}
  LEFT JOIN institution_grade g ON g.credit_code = i.credit_code AND g.position = ${inForce('institution_grade', 'i.credit_code')}`;

export interface InstitutionOnDate {
  creditCode: string;
  licenceNumber: string;
  name: string;
  address: string;
  nature: string;
  regionCode: string;
  registeredOn: string;
  /** The date status, occupations and grade describe. */
  on: string;
  status: string;
  occupations: string[];
  creditGrade: string | null;
  /** Steps of the sanctions ladder ever recorded (interviews and notices included). */
  sanctions: number;
}

interface Row {
  credit_code: string;
  licence_number: string;
  name: string;
  address: string;
  nature: string;
  region_code: string;
  registered_on: string;
  sanctions: number;
  status_on: string;
  occupations_on: string | null;
  grade_on: string | null;
}

const onDate = (asOf: string) => (r: Row): InstitutionOnDate => ({
  creditCode: r.credit_code,
  licenceNumber: r.licence_number,
  name: r.name,
  address: r.address,
  nature: r.nature,
  regionCode: r.region_code,
  registeredOn: r.registered_on,
  on: asOf,
  status: r.status_on,
  occupations: r.occupations_on === null ? [] : (JSON.parse(r.occupations_on) as string[]),
  creditGrade: r.grade_on,
  sanctions: r.sanctions,
});

export interface InstitutionListQuery {
  prefix: RegionPrefix;
  asOf: string;
  statuses?: readonly string[];
  /** Approved to train this occupation on the date. */
  occupationCode?: string;
  creditGrade?: string;
  cursor?: string;
  limit?: number;
}

/** Institutions in the region prefix as they stand on `asOf`, by credit code, a page at a time. */
export function listInstitutions(db: SqliteDatabase, q: InstitutionListQuery): Page<InstitutionOnDate> {
  const limit = pageSize(q.limit);
  const region = regionRangeNamed('i.region_code', q.prefix, 'region');
  const named: Record<string, string | number> = { asOf: q.asOf, limit: limit + 1, ...region.params };
  const inner = [region.sql];
  const outer = ['1 = 1'];
  if (q.cursor !== undefined) inner.push('i.credit_code > @after'), (named.after = String(decodeCursor(q.cursor, ['string'])[0]));
  if (q.statuses !== undefined) {
    outer.push(`status_on IN (${q.statuses.map((_, i) => `@s${i}`).join(', ') || 'NULL'})`);
    q.statuses.forEach((s, i) => (named[`s${i}`] = s));
  }
  if (q.occupationCode !== undefined) outer.push('EXISTS (SELECT 1 FROM json_each(occupations_on) WHERE value = @occupation)'), (named.occupation = q.occupationCode);
  if (q.creditGrade !== undefined) outer.push('grade_on = @grade'), (named.grade = q.creditGrade);
  const sql = `SELECT * FROM (${ON_DATE} WHERE ${inner.join(' AND ')}) WHERE ${outer.join(' AND ')} ORDER BY credit_code LIMIT @limit`;
  const rows = db.prepare(sql).all(named) as Row[];
  return toPage(rows, limit, (r) => [r.credit_code], onDate(q.asOf));
}

export function institutionOnDate(db: SqliteDatabase, creditCode: string, asOf: string): InstitutionOnDate | undefined {
  const row = db.prepare(`${ON_DATE} WHERE i.credit_code = @code`).get({ code: creditCode, asOf }) as Row | undefined;
  return row && onDate(asOf)(row);
}

export interface SanctionEntry {
  creditCode: string;
  institutionName: string;
  regionCode: string;
  step: string;
  on: string;
  reason: string;
  reference: string | null;
  deadline: string | null;
  until: string | null;
  eventId: string;
  position: number;
  actor: { id: string; role: string };
}

interface SanctionRow {
  credit_code: string;
  name: string;
  region_code: string;
  step: string;
  on_date: string;
  reason: string;
  reference: string | null;
  deadline: string | null;
  until_on: string | null;
  event_id: string;
  position: number;
  actor_id: string;
  actor_role: string;
}

const sanction = (r: SanctionRow): SanctionEntry => ({
  creditCode: r.credit_code,
  institutionName: r.name,
  regionCode: r.region_code,
  step: r.step,
  on: r.on_date,
  reason: r.reason,
  reference: r.reference,
  deadline: r.deadline,
  until: r.until_on,
  eventId: r.event_id,
  position: r.position,
  actor: { id: r.actor_id, role: r.actor_role },
});

const SANCTIONS = 'SELECT s.*, i.name FROM institution_sanction s JOIN institution i ON i.credit_code = s.credit_code';

export interface SanctionListQuery {
  prefix: RegionPrefix;
  creditCode?: string;
  steps?: readonly string[];
  /** Effective on or after / on or before. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** Steps of the sanctions ladder by effective date (then event order), across institutions in the prefix. */
export function listSanctions(db: SqliteDatabase, q: SanctionListQuery): Page<SanctionEntry> {
  const limit = pageSize(q.limit);
  const region = regionRange('s.region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.creditCode !== undefined) add('s.credit_code = ?', q.creditCode);
  if (q.steps !== undefined) add(`s.step IN (${q.steps.map(() => '?').join(', ') || 'NULL'})`, ...q.steps);
  if (q.from !== undefined) add('s.on_date >= ?', q.from);
  if (q.to !== undefined) add('s.on_date <= ?', q.to);
  if (q.cursor !== undefined) {
    const [on, position] = decodeCursor(q.cursor, ['string', 'number']);
    add('(s.on_date, s.position) > (?, ?)', String(on), Number(position));
  }
  const rows = db.prepare(`${SANCTIONS} WHERE ${where.join(' AND ')} ORDER BY s.on_date, s.position LIMIT ?`).all(...params, limit + 1) as SanctionRow[];
  return toPage(rows, limit, (r) => [r.on_date, r.position], sanction);
}

/** The region an institution is registered in; undefined when it is not. */
export function institutionRegionOf(db: SqliteDatabase, creditCode: string): string | undefined {
  return db.prepare('SELECT region_code FROM institution WHERE credit_code = ?').pluck().get(creditCode) as string | undefined;
}
