import t from 'tap';
import { fuzzRoute } from '../fuzz-routes.ts';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { onDayMs } from '../../app/services/applications-fixtures.ts';
import { GANZHOU_SCHOOL, NANCHANG_SCHOOL, givenCatalogue, givenInstitution, givenTrainees, openingRequest } from '../../app/services/registry-fixtures.ts';

/** The server acts on the story's last day: no class step may be dated after the request's day. */
const STORY_LAST_DAY = '2026-05-21';

t.test('class routes', async (t) => {
  const h = await testServer(t, { productionOnly: true, options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(STORY_LAST_DAY), 1) });
  const app = { deps: h.services };
  await givenCatalogue(app);
  await givenInstitution(app);
  await givenInstitution(app, GANZHOU_SCHOOL, '360700');
  const [ann, bo, chen, dai] = await givenTrainees(app, 4);
  const ncRegistrar = h.tokenFor('registrar', '360100');
  const gzRegistrar = h.tokenFor('registrar', '360700');
  const ncReviewer = h.tokenFor('reviewer', '360100');
  const gzReviewer = h.tokenFor('reviewer', '360700');
  const post = (url: string, payload: unknown, token = ncRegistrar) => h.call({ method: 'POST', url, payload: payload as object, token });
  const session = (sessionId: string, date: string, refs: string[]) => ({
    sessionId, date, hours: 8, teacherId: 'teacher-7', recordedOn: date,
    checkIns: refs.map((personRef) => ({ personRef, method: 'face', result: 'pass' })),
  });

  t.test('the life of a class: request, approval, sessions, completion, assessment', async (t) => {
    const req = await post('/api/v1/classes', openingRequest('c-1', NANCHANG_SCHOOL, [ann!, bo!]));
    t.equal(req.statusCode, 201);
    t.match(req.json(), { result: { classId: 'c-1' }, events: [{ stream: 'class-c-1' }] });
    const approved = await post('/api/v1/classes/c-1/approval', { decidedOn: '2026-03-01' }, ncReviewer);
    t.equal(approved.statusCode, 200);
    t.equal((await post('/api/v1/classes/c-1/sessions', session('s1', '2026-03-02', [ann!, bo!]))).statusCode, 200);
    t.equal((await post('/api/v1/classes/c-1/sessions', session('s2', '2026-03-03', [ann!]))).statusCode, 200);
    t.equal((await post('/api/v1/classes/c-1/completion', { completedOn: '2026-03-13', hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 8 }] })).statusCode, 200);
    const assessed = await post('/api/v1/classes/c-1/assessment-results', { assessedOn: '2026-03-14', results: [{ personRef: ann, passed: true, certificateLevel: 'junior' }, { personRef: bo, passed: false }] });
    t.equal(assessed.statusCode, 200);
    const got = await h.call({ method: 'GET', url: `/api/v1/classes/c-1?minPosition=${assessed.json().position}`, token: ncReviewer });
    t.equal(got.statusCode, 200);
    t.match(got.json(), {
      classId: 'c-1', status: 'completed', institutionId: NANCHANG_SCHOOL, projectId: 'cook-5', standardHours: 40, roster: [ann, bo],
      decision: { approved: true, reviewerId: 'u-test-reviewer-360100' },
      completion: { hours: [{ personRef: ann, hoursAttended: 16 }, { personRef: bo, hoursAttended: 8 }] },
      results: [{ personRef: ann, passed: true, certificateLevel: 'junior' }, { personRef: bo, passed: false }],
    });
    t.equal(got.json().sessions.length, 2);
    t.equal((await h.call({ method: 'GET', url: '/api/v1/classes/c-1', as: 'auditor' })).statusCode, 200);
    t.match(problemOf(t, await h.call({ method: 'GET', url: '/api/v1/classes/none', as: 'admin' })), { status: 404 });
  });

  t.test('rejections carry their code and field', async (t) => {
    const overlap = await post('/api/v1/classes', openingRequest('c-2', NANCHANG_SCHOOL, [chen!, ann!]));
    t.equal(overlap.statusCode, 422);
    t.match(problemOf(t, overlap), { type: PROBLEM('domain-rejection'), code: 'class.trainee_in_overlapping_class', errors: [{ path: 'roster.1' }] });
    const dup = await post('/api/v1/classes', openingRequest('c-1', NANCHANG_SCHOOL, [chen!]));
    t.match(problemOf(t, dup), { status: 409, code: 'class.already_requested', errors: [{ path: 'classId' }] });
    const below = await post('/api/v1/classes', openingRequest('c-3', NANCHANG_SCHOOL, [chen!], { plan: { summary: 'x', plannedHours: 10 } }));
    t.match(problemOf(t, below), { status: 422, code: 'class.plan_below_standard_hours', errors: [{ path: 'plan.plannedHours' }] });
    const done = await post('/api/v1/classes/c-1/sessions', session('s9', '2026-03-04', [ann!]));
    t.match(problemOf(t, done), { status: 409, code: 'class.already_completed' });
    t.equal((await post('/api/v1/classes', openingRequest('c-4', NANCHANG_SCHOOL, [chen!]))).statusCode, 201);
    const refused = await post('/api/v1/classes/c-4/refusal', { decidedOn: '2026-03-01', reason: '师资不足' }, ncReviewer);
    t.equal(refused.statusCode, 200);
    t.match(problemOf(t, await post('/api/v1/classes/c-4/approval', { decidedOn: '2026-03-01' }, ncReviewer)), { status: 422, code: 'class.refused' });
  });

  t.test('validation errors name the field', async (t) => {
    const badRef = await post('/api/v1/classes', openingRequest('c-5', NANCHANG_SCHOOL, ['360426199101010071']));
    t.match(problemOf(t, badRef).errors, [{ path: 'body.roster.0' }]);
    t.notMatch(badRef.body, '360426199101010071', 'an ID number sent by mistake is not echoed');
    const noReviewerId = await post('/api/v1/classes/c-1/approval', { decidedOn: '2026-03-01', reviewerId: 'someone-else' }, ncReviewer);
    t.match(problemOf(t, noReviewerId), { status: 400, detail: /reviewerId/ }, 'the reviewer cannot be named in the body');
    const method = await post('/api/v1/classes/c-1/sessions', { ...session('s3', '2026-03-05', [ann!]), checkIns: [{ personRef: ann, method: 'retina', result: 'pass' }] });
    t.match(problemOf(t, method).errors, [{ path: 'body.checkIns.0.method' }]);
    t.match(problemOf(t, await post('/api/v1/classes/c%20x/approval', { decidedOn: '2026-03-01' }, ncReviewer)).errors, [{ path: 'params.classId' }]);
  });

  t.test('403 for the wrong role or region', async (t) => {
    t.equal((await post('/api/v1/classes', openingRequest('g-1', GANZHOU_SCHOOL, [dai!]), gzRegistrar)).statusCode, 201);
    const before = await h.store.headPosition();
    t.match(problemOf(t, await post('/api/v1/classes/g-1/approval', { decidedOn: '2026-03-01' }, ncReviewer)), { status: 403, reason: 'region' });
    t.match(problemOf(t, await post('/api/v1/classes/g-1/approval', { decidedOn: '2026-03-01' }, gzRegistrar)), { status: 403, reason: 'role' });
    t.match(problemOf(t, await post('/api/v1/classes', openingRequest('g-2', GANZHOU_SCHOOL, [dai!], { startOn: '2026-05-01', endOn: '2026-05-10', assessmentPlan: { summary: 'x', plannedOn: '2026-05-11' } }), ncRegistrar)), { status: 403, reason: 'region' });
    t.match(problemOf(t, await post('/api/v1/classes', openingRequest('g-3', GANZHOU_SCHOOL, [dai!]), h.token.reviewer)), { status: 403, reason: 'role' });
    t.match(problemOf(t, await h.call({ method: 'GET', url: '/api/v1/classes/g-1', token: ncRegistrar })), { status: 403, reason: 'region' });
    t.equal(await h.store.headPosition(), before, 'nothing written');
    t.equal((await post('/api/v1/classes/g-1/approval', { decidedOn: '2026-03-01' }, gzReviewer)).statusCode, 200);
  });

  t.test('fuzz: every POST route, deep invalid bodies against records that exist (the 500 per route are in fuzz-command-routes.ts)', async (t) => {
    const [eve] = await givenTrainees(app, 1, undefined, 40);
    t.equal((await post('/api/v1/classes', openingRequest('f-1', NANCHANG_SCHOOL, [eve!], { startOn: '2026-06-01', endOn: '2026-06-12', assessmentPlan: { summary: 'x', plannedOn: '2026-06-13' }, requestedOn: '2026-05-20' }))).statusCode, 201);
    const checkIn = (r: string) => ({ personRef: r, method: 'manual', result: 'pass', note: '设备故障' });
    const routes: [string, Record<string, unknown>, string][] = [
      ['/api/v1/classes', openingRequest('f-2', NANCHANG_SCHOOL, [chen!], { startOn: '2026-07-01', endOn: '2026-07-10', assessmentPlan: { summary: 'x', plannedOn: '2026-07-11' } }) as unknown as Record<string, unknown>, ncRegistrar],
      ['/api/v1/classes/f-1/approval', { decidedOn: '2026-05-21' }, ncReviewer],
      ['/api/v1/classes/f-1/refusal', { decidedOn: '2026-05-21', reason: 'x' }, ncReviewer],
      ['/api/v1/classes/c-1/sessions', { ...session('s5', '2026-03-05', []), checkIns: [checkIn(ann!), checkIn(bo!)] }, ncRegistrar],
      ['/api/v1/classes/c-1/completion', { completedOn: '2026-03-13', hours: [{ personRef: ann, hoursAttended: 8 }] }, ncRegistrar],
      ['/api/v1/classes/c-1/assessment-results', { assessedOn: '2026-03-14', results: [{ personRef: ann, passed: true, certificateLevel: 'junior' }] }, ncRegistrar],
    ];
    for (const [url, validBody, token] of routes) await fuzzRoute(t, h, { url, token, validBody });
  });
});
