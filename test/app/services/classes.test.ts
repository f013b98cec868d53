import t from 'tap';
import {
  approveClassOpening,
  completeClass,
  loadClass,
  loadClassInScope,
  recordAssessmentResults,
  recordAttendanceSession,
  refuseClassOpening,
  requestClassOpening,
} from '../../../src/app/services/classes.ts';
import { suspendInstitution } from '../../../src/app/services/institutions.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { traineeInClass } from '../../../src/domain/class/facts.ts';
import { newRequestSeed } from '../../../src/app/deterministic-ids.ts';
import {
  COOK,
  ELECTRICIAN,
  GANZHOU_SCHOOL,
  NANCHANG_SCHOOL,
  NOW_MS,
  ctxFor,
  givenApprovedClass,
  givenCatalogue,
  givenCompletedClass,
  givenInstitution,
  givenTrainees,
  openingRequest,
  openTestApp,
  principals,
  rejectsWith,
} from './registry-fixtures.ts';

const registrar = () => ctxFor(principals.registrarNanchang);
const reviewer = () => ctxFor(principals.reviewer);
const later = (p: typeof principals[keyof typeof principals] = principals.registrarNanchang) => ctxFor(p, NOW_MS + 20 * 86_400_000);

t.test('opening request: judged against the catalogue, the institution and the rosters', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  await givenInstitution(app, GANZHOU_SCHOOL, '360700', false);
  const [ann, bo, chen] = await givenTrainees(app, 3);

  const outcome = await requestClassOpening(app.deps, registrar(), openingRequest('c-1', NANCHANG_SCHOOL, [ann!, bo!]));
  t.same(outcome.result, { classId: 'c-1' });
  const [event] = await app.rawStore.readStream('class-c-1');
  t.match(event?.data, { projectId: 'cook-5', standardHours: 40, roster: [ann, bo] }, 'the project is taken from the catalogue');

  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-1', NANCHANG_SCHOOL, [chen!])), 'class.already_requested', 'classId');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-2', NANCHANG_SCHOOL, [chen!, bo!], { startOn: '2026-03-10', endOn: '2026-03-20', assessmentPlan: { summary: 'x', plannedOn: '2026-03-21' } })), 'class.trainee_in_overlapping_class', 'roster.1');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-3', NANCHANG_SCHOOL, [chen!, 'p_ZZZZZZZZZZZZZZZZZZZZZZ'])), 'class.trainee_not_registered', 'roster.1');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-4', NANCHANG_SCHOOL, [chen!], { occupationCode: '2-02-01-01' })), 'class.project_not_catalogued', 'occupationCode');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-5', NANCHANG_SCHOOL, [chen!], { occupationCode: ELECTRICIAN.occupationCode, level: ELECTRICIAN.level, plan: { summary: 'x', plannedHours: 90 } })), 'class.institution_may_not_train', 'institutionId');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c-6', NANCHANG_SCHOOL, [chen!], { plan: { summary: 'x', plannedHours: 39 } })), 'class.plan_below_standard_hours', 'plan.plannedHours');
  await rejectsWith(t, requestClassOpening(app.deps, ctxFor(principals.registrarGanzhou), openingRequest('c-7', GANZHOU_SCHOOL, [chen!])), 'class.institution_may_not_train', 'institutionId');
  await rejectsWith(t, requestClassOpening(app.deps, registrar(), openingRequest('c 8', NANCHANG_SCHOOL, [chen!])), 'class.invalid_command', 'classId');

  const before = await app.rawStore.headPosition();
  await t.rejects(requestClassOpening(app.deps, ctxFor(principals.registrarGanzhou), openingRequest('c-9', NANCHANG_SCHOOL, [chen!])), RegionScopeError);
  await t.rejects(requestClassOpening(app.deps, registrar(), openingRequest('c-9', GANZHOU_SCHOOL, [chen!])), RegionScopeError);
  t.equal(await app.rawStore.headPosition(), before, 'refusals write nothing');
});

t.test('one person on two overlapping classes requested at once: one request wins', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const [ann] = await givenTrainees(app, 1);
  const results = await Promise.allSettled(['r-1', 'r-2', 'r-3', 'r-4'].map((id) => requestClassOpening(app.deps, registrar(), openingRequest(id, NANCHANG_SCHOOL, [ann!]))));
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  t.equal(results.filter((r) => r.status === 'rejected' && (r.reason as { rejection?: { code: string } }).rejection?.code === 'class.trainee_in_overlapping_class').length, 3);
});

