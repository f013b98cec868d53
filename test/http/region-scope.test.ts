import t from 'tap';
import { assertInRegion, regionScope } from '../../src/http/region-scope.ts';
import { ProblemError } from '../../src/http/problem.ts';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

const p = (region?: string) => ({ id: 'u-1', name: 'n', role: 'reviewer' as const, ...(region ? { region } : {}) });

t.test('assertInRegion follows the GB/T 2260 hierarchy and refuses with reason region', async (t) => {
  t.doesNotThrow(() => assertInRegion(p(), '360102', 'x'), 'no region: everything');
  t.doesNotThrow(() => assertInRegion(p(), undefined, 'x'), 'no region: also records without one');
  t.doesNotThrow(() => assertInRegion(p('360000'), '360102', 'x'), 'a province covers its counties');
  t.doesNotThrow(() => assertInRegion(p('360100'), '360102', 'x'), 'a city covers its counties');
  t.doesNotThrow(() => assertInRegion(p('360102'), '360102', 'x'));
  for (const [scope, region] of [['360100', '360200'], ['360102', '360103'], ['360000', '350102'], ['360102', '360100']] as const) {
    t.throws(() => assertInRegion(p(scope), region, 'application'), ProblemError, `${scope} does not cover ${region}`);
  }
  t.throws(() => assertInRegion(p('360100'), undefined, 'fund'), ProblemError, 'a record without a region is for unscoped principals only');
  try {
    assertInRegion(p('360100'), '360200', 'application');
  } catch (e) {
    t.match((e as ProblemError).toProblem(), { status: 403, reason: 'region', detail: 'this application lies outside region 360100' });
  }
});

t.test('regionScope gives the SQL filter of a list query', async (t) => {
  t.same(regionScope(p()).params, []);
  t.equal(regionScope(p()).sql('region'), '1 = 1');
  t.same(regionScope(p('360000')).params, ['36']);
  t.same(regionScope(p('360100')).params, ['3601']);
  t.same(regionScope(p('360102')).params, ['360102']);
  t.equal(regionScope(p('360100')).sql('a.region_code'), 'substr(a.region_code, 1, 4) = ?');
  t.throws(() => regionScope(p('360100')).sql('region; DROP TABLE x'), /not a column/);
});

t.test('a principal of one region can neither read nor act on another region\'s records', async (t) => {
  const h = await testServer(t);
  t.equal((await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: { accountId: 'nc', region: '360102' } })).statusCode, 201);
  const before = (await h.store.readAll()).length;
  const jiujiang = { finance: h.tokenFor('finance', '360400'), reviewer: h.tokenFor('reviewer', '360400') };
  const nanchang = { finance: h.tokenFor('finance', '360100'), reviewer: h.tokenFor('reviewer', '360100') };

  const read = await h.call({ method: 'GET', url: '/api/v1/toy/accounts/nc', token: jiujiang.reviewer });
  t.equal(read.statusCode, 403);
  t.match(problemOf(t, read), { type: PROBLEM('forbidden'), reason: 'region' });
  const act = await h.call({ method: 'POST', url: '/api/v1/toy/accounts/nc/deposits', token: jiujiang.finance, payload: { amountFen: 1 } });
  t.equal(act.statusCode, 403);
  t.match(problemOf(t, act), { reason: 'region' });
  const create = await h.call({ method: 'POST', url: '/api/v1/toy/accounts', token: jiujiang.finance, payload: { accountId: 'elsewhere', region: '360102' } });
  t.equal(create.statusCode, 403, 'nor create a record in another region');
  t.equal((await h.store.readAll()).length, before, 'nothing was written');

  t.equal((await h.call({ method: 'GET', url: '/api/v1/toy/accounts/nc', token: nanchang.reviewer })).statusCode, 200, 'the city sees its county');
  t.equal((await h.call({ method: 'POST', url: '/api/v1/toy/accounts/nc/deposits', token: nanchang.finance, payload: { amountFen: 1 } })).statusCode, 200);
});
