import t, { type Test } from 'tap';
import crypto from 'node:crypto';
import { createLogger } from '../../../src/logging/logger.ts';
import type { ReadModelsPort } from '../../../src/http/read-models.ts';
import { PROJECTIONS } from '../../../src/projections/catalog.ts';
import { Projections } from '../../../src/projections/projections.ts';
import { captureStream, PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';

/**
 * A fund's running totals are bounded (R2-2). Before, each allocation could be up to
 * 2^53 − 1 fen and nothing bounded their sum: two such allocations to one fund made the
 * fund read, the fund list and the fund totals answer 500 (the sum is no longer a safe
 * integer, so the response schema refused it). Now one command moves at most 10^13 fen
 * (400 at the body) and a fund's inflow stops at 10^13 (422 fund.total_limit_exceeded);
 * the reads stay exact.
 */

const LIMIT = 10 ** 13;
const HUGE = Number.MAX_SAFE_INTEGER;

/** A test server with the catalogue's projections running on its store. */
async function serverWithReadModels(t: Test) {
  const dataDir = t.testdir();
  let projections: Projections | undefined;
  const port: ReadModelsPort = {
    waitForPosition: (min, timeoutMs, names) => projections!.waitForPosition(min, timeoutMs, names),
    status: () => projections?.status() ?? [],
    close: async () => {},
    query: (name, q) => projections!.query(name, q),
  };
  const h = await testServer(t, { dataDir, readModels: port, options: { rateLimitPerMinute: 0 } });
  projections = Projections.start({ store: h.store, dataDir, logger: createLogger('info', captureStream), definitions: PROJECTIONS, progress: 'none', lagLogIntervalMs: 0 });
  t.teardown(() => projections!.close());
  return h;
}

t.test('huge allocations are refused; the fund, the fund list and the totals answer 200 with exact sums', async (t) => {
  const h = await serverWithReadModels(t);

  const fin = h.tokenFor('finance', '360100');
  const post = (url: string, payload: Record<string, unknown>) => h.call({ method: 'POST', url, token: fin, payload });
  t.equal((await post('/api/v1/funds', { fundId: 'big-2026', source: 'employment_subsidy', year: 2026, regionCode: '360102', openedOn: '2026-01-05' })).statusCode, 201);

  for (const allocationId of ['huge-1', 'huge-2']) {
    const res = await post('/api/v1/funds/big-2026/allocations', { allocationId, amountFen: HUGE, documentRef: '赣财社〔2026〕99号' });
    t.equal(res.statusCode, 400, `${allocationId}: one allocation above the fund limit is refused at the body`);
    t.match(problemOf(t, res), { type: PROBLEM('validation-failed'), errors: [{ path: 'body.amountFen' }] });
  }
  const full = await post('/api/v1/funds/big-2026/allocations', { allocationId: 'full', amountFen: LIMIT, documentRef: '赣财社〔2026〕100号' });
  t.equal(full.statusCode, 201, 'an allocation of exactly the limit is taken');
  const oneMore = await post('/api/v1/funds/big-2026/allocations', { allocationId: 'one-more', amountFen: 1, documentRef: '赣财社〔2026〕101号' });
  t.equal(oneMore.statusCode, 422, 'one fen more than the limit is refused by the fund');
  t.match(problemOf(t, oneMore), { type: PROBLEM('domain-rejection'), code: 'fund.total_limit_exceeded', errors: [{ path: 'amountFen' }] });
  const topUp = await post('/api/v1/funds/big-2026/adjustments', { adjustmentId: 'top-up', amountFen: 1, reasonCode: 'correction', documentRef: '赣财社〔2026〕102号' });
  t.equal(topUp.statusCode, 422, 'so is a positive adjustment');
  t.equal(problemOf(t, topUp).code, 'fund.total_limit_exceeded');
  const take = await post('/api/v1/funds/big-2026/adjustments', { adjustmentId: 'take', amountFen: -LIMIT, reasonCode: 'treasury_clawback', documentRef: '赣财社〔2026〕103号' });
  t.equal(take.statusCode, 201, 'money may always be taken out');
  const again = await post('/api/v1/funds/big-2026/allocations', { allocationId: 'again', amountFen: 1, documentRef: '赣财社〔2026〕104号' });
  t.equal(again.statusCode, 422, 'taking money out does not open room for more allocations: allocated alone stays bounded');
  const position = take.json().position as string;

  const fund = await h.call({ method: 'GET', url: `/api/v1/funds/big-2026?minPosition=${position}`, as: 'auditor' });
  t.equal(fund.statusCode, 200);
  t.match(fund.json(), { allocatedFen: LIMIT, adjustedFen: -LIMIT, availableFen: 0 });
  const list = await h.call({ method: 'GET', url: `/api/v1/funds?minPosition=${position}`, as: 'auditor' });
  t.equal(list.statusCode, 200);
  t.match(list.json().items, [{ fundId: 'big-2026', allocatedFen: LIMIT, adjustedFen: -LIMIT, availableFen: 0 }]);
  const totals = await h.call({ method: 'GET', url: `/api/v1/fund-totals?minPosition=${position}`, as: 'auditor' });
  t.equal(totals.statusCode, 200);
  t.same(totals.json().totals, [{ year: 2026, regionCode: '360102', funds: 1, allocatedFen: LIMIT, recoveredFen: 0, adjustedFen: -LIMIT, committedFen: 0, paidFen: 0, availableFen: 0, confirmedFen: 0 }]);
});

t.test('a fund recorded before the limit with sums beyond 2^53 − 1: the reads refuse with 422 sum-out-of-range, never 500', async (t) => {
  const h = await serverWithReadModels(t);
  const metadata = { actor: { id: 'u-old', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-06T09:00:00+08:00' };
  const event = (type: string, data: Record<string, unknown>) => ({ id: crypto.randomUUID().replace(/^(.{14})./, '$17'), type, schemaVersion: 1, data, metadata });
  const allocation = (allocationId: string) => event('FundAllocationReceived', { fundId: 'old-2026', allocationId, amountFen: HUGE, documentRef: 'd', receivedOn: '2026-01-06' });
  const appended = await h.store.append('fund-old-2026', [
    event('FundOpened', { fundId: 'old-2026', source: 'employment_subsidy', year: 2026, regionCode: '360102', openedOn: '2026-01-05' }),
    allocation('huge-1'),
    allocation('huge-2'),
  ], 'no_stream');
  const position = String(appended.position);
  for (const url of ['/api/v1/funds/old-2026', `/api/v1/funds?minPosition=${position}`, `/api/v1/fund-totals?minPosition=${position}`]) {
    const res = await h.call({ method: 'GET', url, as: 'auditor' });
    t.equal(res.statusCode, 422, url);
    t.match(problemOf(t, res), { type: PROBLEM('sum-out-of-range'), detail: /exceeds 9007199254740991 fen/ });
  }
});
