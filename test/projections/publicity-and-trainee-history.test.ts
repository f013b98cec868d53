import t from 'tap';
import path from 'node:path';
import { publicity } from '../../projections/publicity/projection.ts';
import { publicityList } from '../../projections/publicity/queries.ts';
import { traineeHistory } from '../../projections/trainee-history/projection.ts';
import { subsidyHistory } from '../../projections/trainee-history/queries.ts';
import { initialReview, raiseObjection, resolveObjection } from '../../src/app/services/applications.ts';
import { recordRecovery } from '../../src/app/services/recoveries.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { DATES, givenApplication, givenMoneyWorld, onDayMs, people, submission } from '../app/services/applications-fixtures.ts';
import { ctxFor } from '../app/services/registry-fixtures.ts';
import { submitApplication } from '../../src/app/services/applications.ts';

/**
 * The publicity list as the public sees it, and the trainee history the quota rules read,
 * both over applications driven through the services: three trainees (张三, 李四, 王五) of
 * one class; publicity from Fri 03-20 to Fri 03-27.
 */

function build(dir: string, definition: ProjectionDefinition, events: Parameters<typeof replayToDigest>[1]): SqliteDatabase {
  const file = path.join(dir, `${definition.name}.sqlite`);
  replayToDigest(definition, events, file, 4);
  const db = openReader(file);
  t.teardown(() => db.close());
  return db;
}

const w = await givenMoneyWorld(t, 3);
// No step may be dated after its request's day: everyone acts on the story's last day (the recovery, 2026-05-06).
const reviewer = () => ctxFor(people.reviewer, onDayMs('2026-05-06'));
await givenApplication(w, 0, 'a-1', 'paid');
await givenApplication(w, 1, 'a-2', 'in_publicity');
await raiseObjection(w.app.deps, reviewer(), 'a-2', { objectionId: 'obj-1', groundsCode: 'fake_trainee', raisedOn: '2026-03-23' });
await submitApplication(w.app.deps, ctxFor(people.registrarNanchang, onDayMs('2026-05-06')), submission(w, 2, 'a-3'));
await initialReview(w.app.deps, reviewer(), 'a-3', { decision: 'reject', reasonCode: 'documents_incomplete', reviewedOn: DATES.reviewed });
await recordRecovery(w.app.deps, ctxFor(people.finance, onDayMs('2026-05-06')), 'a-1', { recoveryId: 'rec-1', amountFen: 20_000, documentRef: '追回决定书 1 号', recoveredOn: '2026-05-06' });
const events = await w.app.deps.store.readAll();

t.test('the list on a date: during publicity only, masked names, never an ID number or a personRef', async (t) => {
  const db = build(t.testdir(), publicity, events);
  t.same(publicityList(db, { asOf: '2026-03-19', prefix: undefined }).items, [], 'the day before: nothing');
  const on = publicityList(db, { asOf: '2026-03-23', prefix: undefined });
  t.same(
    on.items.map((e) => [e.applicationId, e.maskedName, e.amountFen, e.underObjection, e.institutionName, e.occupationName, e.level]),
    [
      ['a-1', '张*', 120_000, false, '南昌职业技能培训学校', '中式烹调师', 'junior'],
      ['a-2', '李*', 120_000, true, '南昌职业技能培训学校', '中式烹调师', 'junior'],
    ],
    'a rejected application is not on the list; an objection shows',
  );
  t.equal(on.items[0]!.endOn, DATES.publicityEnd);
  t.same(publicityList(db, { asOf: DATES.publicityEnd, prefix: undefined }).items.length, 2, 'the last day is on the list');
  t.same(publicityList(db, { asOf: '2026-03-28', prefix: undefined }).items, [], 'after the end: nothing');
  t.same(publicityList(db, { asOf: '2026-03-23', prefix: '3607' }).items, [], 'another region: nothing');
  t.equal(publicityList(db, { asOf: '2026-03-23', prefix: '3601' }).items.length, 2);
  const text = JSON.stringify(on);
  t.notMatch(text, /p_[A-Za-z0-9_-]{22}/, 'no personRef');
  t.notMatch(text, /\d{17}[\dXx]/, 'no ID number');
  t.notMatch(text, /张三|李四/, 'no full name');
  const page = publicityList(db, { asOf: '2026-03-23', prefix: undefined, limit: 1 });
  t.same(publicityList(db, { asOf: '2026-03-23', prefix: undefined, limit: 1, cursor: page.nextCursor! }).items.map((e) => e.applicationId), ['a-2']);
});

t.test('an upheld objection takes the application off the list', async (t) => {
  await resolveObjection(w.app.deps, reviewer(), 'a-2', 'obj-1', { outcome: 'upheld', reasonCode: 'fake_trainee_confirmed', resolvedOn: '2026-03-24' });
  const db = build(t.testdir(), publicity, await w.app.deps.store.readAll());
  t.same(publicityList(db, { asOf: '2026-03-24', prefix: undefined }).items.map((e) => e.applicationId), ['a-1']);
});

t.test('trainee history: the claims the quota counts, with amounts and recoveries', async (t) => {
  const db = build(t.testdir(), traineeHistory, await w.app.deps.store.readAll());
  const paid = subsidyHistory(db, w.refs[0]!);
  t.match(paid.claims, [{ applicationId: 'a-1', status: 'paid', amountFen: 120_000, recoveredFen: 20_000, paymentId: 'pay-a-1', certificateSerial: w.serials[0], occupationCode: '4-03-02-01', level: 'junior' }]);
  t.same(paid.years, [{ year: 2026, counted: 1, training: 1, skillUpgrade: 0, paid: 1, released: 0 }]);
  t.same(paid.occupations, [{ occupationCode: '4-03-02-01', levels: ['junior'] }], 'once per occupation and level: this one is taken');
  const upheld = subsidyHistory(db, w.refs[1]!);
  t.match(upheld.claims, [{ applicationId: 'a-2', status: 'released', releaseReason: String }]);
  t.same(upheld.years, [{ year: 2026, counted: 0, training: 0, skillUpgrade: 0, paid: 0, released: 1 }], 'a released claim does not count');
  t.same(upheld.occupations, []);
  t.match(subsidyHistory(db, w.refs[2]!).claims, [{ applicationId: 'a-3', status: 'released' }]);
  t.same(subsidyHistory(db, 'p_AAAAAAAAAAAAAAAAAAAAAA').claims, [], 'unknown person: nothing');
});
