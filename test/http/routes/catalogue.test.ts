import t from 'tap';
import { fuzzRoute } from '../fuzz-routes.ts';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';
import { COOK, givenCatalogue } from '../../app/services/registry-fixtures.ts';

const project = (over: Record<string, unknown> = {}) => ({
  projectId: 'cook-4',
  occupationCode: COOK.occupationCode,
  occupationName: COOK.occupationName,
  level: 'intermediate',
  standardHours: 60,
  rateFen: 150_000,
  effectiveFrom: '2025-01-01',
  source: '赣人社字〔2025〕1号',
  ...over,
});

t.test('catalogue routes', async (t) => {
  const h = await testServer(t, { productionOnly: true, options: { rateLimitPerMinute: 0 } });
  const app = { deps: h.services };
  await givenCatalogue(app);
  const admin = h.token.admin;
  const post = (url: string, payload: unknown, token = admin) => h.call({ method: 'POST', url, payload: payload as object, token });

  t.test('add, read publicly, revise, retire', async (t) => {
    const added = await post('/api/v1/catalogues/360000/projects', project());
    t.equal(added.statusCode, 201);
    const body = added.json();
    t.match(body, { position: /^\d+$/, replayed: false, result: { catalogueId: '360000', projectId: 'cook-4' } });
    t.equal(body.events[0].stream, 'catalogue-360000');

    const list = await h.call({ method: 'GET', url: `/public/catalogues/360000/projects?minPosition=${body.position}` });
    t.equal(list.statusCode, 200, 'no token needed');
    t.same(list.json().projects.map((p: { projectId: string }) => p.projectId), ['cook-4', 'cook-5', 'elec-4']);

    const revised = await post('/api/v1/catalogues/360000/projects/cook-4/revisions', { effectiveFrom: '2026-01-01', occupationName: COOK.occupationName, standardHours: 64, rateFen: 160_000, source: 'x', reason: '标准调整' });
    t.equal(revised.statusCode, 200);
    const one = await h.call({ method: 'GET', url: '/public/catalogues/360000/projects/cook-4' });
    t.same(one.json().versions.map((v: { rateFen: number }) => v.rateFen), [150_000, 160_000]);

    const retired = await post('/api/v1/catalogues/360000/projects/elec-4/retirement', { lastDay: '2025-12-31', source: 'x', reason: '目录调整' });
    t.equal(retired.statusCode, 200);
    const on2026 = (await h.call({ method: 'GET', url: '/public/catalogues/360000/projects?on=2026-03-01' })).json();
    t.same(
      on2026.projects.map((p: { projectId: string; inForce: { rateFen: number } }) => [p.projectId, p.inForce.rateFen]),
      [['cook-4', 160_000], ['cook-5', 120_000]],
      'in force on a date, with the terms then; the retired project is gone',
    );
    const missing = await h.call({ method: 'GET', url: '/public/catalogues/360000/projects/nope' });
    t.equal(missing.statusCode, 404);
    t.equal(problemOf(t, missing).type, PROBLEM('not-found'));
    t.same((await h.call({ method: 'GET', url: '/public/catalogues/110000/projects' })).json().projects, [], 'another province’s (empty) catalogue');
  });

  t.test('rejections are 409/422 problems with their code and field', async (t) => {
    const exists = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'cook-5', level: 'senior' }));
    t.equal(exists.statusCode, 409);
    t.match(problemOf(t, exists), { type: PROBLEM('domain-conflict'), code: 'catalogue.project_exists', errors: [{ path: 'projectId' }] });
    const overlap = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'cook-5b', level: 'junior', effectiveFrom: '2026-06-01' }));
    t.equal(overlap.statusCode, 422);
    t.match(problemOf(t, overlap), { type: PROBLEM('domain-rejection'), code: 'catalogue.project_overlaps', errors: [{ path: 'effectiveFrom' }] });
    const notFound = await post('/api/v1/catalogues/360000/projects/nope/retirement', { lastDay: '2026-12-31', source: 'x', reason: 'y' });
    t.match(problemOf(t, notFound), { status: 422, code: 'catalogue.project_not_found' });
  });

  t.test('validation errors name the field', async (t) => {
    const neg = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'v-1', standardHours: -1 }));
    t.equal(neg.statusCode, 400);
    t.match(problemOf(t, neg), { type: PROBLEM('validation-failed'), errors: [{ path: 'body.standardHours' }] });
    const date = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'v-2', effectiveFrom: '2025-02-30' }));
    t.match(problemOf(t, date).errors, [{ path: 'body.effectiveFrom' }]);
    const extra = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'v-3', rawNote: 'x' }));
    t.match(problemOf(t, extra), { status: 400, detail: /rawNote/ });
    const city = await post('/api/v1/catalogues/360100/projects', project({ projectId: 'v-4' }));
    t.match(problemOf(t, city).errors, [{ path: 'params.catalogueId' }], 'a catalogue is a province’s');
  });

  t.test('403 for the wrong role or region', async (t) => {
    for (const role of ['registrar', 'reviewer', 'finance', 'inspector', 'auditor'] as const) {
      const res = await post('/api/v1/catalogues/360000/projects', project({ projectId: `r-${role}` }), h.token[role]);
      t.equal(res.statusCode, 403, role);
      t.match(problemOf(t, res), { type: PROBLEM('forbidden'), reason: 'role' });
    }
    const cityAdmin = await post('/api/v1/catalogues/360000/projects', project({ projectId: 'r-city' }), h.tokenFor('admin', '360100'));
    t.equal(cityAdmin.statusCode, 403);
    t.match(problemOf(t, cityAdmin), { reason: 'region' });
    const otherProvince = await post('/api/v1/catalogues/360000/projects/cook-5/retirement', { lastDay: '2026-12-31', source: 'x', reason: 'y' }, h.tokenFor('admin', '110000'));
    t.match(problemOf(t, otherProvince), { status: 403, reason: 'region' });
  });

  t.test('fuzz: every POST route, deep invalid bodies against records that exist (the 500 per route are in fuzz-command-routes.ts)', async (t) => {
    await fuzzRoute(t, h, { url: '/api/v1/catalogues/360000/projects', token: admin, validBody: project({ projectId: 'fz-new', level: 'technician' }) });
    await fuzzRoute(t, h, {
      url: '/api/v1/catalogues/360000/projects/cook-5/revisions',
      token: admin,
      validBody: { effectiveFrom: '2026-09-01', occupationName: COOK.occupationName, standardHours: 41, rateFen: 121_000, source: 'x', reason: 'y' },
    });
    await fuzzRoute(t, h, { url: '/api/v1/catalogues/360000/projects/cook-5/retirement', token: admin, validBody: { lastDay: '2026-12-31', source: 'x', reason: 'y' } });
  });
});
