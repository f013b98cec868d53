import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { regionRange, type RegionPrefix } from '../shared/region.ts';

/** One line of a publicity list, as published: nothing that identifies the person beyond a masked name. */
export interface PublicityEntry {
  applicationId: string;
  /** 张*, as the trainee's record holds it; null if no record was found. */
  maskedName: string | null;
  subsidyKind: string;
  occupationCode: string;
  occupationName: string | null;
  level: string;
  amountFen: number;
  institutionName: string | null;
  regionCode: string | null;
  startOn: string;
  endOn: string;
  workingDays: number;
  /** An objection has been raised and not yet resolved. */
  underObjection: boolean;
}

interface Row {
  application_id: string;
  masked_name: string | null;
  subsidy_kind: string;
  occupation_code: string;
  occupation_name: string | null;
  level: string;
  amount_fen: number;
  institution_name: string | null;
  region_code: string | null;
  start_on: string;
  end_on: string;
  working_days: number;
  objections_open: number;
}

const entry = (r: Row): PublicityEntry => ({
  applicationId: r.application_id,
  maskedName: r.masked_name,
  subsidyKind: r.subsidy_kind,
  occupationCode: r.occupation_code,
  occupationName: r.occupation_name,
  level: r.level,
  amountFen: r.amount_fen,
  institutionName: r.institution_name,
  regionCode: r.region_code,
  startOn: r.start_on,
  endOn: r.end_on,
  workingDays: r.working_days,
  underObjection: r.objections_open > 0,
});

/** Column list chosen here, never `*`: person_ref stays inside the read model. */
const SELECT = `SELECT a.application_id, t.masked_name, a.subsidy_kind, a.occupation_code, o.occupation_name, a.level, a.amount_fen,
    i.name AS institution_name, a.region_code, a.start_on, a.end_on, a.working_days, a.objections_open
  FROM pub_application a
  LEFT JOIN pub_trainee t ON t.person_ref = a.person_ref
  LEFT JOIN pub_institution i ON i.institution_id = a.institution_id
  LEFT JOIN pub_occupation o ON o.occupation_code = a.occupation_code`;

export interface PublicityListQuery {
  /** The list on this date: publicity started on or before it and ending on or after it. */
  asOf: string;
  /** A region asked for (its prefix, see region.ts); undefined: everywhere. */
  prefix: RegionPrefix;
  institutionId?: string;
  cursor?: string;
  limit?: number;
}

/** The applications on public display on `asOf`, by start date then id, a page at a time. */
export function publicityList(db: SqliteDatabase, q: PublicityListQuery): Page<PublicityEntry> {
  const limit = pageSize(q.limit);
  const region = regionRange('a.region_code', q.prefix);
  const where = ['a.end_on >= ? AND a.start_on <= ? AND a.withdrawn = 0', region.sql];
  const params: (string | number)[] = [q.asOf, q.asOf, ...region.params];
  if (q.institutionId !== undefined) where.push('a.institution_id = ?'), params.push(q.institutionId);
  if (q.cursor !== undefined) {
    const [on, id] = decodeCursor(q.cursor, ['string', 'string']);
    where.push('(a.start_on, a.application_id) > (?, ?)');
    params.push(String(on), String(id));
  }
  const rows = db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY a.start_on, a.application_id LIMIT ?`).all(...params, limit + 1) as Row[];
  return toPage(rows, limit, (r) => [r.start_on, r.application_id], entry);
}
