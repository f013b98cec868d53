import t, { type Test } from 'tap';
import { ROLES } from '../../src/access/roles.ts';
import { ACCESS_MATRIX, extendMatrix, matrixGaps, routeKey } from '../../src/http/access-matrix.ts';
import { defineFeature } from '../../src/http/feature.ts';
import { FEATURES } from '../../src/http/features.ts';
import { TOY_MATRIX_ROWS } from './fixtures/toy-feature.ts';
import { PROBLEM, problemOf, testServer, type TestServer } from './helpers/test-server.ts';

/** A concrete URL for a route pattern: every `:param` filled with a plausible value. */
function concrete(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, 'x1').replace(/\*/g, 'x1');
}

/**
 * Every cell of the matrix, generically: for each row, each role (a principal without a
 * region, so that region scope never decides) is allowed (anything but 401/403) or denied
 * (a 403 `forbidden` problem with reason `role`), and no token at all is a 401 unless the
 * row is public. Also: every /api route registered has a row and every row a route.
 */
async function checkEveryCell(t: Test, h: TestServer, only: (key: string) => boolean = () => true): Promise<void> {
  const apiKeys = h.app.routeTable.apiKeys();
  const gaps = matrixGaps(h.app.accessMatrix, apiKeys);
  t.same(gaps.unlisted, [], 'every /api route has a row in the access matrix');
  t.same(gaps.unregistered, [], 'every row of the access matrix is a registered route');
  t.ok(h.app.accessMatrix.size > 0);
  for (const [key, access] of h.app.accessMatrix) {
    if (!only(key)) continue;
    const [method, url] = key.split(' ') as [string, string];
    const base = { method: method as 'GET', url: concrete(url), ...(method === 'GET' ? {} : { payload: {} }) };
    for (const role of ROLES) {
      const res = await h.call({ ...base, as: role });
      const allowed = access === 'public' || access.includes(role);
      if (allowed) {
        t.notOk([401, 403].includes(res.statusCode), `${key} as ${role}: allowed (${res.statusCode})`);
      } else {
        t.equal(res.statusCode, 403, `${key} as ${role}: denied`);
        t.match(problemOf(t, res), { type: PROBLEM('forbidden'), reason: 'role' });
      }
    }
    const anonymous = await h.call(base);
    if (access === 'public') t.notOk([401, 403].includes(anonymous.statusCode), `${key} without a token: allowed`);
    else {
      t.equal(anonymous.statusCode, 401, `${key} without a token: 401`);
      t.equal(problemOf(t, anonymous).type, PROBLEM('unauthenticated'));
      t.equal(anonymous.headers['www-authenticate'], 'Bearer');
    }
  }
}

t.test('the production matrix: every cell', async (t) => {
  const h = await testServer(t, { productionOnly: true });
  t.equal(h.app.accessMatrix, ACCESS_MATRIX);
  await checkEveryCell(t, h);
});

t.test('the harness also covers features added later (here the toy feature, with a public row)', async (t) => {
  const h = await testServer(t);
  t.ok([...h.app.accessMatrix.values()].includes('public'));
  // The production rows' cells are those of the test above; here the rows the toy added.
  const added = (key: string) => !ACCESS_MATRIX.has(key);
  t.equal([...h.app.accessMatrix.keys()].filter(added).length, Object.keys(TOY_MATRIX_ROWS).length, 'the toy rows are the added ones');
  await checkEveryCell(t, h, added);
});

t.test('an unknown, malformed or revoked token is a 401, also on a public route', async (t) => {
  const h = await testServer(t);
  const bad = ['tz_' + 'A'.repeat(43), 'not-a-token'];
  for (const token of bad) {
    for (const url of ['/api/v1/whoami', '/api/v1/toy/notice']) {
      const res = await h.call({ method: 'GET', url, token });
      t.equal(res.statusCode, 401, `${url} with ${token.slice(0, 5)}…`);
      t.equal(problemOf(t, res).type, PROBLEM('unauthenticated'));
    }
  }
  const basic = await h.app.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
  t.equal(basic.statusCode, 401, 'another scheme is refused, not ignored');
  const token = h.tokenFor('reviewer', '360100');
  t.equal((await h.call({ method: 'GET', url: '/api/v1/whoami', token })).statusCode, 200);
  h.tokens.revoke('u-test-reviewer-360100', '2026-03-03T09:00:00.000+08:00');
  const revoked = await h.call({ method: 'GET', url: '/api/v1/whoami', token });
  t.equal(revoked.statusCode, 401, 'revocation takes effect on the next request');
});

t.test('whoami answers the principal without its name', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'GET', url: '/api/v1/whoami', token: h.tokenFor('registrar', '360102') });
  t.same(res.json(), { id: 'u-test-registrar-360102', role: 'registrar', region: '360102' });
});

t.test('HEAD follows the GET row', async (t) => {
  const h = await testServer(t);
  t.equal((await h.call({ method: 'HEAD', url: '/api/v1/whoami', as: 'auditor' })).statusCode, 200);
  t.equal(routeKey('head', '/x'), 'GET /x');
});

t.test('the server refuses to start when routes and matrix disagree', async (t) => {
  const stray = defineFeature('stray', (app) => {
    app.get('/api/v1/stray', async () => ({}));
  });
  await t.rejects(testServer(t, { features: [...FEATURES, stray], matrix: ACCESS_MATRIX }), /routes without a row: \[GET \/api\/v1\/stray\]/);
  await t.rejects(testServer(t, { features: FEATURES, matrix: extendMatrix(ACCESS_MATRIX, { 'POST /api/v1/ghost': ['admin'] }) }), /rows without a route: \[POST \/api\/v1\/ghost\]/);
  t.throws(() => extendMatrix(ACCESS_MATRIX, { 'GET /api/v1/whoami': ['admin'] }), /listed twice/);
  t.same(matrixGaps(extendMatrix(ACCESS_MATRIX, TOY_MATRIX_ROWS), ['GET /api/v1/whoami']).unregistered.length, ACCESS_MATRIX.size - 1 + Object.keys(TOY_MATRIX_ROWS).length);
});
