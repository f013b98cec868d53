import t from 'tap';
import { fuzzRoute } from '../fuzz-routes.ts';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { onDayMs } from '../../app/services/applications-fixtures.ts';
import { COOK, ELECTRICIAN, GANZHOU_SCHOOL, NANCHANG_SCHOOL, creditCode, givenInstitution } from '../../app/services/registry-fixtures.ts';

const registration = (over: Record<string, unknown> = {}) => ({
  creditCode: creditCode('360100', 'MA35F0003'),
  licenceNumber: 'L-003',
  name: '南昌市青山湖区技工学校',
  address: '南昌市青山湖区',
  nature: 'public',
  regionCode: '360111',
  occupations: [COOK.occupationCode],
  creditGrade: 'A',
  registeredOn: '2025-06-01',
  ...over,
});

t.test('institution routes', async (t) => {
  // The ladder's story runs to a licence revoked on 2026-11-01: the server acts on that day, as no step may be dated after the request's day.
  const h = await testServer(t, { productionOnly: true, options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs('2026-11-01'), 1) });
  const app = { deps: h.services };
  await givenInstitution(app); // Nanchang, listed
  await givenInstitution(app, GANZHOU_SCHOOL, '360700'); // Ganzhou, listed
  const admin = h.token.admin;
  const ncRegistrar = h.tokenFor('registrar', '360100');
  const post = (url: string, payload: unknown, token = admin) => h.call({ method: 'POST', url, payload: payload as object, token });
  const NC = `/api/v1/institutions/${NANCHANG_SCHOOL}`;

  t.test('register, list, read', async (t) => {
    const reg = await post('/api/v1/institutions', registration(), ncRegistrar);
    t.equal(reg.statusCode, 201);
    const code = reg.json().result.institutionId as string;
    t.equal(reg.json().events[0].stream, `institution-${code}`);
    const listed = await post(`/api/v1/institutions/${code}/listing`, { listedOn: '2025-07-01', reason: '评审通过' });
    t.equal(listed.statusCode, 200);
    const got = await h.call({ method: 'GET', url: `/api/v1/institutions/${code}?on=2025-07-01&minPosition=${listed.json().position}`, token: ncRegistrar });
    t.equal(got.statusCode, 200);
    t.match(got.json(), { creditCode: code, status: 'listed', occupations: [COOK.occupationCode], creditGrade: 'A', regionCode: '360111' });
    t.match((await h.call({ method: 'GET', url: `/api/v1/institutions/${code}?on=2025-06-15`, as: 'auditor' })).json(), { status: 'unlisted' });
    const pub = await h.call({ method: 'GET', url: `/public/institutions/${code}?on=2025-07-01` });
    t.equal(pub.statusCode, 200, 'the public catalogue needs no token');
    t.match(pub.json(), { name: '南昌市青山湖区技工学校', status: 'listed' });
    t.notOk('creditGrade' in pub.json(), 'the grade (which weights sampling) is not public');
    t.notOk('sanctions' in pub.json());
    t.equal((await h.call({ method: 'GET', url: `/api/v1/institutions/${creditCode('360100', 'MA35F0099')}`, as: 'admin' })).statusCode, 404);
  });

  t.test('occupations, grade and the ladder through the routes', async (t) => {
    t.equal((await post(`${NC}/occupations`, { occupations: [COOK.occupationCode, ELECTRICIAN.occupationCode], effectiveOn: '2026-01-01', reason: '新增' })).statusCode, 200);
    t.equal((await post(`${NC}/credit-grade`, { creditGrade: 'C', effectiveOn: '2026-01-01', reason: '抽查发现问题' })).statusCode, 200);
    t.equal((await post(`${NC}/interviews`, { on: '2026-02-01', reason: '考勤异常' }, h.token.inspector)).statusCode, 200);
    t.equal((await post(`${NC}/rectification-notices`, { on: '2026-02-02', reason: '考勤异常', deadline: '2026-02-20' }, h.token.inspector)).statusCode, 200);
    t.equal((await post(`${NC}/suspension`, { from: '2026-02-21', to: '2026-03-20', reason: '逾期未整改' })).statusCode, 200);
    t.equal((await post(`${NC}/suspension-lifting`, { on: '2026-03-01', reason: '整改完成' })).statusCode, 200);
    t.equal((await post(`${NC}/delisting`, { on: '2026-03-02', reason: '再次违规' })).statusCode, 200);
    t.equal((await post(`${NC}/blacklisting`, { from: '2026-04-01', until: '2026-09-30', reason: '虚假培训' })).statusCode, 200);
    t.equal((await post(`${NC}/blacklist-removal`, { on: '2026-10-01', reason: '期满' })).statusCode, 200);
    t.equal((await post(`${NC}/licence-revocation`, { on: '2026-11-01', reason: '吊销' })).statusCode, 200);
    const s = (await h.call({ method: 'GET', url: `${NC}?on=2026-02-25`, as: 'inspector' })).json();
    t.equal(s.status, 'suspended');
    t.same(s.sanctions.map((x: { step: string }) => x.step), ['interview', 'rectificationNotice', 'suspend', 'liftSuspension', 'delist', 'blacklist', 'removeFromBlacklist', 'revokeLicence']);
  });

  t.test('rejections: 409 for what already happened, 422 for other rules, with code and field', async (t) => {
    const again = await post('/api/v1/institutions', registration({ creditCode: GANZHOU_SCHOOL, regionCode: '360700' }));
    t.equal(again.statusCode, 409);
    t.match(problemOf(t, again), { type: PROBLEM('domain-conflict'), code: 'institution.already_registered', errors: [{ path: 'creditCode' }] });
    const GZ = `/api/v1/institutions/${GANZHOU_SCHOOL}`;
    const relist = await post(`${GZ}/listing`, { listedOn: '2026-01-01', reason: 'x' });
    t.equal(relist.statusCode, 409);
    t.match(problemOf(t, relist), { code: 'institution.already_listed', errors: [{ path: 'listedOn' }] });
    const deadline = await post(`${GZ}/rectification-notices`, { on: '2026-02-02', reason: 'x', deadline: '2026-02-01' });
    t.equal(deadline.statusCode, 422);
    t.match(problemOf(t, deadline), { type: PROBLEM('domain-rejection'), code: 'institution.deadline_before_notice', errors: [{ path: 'deadline' }] });
    const unknown = await post(`/api/v1/institutions/${creditCode('360100', 'MA35F0098')}/listing`, { listedOn: '2026-01-01', reason: 'x' });
    t.match(problemOf(t, unknown), { status: 422, code: 'institution.not_registered' });
  });

  t.test('validation errors name the field', async (t) => {
    const code = await post('/api/v1/institutions', registration({ creditCode: '91360100MA35F0003X' }));
    t.match(problemOf(t, code), { status: 400, errors: [{ path: 'body.creditCode', message: /check character/ }] });
    const occ = await post('/api/v1/institutions', registration({ occupations: ['cook'] }));
    t.match(problemOf(t, occ).errors, [{ path: 'body.occupations.0' }]);
    const path = await post('/api/v1/institutions/not-a-code/listing', { listedOn: '2026-01-01', reason: 'x' });
    t.match(problemOf(t, path).errors, [{ path: 'params.creditCode' }]);
    const date = await post(`${NC}/suspension`, { from: '2026-13-01', to: '2026-03-20', reason: 'x' });
    t.match(problemOf(t, date).errors, [{ path: 'body.from' }]);
  });

  t.test('403 for the wrong role or region', async (t) => {
    const GZ = `/api/v1/institutions/${GANZHOU_SCHOOL}`;
    for (const [url, body, role] of [
      [`${GZ}/suspension`, { from: '2026-05-01', to: '2026-05-31', reason: 'x' }, 'inspector'],
      [`${GZ}/listing`, { listedOn: '2026-05-01', reason: 'x' }, 'registrar'],
      [`${GZ}/interviews`, { on: '2026-05-01', reason: 'x' }, 'reviewer'],
      ['/api/v1/institutions', registration(), 'finance'],
    ] as const) {
      const res = await post(url, body, h.token[role]);
      t.equal(res.statusCode, 403, `${role} on ${url}`);
      t.match(problemOf(t, res), { reason: 'role' });
    }
    const ncAdmin = h.tokenFor('admin', '360100');
    const before = await h.store.headPosition();
    t.match(problemOf(t, await post(`${GZ}/suspension`, { from: '2026-05-01', to: '2026-05-31', reason: 'x' }, ncAdmin)), { status: 403, reason: 'region' });
    t.match(problemOf(t, await post('/api/v1/institutions', registration({ regionCode: '360702' }), ncRegistrar)), { status: 403, reason: 'region' });
    t.match(problemOf(t, await h.call({ method: 'GET', url: GZ, token: ncRegistrar })), { status: 403, reason: 'region' });
    t.equal(await h.store.headPosition(), before, 'nothing written');
  });

  t.test('fuzz: every POST route, deep invalid bodies against records that exist (the 500 per route are in fuzz-command-routes.ts)', async (t) => {
    const GZ = `/api/v1/institutions/${GANZHOU_SCHOOL}`;
    const routes: [string, Record<string, unknown>][] = [
      ['/api/v1/institutions', registration({ creditCode: creditCode('360700', 'MA35F0077'), regionCode: '360700' })],
      [`${GZ}/listing`, { listedOn: '2026-05-01', reason: 'x', reviewRef: 'r-1' }],
      [`${GZ}/occupations`, { occupations: [ELECTRICIAN.occupationCode], effectiveOn: '2026-05-01', reason: 'x' }],
      [`${GZ}/credit-grade`, { creditGrade: 'D', effectiveOn: '2026-05-01', reason: 'x' }],
      [`${GZ}/interviews`, { on: '2026-05-01', reason: 'x', reference: 'ref-1' }],
      [`${GZ}/rectification-notices`, { on: '2026-05-01', reason: 'x', deadline: '2026-05-20' }],
      [`${GZ}/suspension`, { from: '2026-05-01', to: '2026-05-31', reason: 'x' }],
      [`${GZ}/suspension-lifting`, { on: '2026-05-01', reason: 'x' }],
      [`${GZ}/delisting`, { on: '2026-05-01', reason: 'x' }],
      [`${GZ}/blacklisting`, { from: '2026-05-01', until: '2026-12-31', reason: 'x' }],
      [`${GZ}/blacklist-removal`, { on: '2026-05-01', reason: 'x' }],
      [`${GZ}/licence-revocation`, { on: '2026-05-01', reason: 'x' }],
    ];
    for (const [url, validBody] of routes) await fuzzRoute(t, h, { url, token: admin, validBody });
  });
});
