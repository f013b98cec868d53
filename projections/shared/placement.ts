import { fileURLToPath } from 'node:url';
import type { ClassEventSchemas } from '../../src/domain/class/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { DigestTable, EventHandlers } from '../../src/projections/definition.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { regionRange, type RegionPrefix } from './region.ts';
import { idOfStream } from './streams.ts';

/**
 * Where records without a region of their own lie, kept inside each read model that
 * needs it (each projection is one file, built alone). The app's rules, mirrored
 * (src/app/services/applications-context.ts and trainees.ts):
 *
 * - an institution lies in its registration's region, else in the area its credit code
 *   names (GB 32100 characters 3–8);
 * - a class lies where its institution does;
 * - a person lies in the regions of the classes APPROVED (and not refused) whose roster
 *   holds them; a request alone places no one, since any registrar may list anyone on a
 *   request (src/app/services/classes-enrolment-index.ts); a person on no approved roster
 *   is seen only by principals without a region.
 *
 * A projection that keeps these tables lists PLACEMENT_INCLUDE in its includes (the
 * runtime creates them from placement.sql), PLACEMENT_EVENT_TYPES in its event types and
 * PLACEMENT_DIGEST in its digest.
 */
export const PLACEMENT_INCLUDE = fileURLToPath(new URL('./placement.sql', import.meta.url));

export const PLACEMENT_EVENT_TYPES = ['InstitutionRegistered', 'ClassOpeningRequested', 'ClassOpeningApproved', 'ClassOpeningRefused'] as const;

export const PLACEMENT_DIGEST: readonly DigestTable[] = [
  { table: 'pl_institution', key: ['institution_id'] },
  { table: 'pl_class', key: ['class_id'] },
  { table: 'pl_roster', key: ['person_ref', 'class_id'] },
];

type PlacementHandlers = Pick<EventHandlers<typeof InstitutionEventSchemas & typeof ClassEventSchemas>, (typeof PLACEMENT_EVENT_TYPES)[number]>;

export interface Placement {
  handlers: PlacementHandlers;
  /** The region an institution lies in (see above). */
  institutionRegion(institutionId: string): string;
}

export function preparePlacement(db: SqliteDatabase): Placement {
  const institution = db.prepare('INSERT INTO pl_institution (institution_id, region_code) VALUES (?, ?)');
  const regionOf = db.prepare('SELECT region_code FROM pl_institution WHERE institution_id = ?').pluck();
  const cls = db.prepare('INSERT INTO pl_class (class_id, institution_id, region_code, approved, refused) VALUES (?, ?, ?, 0, 0)');
  const roster = db.prepare('INSERT OR IGNORE INTO pl_roster (person_ref, class_id) VALUES (?, ?)');
  const approve = db.prepare('UPDATE pl_class SET approved = 1 WHERE class_id = ?');
  const refuse = db.prepare('UPDATE pl_class SET refused = 1 WHERE class_id = ?');
  const institutionRegion = (institutionId: string): string => (regionOf.get(institutionId) as string | undefined) ?? institutionId.slice(2, 8);
  return {
    institutionRegion,
    handlers: {
      InstitutionRegistered: (d) => void institution.run(d.creditCode, d.regionCode),
      ClassOpeningRequested: (d) => {
        cls.run(d.classId, d.institutionId, institutionRegion(d.institutionId));
        for (const ref of d.roster) roster.run(ref, d.classId);
      },
      ClassOpeningApproved: (_d, e) => {
        if (approve.run(idOfStream('class', e.stream)).changes !== 1) throw new Error(`approval of a class never requested: ${e.stream}`);
      },
      ClassOpeningRefused: (_d, e) => {
        if (refuse.run(idOfStream('class', e.stream)).changes !== 1) throw new Error(`refusal of a class never requested: ${e.stream}`);
      },
    },
  };
}

/**
 * An SQL condition: the person in `personColumn` lies in the region prefix (see
 * region.ts), i.e. some class approved and not refused with them on its roster lies there.
 */
export function personInRegionSql(personColumn: string, prefix: RegionPrefix): { sql: string; params: string[] } {
  const range = regionRange('c.region_code', prefix);
  return {
    sql: `EXISTS (SELECT 1 FROM pl_roster r JOIN pl_class c ON c.class_id = r.class_id WHERE r.person_ref = ${personColumn} AND c.approved = 1 AND c.refused = 0 AND ${range.sql})`,
    params: range.params,
  };
}

/** Whether a person lies in the region prefix (always, for the whole system). */
export function personInRegion(db: SqliteDatabase, personRef: string, prefix: RegionPrefix): boolean {
  if (prefix === undefined) return true;
  const cond = personInRegionSql('?', prefix);
  return db.prepare(`SELECT ${cond.sql}`).pluck().get(personRef, ...cond.params) === 1;
}
