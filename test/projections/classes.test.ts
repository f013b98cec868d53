import t from 'tap';
import path from 'node:path';
import { domainRecorded } from '../../bench/projections-domain-log.ts';
import { classes } from '../../projections/classes/projection.ts';
import { classAttendance, listClasses } from '../../projections/classes/queries.ts';
import type { ClassEvent } from '../../src/domain/class/events.ts';
import { evolveClass } from '../../src/domain/class/evolve.ts';
import { hoursCheckedIn, initialClassState, type ClassState } from '../../src/domain/class/state.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { givenCatalogue, givenCompletedClass, givenInstitution, givenTrainees, NANCHANG_SCHOOL, openTestApp } from '../app/services/registry-fixtures.ts';

/**
 * The classes read model against the class aggregate: for every class of the domain log,
 * its totals and each trainee's hours equal what the domain's fold says (hoursCheckedIn,
 * the completion's hours, the assessment results); then a class driven through the
 * services.
 */

const events = domainRecorded(8000, 21);

function build(dir: string, batchSize: number): SqliteDatabase {
  const file = path.join(dir, `classes-${batchSize}.sqlite`);
  replayToDigest(classes, events, file, batchSize);
  const db = openReader(file);
  t.teardown(() => db.close());
  return db;
}

t.test('every class: attendance and hours as the domain folds them', async (t) => {
  const db = build(t.testdir(), 50);
  const states = new Map<string, ClassState>();
  for (const e of events) {
    if (!e.stream.startsWith('class-')) continue;
    const id = e.stream.slice('class-'.length);
    states.set(id, evolveClass(states.get(id) ?? initialClassState(), { type: e.type, data: e.data } as ClassEvent));
  }
  t.ok(states.size > 10, `${states.size} classes`);
  let sessions = 0;
  for (const [classId, s] of states) {
    const got = classAttendance(db, classId)!;
    const roster = s.opening!.roster;
    t.equal(got.status, s.status, `${classId}: status`);
    t.equal(got.rosterSize, roster.length);
    t.equal(got.attendance.sessions, s.sessions.length);
    t.equal(got.attendance.sessionHours, s.sessions.reduce((n, x) => n + x.hours, 0));
    t.equal(got.attendance.checkIns, s.sessions.reduce((n, x) => n + x.checkIns.length, 0));
    sessions += s.sessions.length;
    const wantTrainees = [...roster].sort().map((ref) => ({
      personRef: ref,
      hoursCheckedIn: hoursCheckedIn(s, ref),
      completedHours: s.completion?.hours.get(ref) ?? null,
      passed: s.results.get(ref)?.passed ?? null,
    }));
    t.same(
      got.trainees.map(({ personRef, hoursCheckedIn: h, completedHours, passed }) => ({ personRef, hoursCheckedIn: h, completedHours, passed })),
      wantTrainees,
      `${classId}: per trainee`,
    );
    t.equal(got.attendance.attendedHours, wantTrainees.reduce((n, x) => n + x.hoursCheckedIn, 0), `${classId}: trainee-hours`);
    t.equal(got.assessment?.passed ?? 0, [...s.results.values()].filter((r) => r.passed).length);
  }
  t.ok(sessions > 0);
});

t.test('lists: by start date with paging, by institution, status and running date; scope by region', async (t) => {
  const db = build(t.testdir(), 1000);
  const all: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = listClasses(db, { prefix: undefined, limit: 7, ...(cursor ? { cursor } : {}) });
    all.push(...page.items.map((c) => `${c.startOn} ${c.classId}`));
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const opened = events.filter((e) => e.type === 'ClassOpeningRequested');
  t.equal(all.length, opened.length, 'every class once');
  t.same(all, [...all].sort());
  const some = (opened[0]!.data as { institutionId: string }).institutionId;
  t.ok(listClasses(db, { prefix: undefined, institutionId: some, limit: 200 }).items.every((c) => c.institutionId === some));
  const city = listClasses(db, { prefix: undefined, limit: 1 }).items[0]!.regionCode.slice(0, 4);
  const inCity = listClasses(db, { prefix: city, limit: 200 }).items;
  t.ok(inCity.length > 0 && inCity.every((c) => c.regionCode.startsWith(city)));
  const running = listClasses(db, { prefix: undefined, runningOn: '2025-01-10', limit: 200 }).items;
  t.ok(running.every((c) => c.startOn <= '2025-01-10' && c.endOn >= '2025-01-10'));
  t.ok(listClasses(db, { prefix: undefined, statuses: ['completed'], limit: 200 }).items.every((c) => c.status === 'completed' && c.completion !== null));
});

t.test('a class through the services: five 8-hour sessions, everyone present, 40 hours each', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const refs = await givenTrainees(app, 3);
  await givenCompletedClass(app, 'c-1', NANCHANG_SCHOOL, refs);
  const file = path.join(t.testdir(), 'svc.sqlite');
  replayToDigest(classes, await app.deps.store.readAll(), file, 3);
  const db = openReader(file);
  t.teardown(() => db.close());
  const c = classAttendance(db, 'c-1')!;
  t.match(c, { status: 'completed', regionCode: '360100', rosterSize: 3, attendance: { sessions: 5, sessionHours: 40, checkIns: 15, checkInsPassed: 15, checkInsByFace: 15, attendedHours: 120 }, completion: { trainees: 3, hours: 120 } });
  t.ok(c.trainees.every((x) => x.hoursCheckedIn === 40 && x.completedHours === 40 && x.sessionsAttended === 5));
  t.equal(classAttendance(db, 'c-none'), undefined);
});
