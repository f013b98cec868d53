import t from 'tap';
import { fuzzRoute } from '../fuzz-routes.ts';
import { PROBLEM, problemOf, secretsSent, testServer } from '../helpers/test-server.ts';
import { COOK, GANZHOU_SCHOOL, NANCHANG_SCHOOL, givenCatalogue, givenInstitution, givenTrainees, openingRequest, principals, residentId } from '../../app/services/registry-fixtures.ts';
import { approveClassOpening, requestClassOpening } from '../../../src/app/services/classes.ts';
import { ctxFor } from '../../app/services/registry-fixtures.ts';
import { onDayMs } from '../../app/services/applications-fixtures.ts';
import { fixedClock } from '../../../src/app/clock.ts';

const ID = residentId('360426', '19910101', '007');
const person = (over: Record<string, unknown> = {}) => ({
  idNumber: ID,
  name: '欧阳娜娜',
  phone: '13800138000',
  bankAccount: '6222021234567890',
  bankName: '中国工商银行南昌分行',
  socialSecurityCard: '360100001234567',
  category: 'rural_migrant_worker',
  registeredOn: '2026-02-01',
  ...over,
});
for (const s of [ID, '欧阳娜娜', '13800138000', '6222021234567890', '360100001234567']) secretsSent.add(s);

/** The server acts on the story's last day (certificates of 2026-03-20): no record may be dated after the request's day. */
const STORY_LAST_DAY = '2026-03-20';

