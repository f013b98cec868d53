import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { decodeCursor, pageSize, toPage, type Page } from '../shared/paging.ts';
import { regionRange, type RegionPrefix } from '../shared/region.ts';

export interface ClassSummary {
  classId: string;
  institutionId: string;
  regionCode: string;
  projectId: string;
  occupationCode: string;
  level: string;
  standardHours: number;
  plannedHours: number;
  startOn: string;
  endOn: string;
  requestedOn: string;
  status: string;
  decidedOn: string | null;
  reviewerId: string | null;
  refusalReason: string | null;
  completedOn: string | null;
  rosterSize: number;
  teachers: number;
  attendance: {
    sessions: number;
    sessionHours: number;
    checkIns: number;
    checkInsPassed: number;
    checkInsByFace: number;
    /** Trainee-hours checked in (each passed check-in counts its session's hours). */
    attendedHours: number;
  };
  completion: { trainees: number; hours: number } | null;
  assessment: { lastAssessedOn: string; assessed: number; passed: number } | null;
  lastPosition: number;
}

interface Row {
  class_id: string;
  institution_id: string;
  region_code: string;
  project_id: string;
  occupation_code: string;
  level: string;
  standard_hours: number;
  planned_hours: number;
  start_on: string;
  end_on: string;
  requested_on: string;
  roster_size: number;
  teachers: number;
  status: string;
  decided_on: string | null;
  reviewer_id: string | null;
  refusal_reason: string | null;
  completed_on: string | null;
  sessions: number;
  session_hours: number;
  check_ins: number;
  check_ins_passed: number;
  check_ins_by_face: number;
  attended_hours: number;
  completed_trainees: number;
  completed_hours: number;
  last_assessed_on: string | null;
  assessed: number;
  passed: number;
  last_position: number;
}

function summary(r: Row): ClassSummary {
  return {
    classId: r.class_id,
    institutionId: r.institution_id,
    regionCode: r.region_code,
    projectId: r.project_id,
    occupationCode: r.occupation_code,
    level: r.level,
    standardHours: r.standard_hours,
    plannedHours: r.planned_hours,
    startOn: r.start_on,
    endOn: r.end_on,
    requestedOn: r.requested_on,
    status: r.status,
    decidedOn: r.decided_on,
    reviewerId: r.reviewer_id,
    refusalReason: r.refusal_reason,
    completedOn: r.completed_on,
    rosterSize: r.roster_size,
    teachers: r.teachers,
    attendance: {
      sessions: r.sessions,
      sessionHours: r.session_hours,
      checkIns: r.check_ins,
      checkInsPassed: r.check_ins_passed,
      checkInsByFace: r.check_ins_by_face,
      attendedHours: r.attended_hours,
    },
    completion: r.completed_on === null ? null : { trainees: r.completed_trainees, hours: r.completed_hours },
    assessment: r.last_assessed_on === null ? null : { lastAssessedOn: r.last_assessed_on, assessed: r.assessed, passed: r.passed },
    lastPosition: r.last_position,
  };
}

export interface ClassListQuery {
  prefix: RegionPrefix;
  institutionId?: string;
  statuses?: readonly string[];
  occupationCode?: string;
  /** Starting on or after / on or before. */
  from?: string;
  to?: string;
  /** Running on this date (start ≤ date ≤ end). */
  runningOn?: string;
  cursor?: string;
  limit?: number;
}

/** Classes in the region prefix, by start date then id, a page at a time. */
export function listClasses(db: SqliteDatabase, q: ClassListQuery): Page<ClassSummary> {
  const limit = pageSize(q.limit);
  const region = regionRange('region_code', q.prefix);
  const where = [region.sql];
  const params: (string | number)[] = [...region.params];
  const add = (sql: string, ...values: (string | number)[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (q.institutionId !== undefined) add('institution_id = ?', q.institutionId);
  if (q.statuses !== undefined) add(`status IN (${q.statuses.map(() => '?').join(', ') || 'NULL'})`, ...q.statuses);
  if (q.occupationCode !== undefined) add('occupation_code = ?', q.occupationCode);
  if (q.from !== undefined) add('start_on >= ?', q.from);
  if (q.to !== undefined) add('start_on <= ?', q.to);
  if (q.runningOn !== undefined) add('start_on <= ? AND end_on >= ?', q.runningOn, q.runningOn);
  if (q.cursor !== undefined) {
    const [on, id] = decodeCursor(q.cursor, ['string', 'string']);
    add('(start_on, class_id) > (?, ?)', String(on), String(id));
  }
  const rows = db.prepare(`SELECT * FROM class WHERE ${where.join(' AND ')} ORDER BY start_on, class_id LIMIT ?`).all(...params, limit + 1) as Row[];
  return toPage(rows, limit, (r) => [r.start_on, r.class_id], summary);
}

export interface TraineeAttendance {
  personRef: string;
  sessionsAttended: number;
  hoursCheckedIn: number;
  checkInsFailed: number;
  completedHours: number | null;
  passed: boolean | null;
  certificateLevel: string | null;
}

export interface ClassAttendance extends ClassSummary {
  /** By personRef; a roster holds at most 200 (ROSTER_SIZE_MAX). */
  trainees: TraineeAttendance[];
}

export function classAttendance(db: SqliteDatabase, classId: string): ClassAttendance | undefined {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM class WHERE class_id = ?').get(classId) as Row | undefined;
    if (row === undefined) return undefined;
    const trainees = db.prepare('SELECT * FROM class_trainee WHERE class_id = ? ORDER BY person_ref').all(classId) as {
      person_ref: string;
      sessions_attended: number;
      hours_checked_in: number;
      check_ins_failed: number;
      completed_hours: number | null;
      passed: number | null;
      certificate_level: string | null;
    }[];
    return {
      ...summary(row),
      trainees: trainees.map((t) => ({
        personRef: t.person_ref,
        sessionsAttended: t.sessions_attended,
        hoursCheckedIn: t.hours_checked_in,
        checkInsFailed: t.check_ins_failed,
        completedHours: t.completed_hours,
        passed: t.passed === null ? null : t.passed === 1,
        certificateLevel: t.certificate_level,
      })),
    };
  })();
}
