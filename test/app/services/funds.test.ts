import t from 'tap';
import { adjustFund, fundView, loadFundInScope, openFund, receiveAllocation } from '../../../src/app/services/funds.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { people } from './applications-fixtures.ts';
import { ctxFor, openTestApp, rejectsWith } from './registry-fixtures.ts';

const finance = () => ctxFor(people.finance);
const financeNc = () => ctxFor(people.financeNanchang);
const open = { fundId: 'nc-2026', source: 'employment_subsidy' as const, year: 2026, regionCode: '360100', openedOn: '2026-01-05' };

t.test('opening a fund: once, in the principal\'s region', async (t) => {
  const app = await openTestApp(t);
  await t.rejects(openFund(app.deps, ctxFor(people.financeGanzhou), open), RegionScopeError);
  const opened = await openFund(app.deps, financeNc(), open);
  t.same(opened.result, { fundId: 'nc-2026' });
  await rejectsWith(t, openFund(app.deps, financeNc(), open), 'fund.already_opened', 'fundId');
  await rejectsWith(t, openFund(app.deps, finance(), { ...open, fundId: 'x', source: 'lottery' as never }), 'fund.invalid_command', 'source');
  await rejectsWith(t, openFund(app.deps, finance(), { ...open, fundId: 'x', regionCode: '3601' }), 'fund.invalid_command', 'regionCode');
  await rejectsWith(t, receiveAllocation(app.deps, finance(), 'nope', { amountFen: 1, documentRef: 'd' }), 'fund.not_opened', 'fundId');
});

t.test('allocations and adjustments: retry-safe ids, never below zero, region-checked', async (t) => {
  const app = await openTestApp(t);
  await openFund(app.deps, financeNc(), open);
  const alloc = await receiveAllocation(app.deps, financeNc(), 'nc-2026', { amountFen: 1_000_000, documentRef: '赣财社〔2026〕12号', receivedOn: '2026-01-06' });
  t.match(alloc.result?.allocationId, /^alloc-/, 'an id is assigned when left out');
  await receiveAllocation(app.deps, financeNc(), 'nc-2026', { allocationId: 'A-2', amountFen: 500, documentRef: 'd2' });
  const repeat = await receiveAllocation(app.deps, financeNc(), 'nc-2026', { allocationId: 'A-2', amountFen: 500, documentRef: 'd2' });
  t.equal(repeat.steps[0]?.eventIds.length, 0, 'the same allocation again is not counted twice');
  await rejectsWith(t, receiveAllocation(app.deps, financeNc(), 'nc-2026', { allocationId: 'A-2', amountFen: 501, documentRef: 'd2' }), 'fund.allocation_id_conflict', 'allocationId');
  await rejectsWith(t, receiveAllocation(app.deps, financeNc(), 'nc-2026', { amountFen: 0, documentRef: 'd' }), 'fund.invalid_command', 'amountFen');

  await rejectsWith(t, adjustFund(app.deps, financeNc(), 'nc-2026', { amountFen: -1_000_501, reasonCode: 'treasury_clawback', documentRef: 'd3' }), 'fund.insufficient_available', 'amountFen');
  await adjustFund(app.deps, financeNc(), 'nc-2026', { adjustmentId: 'J-1', amountFen: -1_000_000, reasonCode: 'treasury_clawback', documentRef: 'd3', adjustedOn: '2026-02-01' });
  await rejectsWith(t, adjustFund(app.deps, financeNc(), 'nc-2026', { amountFen: 0, reasonCode: 'x', documentRef: 'd' }), 'fund.invalid_command', 'amountFen');

  const before = await app.rawStore.headPosition();
  await t.rejects(receiveAllocation(app.deps, ctxFor(people.financeGanzhou), 'nc-2026', { amountFen: 1, documentRef: 'd' }), RegionScopeError);
  await t.rejects(adjustFund(app.deps, ctxFor(people.financeGanzhou), 'nc-2026', { amountFen: 1, reasonCode: 'x', documentRef: 'd' }), RegionScopeError);
  await t.rejects(loadFundInScope(app.deps, ctxFor(people.financeGanzhou), 'nc-2026'), RegionScopeError);
  t.equal(await app.rawStore.headPosition(), before, 'nothing written for another region');

  const view = fundView((await loadFundInScope(app.deps, finance(), 'nc-2026'))!);
  t.same(view, { fundId: 'nc-2026', source: 'employment_subsidy', year: 2026, regionCode: '360100', allocatedFen: 1_000_500, recoveredFen: 0, adjustedFen: -1_000_000, committedFen: 0, paidFen: 0, availableFen: 500, applications: 0, payments: 0 });
  t.equal(await loadFundInScope(app.deps, finance(), 'nope'), undefined);
});