t.test('review', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const [ann, bo, chen] = await givenTrainees(app, 3);
  await requestClassOpening(app.deps, registrar(), openingRequest('c-1', NANCHANG_SCHOOL, [ann!]));
  await requestClassOpening(app.deps, registrar(), openingRequest('c-2', NANCHANG_SCHOOL, [bo!]));
  await requestClassOpening(app.deps, registrar(), openingRequest('c-3', NANCHANG_SCHOOL, [chen!]));

  await t.rejects(approveClassOpening(app.deps, ctxFor(principals.reviewerGanzhou), 'c-1', { decidedOn: '2026-03-01' }), RegionScopeError);
  await rejectsWith(t, approveClassOpening(app.deps, ctxFor({ id: 'teacher-7', name: 'T', role: 'reviewer', region: '360100' }), 'c-1', { decidedOn: '2026-03-01' }), 'class.reviewer_is_teacher', 'reviewerId');
  await rejectsWith(t, approveClassOpening(app.deps, reviewer(), 'c-1', { decidedOn: '2026-02-28' }), 'class.decided_before_request', 'decidedOn');
  await approveClassOpening(app.deps, reviewer(), 'c-1', { decidedOn: '2026-03-01' });
  const [, approved] = await app.rawStore.readStream('class-c-1');
  t.same(approved?.data, { reviewerId: 'rev-nc', decidedOn: '2026-03-01' }, 'the reviewer is the principal');
  await rejectsWith(t, approveClassOpening(app.deps, reviewer(), 'c-1', { decidedOn: '2026-03-01' }), 'class.already_decided');

  await refuseClassOpening(app.deps, reviewer(), 'c-2', { decidedOn: '2026-03-01', reason: '师资不足' });
  await rejectsWith(t, approveClassOpening(app.deps, reviewer(), 'c-2', { decidedOn: '2026-03-01' }), 'class.refused');
  // A refused class frees its roster for another class on the same dates.
  await requestClassOpening(app.deps, registrar(), openingRequest('c-2b', NANCHANG_SCHOOL, [bo!]));

  // The institution's standing is judged again on approval.
  await suspendInstitution(app.deps, ctxFor(principals.admin), NANCHANG_SCHOOL, { from: '2026-03-05', to: '2026-03-31', reason: '检查发现问题' });
  await rejectsWith(t, approveClassOpening(app.deps, reviewer(), 'c-3', { decidedOn: '2026-03-01' }), 'class.institution_may_not_train', 'institutionId');
  await rejectsWith(t, approveClassOpening(app.deps, reviewer(), 'nope', { decidedOn: '2026-03-01' }), 'class.not_requested');
});

