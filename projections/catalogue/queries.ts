import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';

export interface ProjectOnDate {
  catalogueId: string;
  projectId: string;
  occupationCode: string;
  level: string;
  firstDay: string;
  lastDay: string | null;
  retired: boolean;
  /** The terms in force on the date asked; null when the project is not in force then. */
  inForce: { effectiveFrom: string; occupationName: string; standardHours: number; rateFen: number; source: string } | null;
  versions: number;
}

interface Row {
  catalogue_id: string;
  project_id: string;
  occupation_code: string;
  level: string;
  first_day: string;
  last_day: string | null;
  retired: number;
  versions: number;
  effective_from: string | null;
  occupation_name: string | null;
  standard_hours: number | null;
  rate_fen: number | null;
  source: string | null;
}

/**
 * A project is in force from its first day to its last (inclusive); the terms are the
 * last version, in event order, before the first that starts after the date (termsOn).
 */
const ON_DATE = `SELECT p.catalogue_id, p.project_id, p.occupation_code, p.level, p.first_day, p.last_day, p.retired,
    (SELECT count(*) FROM project_terms c WHERE c.catalogue_id = p.catalogue_id AND c.project_id = p.project_id) AS versions,
    t.effective_from, t.occupation_name, t.standard_hours, t.rate_fen, t.source
  FROM project p
  LEFT JOIN project_terms t ON @asOf >= p.first_day AND (p.last_day IS NULL OR @asOf <= p.last_day)
    AND t.catalogue_id = p.catalogue_id AND t.project_id = p.project_id
    AND t.position = (SELECT max(v.position) FROM project_terms v WHERE v.catalogue_id = p.catalogue_id AND v.project_id = p.project_id
      AND v.position < coalesce((SELECT min(x.position) FROM project_terms x WHERE x.catalogue_id = p.catalogue_id AND x.project_id = p.project_id AND x.effective_from > @asOf), 9223372036854775807))`;

const view = (r: Row): ProjectOnDate => ({
  catalogueId: r.catalogue_id,
  projectId: r.project_id,
  occupationCode: r.occupation_code,
  level: r.level,
  firstDay: r.first_day,
  lastDay: r.last_day,
  retired: r.retired === 1,
  inForce:
    r.effective_from === null || r.occupation_name === null || r.standard_hours === null || r.rate_fen === null || r.source === null
      ? null
      : { effectiveFrom: r.effective_from, occupationName: r.occupation_name, standardHours: r.standard_hours, rateFen: r.rate_fen, source: r.source },
  versions: r.versions,
});

export interface ProjectListQuery {
  asOf: string;
  catalogueId?: string;
  occupationCode?: string;
  level?: string;
  /** Only projects in force on `asOf` (default), or every project ever catalogued. */
  inForceOnly?: boolean;
  cursor?: string;
  limit?: number;
}

/** Catalogued projects by catalogue and project id, with their terms on `asOf`, a page at a time. */
export function listProjects(db: SqliteDatabase, q: ProjectListQuery): Page<ProjectOnDate> {
  const limit = pageSize(q.limit);
  const where = ['1 = 1'];
  const named: Record<string, string | number> = { asOf: q.asOf, limit: limit + 1 };
  if (q.catalogueId !== undefined) where.push('catalogue_id = @catalogue'), (named.catalogue = q.catalogueId);
  if (q.occupationCode !== undefined) where.push('occupation_code = @occupation'), (named.occupation = q.occupationCode);
  if (q.level !== undefined) where.push('level = @level'), (named.level = q.level);
  if (q.inForceOnly ?? true) where.push('effective_from IS NOT NULL');
  if (q.cursor !== undefined) {
    const [c, p] = decodeCursor(q.cursor, ['string', 'string']);
    where.push('(catalogue_id, project_id) > (@afterCatalogue, @afterProject)');
    named.afterCatalogue = String(c);
    named.afterProject = String(p);
  }
  const rows = db.prepare(`SELECT * FROM (${ON_DATE}) WHERE ${where.join(' AND ')} ORDER BY catalogue_id, project_id LIMIT @limit`).all(named) as Row[];
  return toPage(rows, limit, (r) => [r.catalogue_id, r.project_id], view);
}