t.test('trainee routes', async (t) => {
  const h = await testServer(t, { productionOnly: true, options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(STORY_LAST_DAY), 1) });
  const app = { deps: h.services };
  await givenCatalogue(app);
  await givenInstitution(app);
  const ncRegistrar = h.tokenFor('registrar', '360100');
  const gzRegistrar = h.tokenFor('registrar', '360700');
  const ncReviewer = h.tokenFor('reviewer', '360100');
  const post = (url: string, payload: unknown, token = ncRegistrar) => h.call({ method: 'POST', url, payload: payload as object, token });
  const get = (url: string, token: string) => h.call({ method: 'GET', url, token });

  const reg = await post('/api/v1/trainees', person());
  t.equal(reg.statusCode, 201, 'any registrar registers anyone: the ID number is the identity');
  const ref = reg.json().result.personRef as string;
  t.match(ref, /^p_/);
  t.equal(reg.json().events[0].stream, `trainee-${ref}`);
  t.notMatch(reg.body, ID, 'the answer holds no ID number');

  t.test('lookup by the ID number the caller holds', async (t) => {
    const res = await post('/api/v1/trainees/lookup', { idNumber: ID.toLowerCase() }, h.token.finance);
    t.same(res.json(), { personRef: ref, registered: true });
    t.same((await post('/api/v1/trainees/lookup', { idNumber: residentId('360426', '19910101', '009') }, h.token.reviewer)).json().registered, false);
    t.match(problemOf(t, await post('/api/v1/trainees/lookup', { idNumber: ID }, h.token.auditor)), { status: 403, reason: 'role' });
  });

  t.test('lookup by staff of a region: a person registered but outside the region is not confirmed (R3 item 2)', async (t) => {
    // Before: any role with a region learned of anyone registered anywhere (200 registered: true).
    t.same((await post('/api/v1/trainees/lookup', { idNumber: ID }, gzRegistrar)).json(), { personRef: ref, registered: true }, 'a registrar of any region: registration is for the whole system');
    for (const token of [ncReviewer, h.tokenFor('finance', '360700'), h.tokenFor('inspector', '360100')]) {
      t.match(problemOf(t, await post('/api/v1/trainees/lookup', { idNumber: ID }, token)), { status: 403, reason: 'region' }, 'on no approved roster: in no region');
    }
    // R4 item 2: a number nobody registered answered 200 registered false, so the 403 above told that the person was registered.
    t.match(problemOf(t, await post('/api/v1/trainees/lookup', { idNumber: residentId('360426', '19910101', '009') }, ncReviewer)), { status: 403, reason: 'region' }, 'a number nobody registered: the same answer');
    t.same((await post('/api/v1/trainees/lookup', { idNumber: residentId('360426', '19910101', '009') }, gzRegistrar)).json().registered, false, 'a registrar is told: registered false');
  });

  t.test('registration refusals: 409 for a person registered, 422 for rules, 400 naming the field', async (t) => {
    const again = await post('/api/v1/trainees', person({ name: '冒名顶替' }), gzRegistrar);
    t.equal(again.statusCode, 409);
    t.match(problemOf(t, again), { type: PROBLEM('domain-conflict'), code: 'trainee.already_registered' });
    t.equal((await h.services.vault.get(ref))?.name, '欧阳娜娜', 'the vault record was not replaced');
    const teen = residentId('360102', '20100301', '004');
    const young = await post('/api/v1/trainees', person({ idNumber: teen, registeredOn: '2026-02-28' }));
    t.match(problemOf(t, young), { status: 422, code: 'trainee.under_minimum_age', errors: [{ path: 'idNumber' }] });
    const badId = ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1');
    secretsSent.add(badId);
    const bad = await post('/api/v1/trainees', person({ idNumber: badId }));
    t.match(problemOf(t, bad), { status: 400, errors: [{ path: 'body.idNumber', message: /check character/ }] });
    t.notMatch(bad.body, badId, 'the problem never repeats the number');
    t.match(problemOf(t, await post('/api/v1/trainees', person({ bankAccount: '12' }))).errors, [{ path: 'body.bankAccount' }]);
    t.match(problemOf(t, await post('/api/v1/trainees', person({ category: 'tourist' }))).errors, [{ path: 'body.category' }]);
    t.match(problemOf(t, await post('/api/v1/trainees', person(), h.token.reviewer)), { status: 403, reason: 'role' });
  });

  t.test('reads: masked by default, scoped by the rosters, reveals recorded first', async (t) => {
    const masked = await get(`/api/v1/trainees/${ref}`, h.token.auditor);
    t.equal(masked.statusCode, 200);
    t.same(masked.json().personalData, { idNumber: '3604**********0071'.slice(0, 14) + ID.slice(-4), name: '欧阳**', phone: '138****8000', bankAccount: '****7890', bankName: '****', socialSecurityCard: '****4567' });
    t.same(masked.json().revealed, []);
    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}`, ncReviewer)), { status: 403, reason: 'region' }, 'on no roster yet: not in the city’s scope');
    await requestClassOpening(h.services, ctxFor(principals.registrarNanchang), openingRequest('c-1', NANCHANG_SCHOOL, [ref]));
    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}`, ncReviewer)), { status: 403, reason: 'region' }, 'on a roster only requested: not yet (R2 item 5)');
    await approveClassOpening(h.services, ctxFor(principals.reviewer), 'c-1', { decidedOn: '2026-03-01' });
    t.equal((await get(`/api/v1/trainees/${ref}`, ncReviewer)).statusCode, 200, 'on an approved Nanchang roster: in Nanchang’s scope');
    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}`, gzRegistrar)), { status: 403, reason: 'region' });

    const before = (await h.store.readStream(`reveal-${ref}`)).length;
    const revealed = await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=class-c-1`, ncReviewer);
    t.equal(revealed.statusCode, 200);
    t.equal(revealed.headers['cache-control'], 'no-store');
    t.match(revealed.json().personalData, { idNumber: ID, name: '欧阳娜娜', phone: '13800138000', bankAccount: '****7890', socialSecurityCard: '360100001234567' }, 'a reviewer sees identity, not the bank account');
    const events = await h.store.readStream(`reveal-${ref}`);
    t.equal(events.length, before + 1, 'the reveal is recorded');
    t.match(events.at(-1)?.data, { principalId: 'u-test-reviewer-360100', role: 'reviewer', purpose: 'application_review', caseRef: 'class-c-1', personRef: ref });
    t.notMatch(JSON.stringify(events.at(-1)?.data), ID, 'the record names fields, never values');

    // A reveal's caseRef justifies it in the audit log: a case that never was, or one of another region, justifies nothing.
    const recorded = events.length;
    for (const caseRef of ['application-0001', 'finding-f-none', 'classes-c-1']) {
      const unknown = await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=${caseRef}`, ncReviewer);
      t.match(problemOf(t, unknown), { status: 422, code: 'reveal.unknown_case', errors: [{ path: 'querystring.caseRef' }] }, `${caseRef} names no case`);
      t.notMatch(unknown.body, ID, 'nothing revealed');
    }
    await givenInstitution(app, GANZHOU_SCHOOL, '360700');
    const gzRefs = await givenTrainees(app, 1, principals.registrarGanzhou, 5);
    await requestClassOpening(h.services, ctxFor(principals.registrarGanzhou), openingRequest('c-gz', GANZHOU_SCHOOL, gzRefs));
    const foreign = await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=class-c-gz`, ncReviewer);
    t.match(problemOf(t, foreign), { status: 403, reason: 'region' }, 'a case of another region is not the reviewer\'s to cite');
    t.notMatch(foreign.body, ID, 'nothing revealed');
    // R4 item 3: before, a kind other than application, finding, recovery order or class only had to exist.
    const gzInstitution = await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=institution-${GANZHOU_SCHOOL}`, ncReviewer);
    t.match(problemOf(t, gzInstitution), { status: 403, reason: 'region' }, 'an institution of another region is not the reviewer\'s to cite');
    for (const notACase of [`trainee-${gzRefs[0]}`, `reveal-${ref}`]) {
      const refused = await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=${notACase}`, ncReviewer);
      t.match(problemOf(t, refused), { status: 422, code: 'reveal.unknown_case', errors: [{ path: 'querystring.caseRef' }] }, `${notACase.split('-')[0]}-…: a stream that exists but is no case`);
      t.notMatch(refused.body, ID, 'nothing revealed');
    }
    t.equal((await get(`/api/v1/trainees/${ref}?reveal=true&purpose=application_review&caseRef=institution-${NANCHANG_SCHOOL}`, ncReviewer)).statusCode, 200, 'the reviewer\'s own region\'s institution is a case');
    t.equal((await h.store.readStream(`reveal-${ref}`)).length, recorded + 1, 'no refused reveal is recorded (the one accepted is)');

    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}?reveal=true`, ncReviewer)), { status: 400, errors: [{ path: 'querystring.purpose' }] });
    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}?reveal=true&purpose=inspection`, h.token.auditor)), { status: 403, reason: 'reveal' });
    t.match(problemOf(t, await get(`/api/v1/trainees/${ref}?reveal=true&purpose=gossip`, ncReviewer)).errors, [{ path: 'querystring.purpose' }]);
    t.match(problemOf(t, await get('/api/v1/trainees/p_AAAAAAAAAAAAAAAAAAAAAA', h.token.admin)), { status: 404 });
    t.match(problemOf(t, await get('/api/v1/trainees/360426199101010071', h.token.admin)).errors, [{ path: 'params.personRef' }]);
  });

  t.test('records: category, insurance, certificates', async (t) => {
    const [other] = await givenTrainees(app, 1, principals.registrarNanchang, 20);
    // Requested and approved on their day: no class step may be dated after the request's day.
    await requestClassOpening(h.services, ctxFor(principals.registrarNanchang, onDayMs('2026-03-20')), openingRequest('c-2', NANCHANG_SCHOOL, [other!], { startOn: '2026-04-01', endOn: '2026-04-10', assessmentPlan: { summary: 'x', plannedOn: '2026-04-11' }, requestedOn: '2026-03-20' }));
    await approveClassOpening(h.services, ctxFor(principals.reviewer, onDayMs('2026-03-20')), 'c-2', { decidedOn: '2026-03-20' });
    const base = `/api/v1/trainees/${ref}`;
    t.equal((await post(`${base}/category`, { category: 'registered_unemployed', effectiveOn: '2026-03-01', reason: '失业登记' })).statusCode, 200);
    t.match(problemOf(t, await post(`${base}/category`, { category: 'registered_unemployed', effectiveOn: '2026-03-02', reason: 'x' })), { status: 422, code: 'trainee.no_change', errors: [{ path: 'category' }] });
    t.equal((await post(`${base}/insurance`, { months: 14, asOf: '2026-03-01' })).statusCode, 200);
    const cert = await post(`${base}/certificates`, { serialNumber: 's-2026-0001', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: '江西省职业技能鉴定中心', classId: 'c-1' });
    t.equal(cert.statusCode, 200);
    t.same(cert.json().events.map((e: { stream: string }) => e.stream), ['certificate-S-2026-0001', `trainee-${ref}`]);
    const taken = await post(`/api/v1/trainees/${other}/certificates`, { serialNumber: 'S-2026-0001', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-20', issuer: 'x' });
    t.match(problemOf(t, taken), { status: 409, code: 'certificate.serial_taken', errors: [{ path: 'serialNumber' }] });
    t.match(problemOf(t, await post(`${base}/insurance`, { months: 14, asOf: '2026-03-01' }, gzRegistrar)), { status: 403, reason: 'region' });
    t.match(problemOf(t, await post(`${base}/insurance`, { months: 14, asOf: '2026-03-01' }, h.token.finance)), { status: 403, reason: 'role' });
    t.match(problemOf(t, await post(`${base}/insurance`, { months: -1, asOf: '2026-03-01' })).errors, [{ path: 'body.months' }]);
    const got = (await get(base, ncRegistrar)).json();
    t.match(got, { categories: [{ category: 'rural_migrant_worker' }, { category: 'registered_unemployed', from: '2026-03-01' }], insurance: { months: 14 }, certificates: [{ serialNumber: 'S-2026-0001' }] });
  });

  t.test('an erased person: masked reads still work, a reveal is a 410', async (t) => {
    const [gone] = await givenTrainees(app, 1, principals.registrar, 30);
    await h.services.vault.erase(gone!);
    t.equal((await get(`/api/v1/trainees/${gone}`, h.token.admin)).statusCode, 200);
    t.match(problemOf(t, await get(`/api/v1/trainees/${gone}?reveal=true&purpose=data_subject_request`, h.token.admin)), { status: 410, type: PROBLEM('personal-data-erased') });
  });

  t.test('fuzz: every POST route, deep invalid bodies against records that exist (the 500 per route are in fuzz-command-routes.ts)', async (t) => {
    const base = `/api/v1/trainees/${ref}`;
    const newPerson = person({ idNumber: residentId('360731', '19880808', '015'), name: '谢晓', bankAccount: '6217001122334455' });
    const routes: [string, Record<string, unknown>][] = [
      ['/api/v1/trainees', newPerson],
      ['/api/v1/trainees/lookup', { idNumber: ID }],
      [`${base}/category`, { category: 'graduate_in_graduation_year', graduationYear: 2026, effectiveOn: '2026-06-01', reason: 'x' }],
      [`${base}/insurance`, { months: 20, asOf: '2026-06-01' }],
      [`${base}/certificates`, { serialNumber: 'S-2026-0099', occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-06-01', issuer: 'x', classId: 'c-1' }],
    ];
    for (const [url, validBody] of routes) await fuzzRoute(t, h, { url, token: ncRegistrar, validBody });
  });
});
