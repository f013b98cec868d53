import type { ClassEventSchemas } from '../../src/domain/class/events.ts';
import type { InstitutionEventSchemas } from '../../src/domain/institution/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { byEventType, defineProjection, folderOf } from '../../src/projections/definition.ts';
import { idOfStream } from '../shared/streams.ts';

export const CLASS_EVENT_TYPES = [
  'ClassOpeningRequested',
  'ClassOpeningApproved',
  'ClassOpeningRefused',
  'AttendanceSessionRecorded',
  'ClassCompleted',
  'AssessmentResultsRecorded',
] as const;

/**
 * classes: the class register with attendance and hours, kept by increments per event.
 * The region is the institution's (placement rule: registration region, else the area
 * in the credit code), so only the institution table of the placement tables is needed.
 */
export const classes = defineProjection({
  name: 'classes',
  version: 1,
  eventTypes: [...CLASS_EVENT_TYPES, 'InstitutionRegistered'],
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'class', key: ['class_id'] },
    { table: 'class_trainee', key: ['class_id', 'person_ref'] },
    { table: 'pl_institution', key: ['institution_id'] },
  ],
  prepare(db) {
    const institution = db.prepare('INSERT INTO pl_institution VALUES (?, ?)');
    const regionOf = db.prepare('SELECT region_code FROM pl_institution WHERE institution_id = ?').pluck();
    const request = db.prepare(`INSERT INTO class VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested',
      NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0, ?)`);
    const trainee = db.prepare('INSERT INTO class_trainee VALUES (?, ?, 0, 0, 0, NULL, NULL, NULL)');
    const decide = db.prepare('UPDATE class SET status = ?, decided_on = ?, reviewer_id = ?, refusal_reason = ?, last_position = ? WHERE class_id = ?');
    const session = db.prepare(`UPDATE class SET sessions = sessions + 1, session_hours = session_hours + ?, check_ins = check_ins + ?,
      check_ins_passed = check_ins_passed + ?, check_ins_by_face = check_ins_by_face + ?, attended_hours = attended_hours + ?, last_position = ? WHERE class_id = ?`);
    const checkIn = db.prepare(`UPDATE class_trainee SET sessions_attended = sessions_attended + ?, hours_checked_in = hours_checked_in + ?,
      check_ins_failed = check_ins_failed + ? WHERE class_id = ? AND person_ref = ?`);
    const complete = db.prepare(`UPDATE class SET status = 'completed', completed_on = ?, completed_trainees = ?, completed_hours = ?, last_position = ? WHERE class_id = ?`);
    const hours = db.prepare('UPDATE class_trainee SET completed_hours = ? WHERE class_id = ? AND person_ref = ?');
    const previousResult = db.prepare('SELECT passed FROM class_trainee WHERE class_id = ? AND person_ref = ?');
    const result = db.prepare('UPDATE class_trainee SET passed = ?, certificate_level = ? WHERE class_id = ? AND person_ref = ?');
    const assessed = db.prepare('UPDATE class SET last_assessed_on = ?, assessed = assessed + ?, passed = passed + ?, last_position = ? WHERE class_id = ?');

    const must = (changes: number, e: RecordedEvent, what: string) => {
      if (changes !== 1) throw new Error(`${e.type} on ${e.stream}: ${what}`);
    };
    const classOf = (e: RecordedEvent) => idOfStream('class', e.stream);

    return byEventType<typeof ClassEventSchemas & typeof InstitutionEventSchemas>({
      InstitutionRegistered: (d) => void institution.run(d.creditCode, d.regionCode),
      ClassOpeningRequested: (d, e) => {
        const region = (regionOf.get(d.institutionId) as string | undefined) ?? d.institutionId.slice(2, 8);
        request.run(
          d.classId, d.institutionId, region, d.projectId, d.occupationCode, d.level, d.standardHours, d.plan.plannedHours,
          d.startOn, d.endOn, d.requestedOn, d.roster.length, d.teacherIds.length, e.position,
        );
        for (const ref of d.roster) trainee.run(d.classId, ref);
      },
      ClassOpeningApproved: (d, e) => must(decide.run('approved', d.decidedOn, d.reviewerId, null, e.position, classOf(e)).changes, e, 'class never requested'),
      ClassOpeningRefused: (d, e) => must(decide.run('refused', d.decidedOn, d.reviewerId, d.reason, e.position, classOf(e)).changes, e, 'class never requested'),
      AttendanceSessionRecorded: (d, e) => {
        const id = classOf(e);
        let passed = 0;
        let face = 0;
        for (const c of d.checkIns) {
          const ok = c.result === 'pass' ? 1 : 0;
          passed += ok;
          if (c.method === 'face') face += 1;
          must(checkIn.run(ok, ok * d.hours, 1 - ok, id, c.personRef).changes, e, 'a check-in by someone not on the roster');
        }
        must(session.run(d.hours, d.checkIns.length, passed, face, passed * d.hours, e.position, id).changes, e, 'class never requested');
      },
      ClassCompleted: (d, e) => {
        const id = classOf(e);
        let total = 0;
        for (const h of d.hours) {
          total += h.hoursAttended;
          must(hours.run(h.hoursAttended, id, h.personRef).changes, e, 'hours of someone not on the roster');
        }
        must(complete.run(d.completedOn, d.hours.length, total, e.position, id).changes, e, 'class never requested');
      },
      AssessmentResultsRecorded: (d, e) => {
        const id = classOf(e);
        let newlyAssessed = 0;
        let passedDelta = 0;
        for (const r of d.results) {
          const prior = previousResult.get(id, r.personRef) as { passed: number | null } | undefined;
          if (prior === undefined) throw new Error(`${e.type} on ${e.stream}: a result for someone not on the roster`);
          // A result recorded again replaces the earlier one (the domain's fold does the same).
          if (prior.passed === null) newlyAssessed += 1;
          passedDelta += (r.passed ? 1 : 0) - (prior.passed ?? 0);
          result.run(r.passed ? 1 : 0, r.certificateLevel ?? null, id, r.personRef);
        }
        must(assessed.run(d.assessedOn, newlyAssessed, passedDelta, e.position, id).changes, e, 'class never requested');
      },
    });
  },
});