t.test('attendance, completion, assessment', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const [ann, bo] = await givenTrainees(app, 2);
  await givenApprovedClass(app, 'c-1', NANCHANG_SCHOOL, [ann!, bo!]);

  await rejectsWith(t, completeClass(app.deps, later(), 'c-1', { completedOn: '2026-03-13', hours: [{ personRef: ann!, hoursAttended: 8 }] }), 'class.no_sessions', 'hours');
  const session = (id: string, date: string, over: object = {}) => ({
    sessionId: id, date, hours: 8, teacherId: 'teacher-7', recordedOn: date,
    checkIns: [{ personRef: ann!, method: 'face' as const, result: 'pass' as const }, { personRef: bo!, method: 'manual' as const, result: 'pass' as const, note: '人脸识别设备故障' }],
    ...over,
  });
  await recordAttendanceSession(app.deps, later(), 'c-1', session('s1', '2026-03-02'));
  await rejectsWith(t, recordAttendanceSession(app.deps, later(), 'c-1', session('s1', '2026-03-03')), 'class.session_exists', 'sessionId');
  await rejectsWith(t, recordAttendanceSession(app.deps, later(), 'c-1', session('s2', '2026-03-20')), 'class.session_outside_dates', 'date');
  await rejectsWith(t, recordAttendanceSession(app.deps, later(), 'c-1', session('s2', '2026-03-03', { teacherId: 'teacher-1' })), 'class.teacher_not_listed', 'teacherId');
  await rejectsWith(t, recordAttendanceSession(app.deps, later(), 'c-1', session('s2', '2026-03-03', { checkIns: [{ personRef: ann!, method: 'manual', result: 'pass' }] })), 'class.check_in_note_required', 'checkIns.0.note');
  await rejectsWith(t, recordAttendanceSession(app.deps, later(), 'c-1', session('s2', '2026-03-03', { checkIns: [{ personRef: 'p_ZZZZZZZZZZZZZZZZZZZZZZ', method: 'face', result: 'pass' }] })), 'class.trainee_not_on_roster', 'checkIns.0.personRef');
  await t.rejects(recordAttendanceSession(app.deps, later(principals.registrarGanzhou), 'c-1', session('s2', '2026-03-03')), RegionScopeError);
  await recordAttendanceSession(app.deps, later(), 'c-1', session('s2', '2026-03-03', { checkIns: [{ personRef: ann!, method: 'face', result: 'pass' }] }));

  await rejectsWith(t, completeClass(app.deps, later(), 'c-1', { completedOn: '2026-03-13', hours: [{ personRef: bo!, hoursAttended: 9 }] }), 'class.hours_exceed_attendance', 'hours.0.hoursAttended');
  await rejectsWith(t, recordAssessmentResults(app.deps, later(), 'c-1', { assessedOn: '2026-03-14', results: [{ personRef: ann!, passed: true, certificateLevel: 'junior' }] }), 'class.not_completed');
  await completeClass(app.deps, later(), 'c-1', { completedOn: '2026-03-13', hours: [{ personRef: ann!, hoursAttended: 16 }] });
  await rejectsWith(t, recordAssessmentResults(app.deps, later(), 'c-1', { assessedOn: '2026-03-14', results: [{ personRef: bo!, passed: true, certificateLevel: 'junior' }] }), 'class.assessed_without_attendance', 'results.0.personRef');
  await rejectsWith(t, recordAssessmentResults(app.deps, later(), 'c-1', { assessedOn: '2026-03-14', results: [{ personRef: ann!, passed: true, certificateLevel: 'senior' }] }), 'class.level_mismatch', 'results.0.certificateLevel');
  await recordAssessmentResults(app.deps, later(), 'c-1', { assessedOn: '2026-03-14', results: [{ personRef: ann!, passed: true, certificateLevel: 'junior' }] });
  await rejectsWith(t, recordAssessmentResults(app.deps, later(), 'c-1', { assessedOn: '2026-03-14', results: [{ personRef: ann!, passed: false }] }), 'class.already_assessed', 'results.0.personRef');

  const facts = traineeInClass(await loadClass(app.deps, 'c-1'), ann!);
  t.match(facts, { completed: true, onRoster: true, attendedHours: 16, assessment: { passed: true, certificateLevel: 'junior' }, institutionId: NANCHANG_SCHOOL, projectId: 'cook-5' }, 'what a subsidy application will read');
  t.ok(await loadClassInScope(app.deps, { principal: principals.reviewer }, 'c-1'));
  await t.rejects(loadClassInScope(app.deps, { principal: principals.reviewerGanzhou }, 'c-1'), RegionScopeError);
  t.equal(await loadClassInScope(app.deps, { principal: principals.reviewer }, 'c-none'), undefined);
});

t.test('the completed-class fixture the money side builds on', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const roster = await givenTrainees(app, 3);
  await givenCompletedClass(app, 'c-done', NANCHANG_SCHOOL, roster);
  const state = await loadClass(app.deps, 'c-done');
  t.equal(state.status, 'completed');
  t.same(roster.map((r) => traineeInClass(state, r)?.attendedHours), [40, 40, 40]);
  t.equal(COOK.level, state.opening?.level);
});

t.test('replays of applied requests (crash before the answer) write nothing new', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);
  await givenInstitution(app);
  const [ann] = await givenTrainees(app, 1);
  const seed = newRequestSeed(NOW_MS);
  await requestClassOpening(app.deps, ctxFor(principals.registrarNanchang, NOW_MS, seed), openingRequest('c-r', NANCHANG_SCHOOL, [ann!]));
  const head = await app.rawStore.headPosition();
  const again = await requestClassOpening(app.deps, ctxFor(principals.registrarNanchang, NOW_MS, seed, true), openingRequest('c-r', NANCHANG_SCHOOL, [ann!]));
  t.equal(again.steps[0]?.replayed, true, 'found its own request, not refused as a second one');
  t.equal(await app.rawStore.headPosition(), head);
});
