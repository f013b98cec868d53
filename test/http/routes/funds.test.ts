import t from 'tap';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';

/** The fund routes through inject(): opening, allocations, adjustments, the read, roles and regions. */

t.test('a fund is opened, receives money, is adjusted and read, by finance in its region', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 } });
  const fin = h.tokenFor('finance', '360100');
  const opened = await h.call({ method: 'POST', url: '/api/v1/funds', token: fin, payload: { fundId: 'nc-2026', source: 'ui_special_account', year: 2026, regionCode: '360102', openedOn: '2026-01-05' } });
  t.equal(opened.statusCode, 201);
  t.same(opened.json().result, { fundId: 'nc-2026' });
  const alloc = await h.call({ method: 'POST', url: '/api/v1/funds/nc-2026/allocations', token: fin, payload: { amountFen: 5_000_000, documentRef: '赣财社〔2026〕12号' } });
  t.equal(alloc.statusCode, 201);
  t.match(alloc.json().result.allocationId, /^alloc-/);
  const adj = await h.call({ method: 'POST', url: '/api/v1/funds/nc-2026/adjustments', token: fin, payload: { amountFen: -1_000_000, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕40号' } });
  t.equal(adj.statusCode, 201);
  const tooMuch = await h.call({ method: 'POST', url: '/api/v1/funds/nc-2026/adjustments', token: fin, payload: { amountFen: -4_000_001, reasonCode: 'treasury_clawback', documentRef: 'd' } });
  t.equal(tooMuch.statusCode, 422);
  t.match(problemOf(t, tooMuch), { type: PROBLEM('domain-rejection'), code: 'fund.insufficient_available', errors: [{ path: 'amountFen' }] });
  const again = await h.call({ method: 'POST', url: '/api/v1/funds', token: fin, payload: { fundId: 'nc-2026', source: 'ui_special_account', year: 2026, regionCode: '360102' } });
  t.equal(again.statusCode, 409);
  t.equal(problemOf(t, again).code, 'fund.already_opened');

  const read = await h.call({ method: 'GET', url: `/api/v1/funds/nc-2026?minPosition=${adj.json().position}`, as: 'auditor' });
  t.same(read.json(), { fundId: 'nc-2026', source: 'ui_special_account', year: 2026, regionCode: '360102', allocatedFen: 5_000_000, recoveredFen: 0, adjustedFen: -1_000_000, committedFen: 0, paidFen: 0, availableFen: 4_000_000, applications: 0, payments: 0 });
  t.equal((await h.call({ method: 'GET', url: '/api/v1/funds/nc-2026', token: h.tokenFor('reviewer', '360100') })).statusCode, 200, 'a reviewer of the city reads it');
  const elsewhere = await h.call({ method: 'GET', url: '/api/v1/funds/nc-2026', token: h.tokenFor('reviewer', '360103') });
  t.equal(elsewhere.statusCode, 403, 'a reviewer of another county does not');
  t.equal(problemOf(t, elsewhere).reason, 'region');
  t.equal((await h.call({ method: 'GET', url: '/api/v1/funds/none', as: 'finance' })).statusCode, 404);
  const registrar = await h.call({ method: 'POST', url: '/api/v1/funds', as: 'registrar', payload: { fundId: 'x', source: 'ui_special_account', year: 2026, regionCode: '360102' } });
  t.equal(registrar.statusCode, 403, 'only finance opens funds');
  t.equal(problemOf(t, registrar).reason, 'role');
});
