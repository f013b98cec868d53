import t from 'tap';
import { loadApplicationInScope } from '../../../src/app/services/applications.ts';
import { recordRecovery } from '../../../src/app/services/recoveries.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { AMOUNT_FEN, FUND, fundFromStore, givenApplication, givenMoneyWorld, onDayMs, people } from './applications-fixtures.ts';
import { ctxFor, rejectsWith } from './registry-fixtures.ts';

// No step may be dated after its request's day: finance acts on the last day of the story (the last recovery, 2026-05-21).
const finance = () => ctxFor(people.finance, onDayMs('2026-05-21'));
const ALLOCATED = 10 * AMOUNT_FEN;

t.test('recovery (追回): partial then full, each back to available; never more than was paid', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  const { app } = w;
  await givenApplication(w, 0, 'a-1', 'paid');
  await givenApplication(w, 1, 'a-2', 'instructed');
  await rejectsWith(t, recordRecovery(app.deps, finance(), 'a-2', { amountFen: 1, documentRef: '追回决定书 1号', recoveredOn: '2026-05-06' }), 'application.wrong_status', 'applicationId', 'only a paid application');

  const partial = await recordRecovery(app.deps, finance(), 'a-1', { recoveryId: 'rec-1', amountFen: 50_000, findingId: 'finding-17', documentRef: '赣人社追〔2026〕3号', recoveredOn: '2026-05-06' });
  t.same(partial.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-1'], 'the fund decides first');
  let [recorded] = (await app.rawStore.readStream('application-a-1')).slice(-1);
  t.match(recorded?.data, { recoveryId: 'rec-1', paymentId: 'pay-a-1', amountFen: 50_000, totalRecoveredFen: 50_000, full: false, findingId: 'finding-17' });
  let fund = await fundFromStore(app);
  t.equal(fund.totals.recoveredFen, 50_000);
  t.equal(availableFen(fund.totals), ALLOCATED - 2 * AMOUNT_FEN + 50_000);

  await rejectsWith(t, recordRecovery(app.deps, finance(), 'a-1', { amountFen: 70_001, documentRef: 'x', recoveredOn: '2026-05-07' }), 'application.recovery_exceeds_paid', 'amountFen');
  await rejectsWith(t, recordRecovery(app.deps, finance(), 'a-1', { recoveryId: 'rec-1', amountFen: 1, documentRef: 'x', recoveredOn: '2026-05-07' }), 'application.recovery_id_conflict', 'recoveryId');
  const repeat = await recordRecovery(app.deps, finance(), 'a-1', { recoveryId: 'rec-1', amountFen: 50_000, findingId: 'finding-17', documentRef: '赣人社追〔2026〕3号', recoveredOn: '2026-05-06' });
  t.equal(repeat.steps.flatMap((s) => s.eventIds).length, 0, 'the same recovery again moves nothing');

  await recordRecovery(app.deps, finance(), 'a-1', { amountFen: 70_000, documentRef: '赣人社追〔2026〕4号', recoveredOn: '2026-05-20' });
  [recorded] = (await app.rawStore.readStream('application-a-1')).slice(-1);
  t.match(recorded?.data, { amountFen: 70_000, totalRecoveredFen: AMOUNT_FEN, full: true });
  await rejectsWith(t, recordRecovery(app.deps, finance(), 'a-1', { amountFen: 1, documentRef: 'x', recoveredOn: '2026-05-21' }), 'application.recovery_exceeds_paid', 'amountFen');

  fund = await fundFromStore(app);
  const s = fund.totals;
  t.equal(s.allocatedFen + s.recoveredFen + s.adjustedFen, availableFen(s) + s.committedFen + s.paidFen, 'money is conserved');
  t.equal(s.recoveredFen, AMOUNT_FEN);
  const view = await loadApplicationInScope(app.deps, finance(), 'a-1');
  t.equal(view?.recoveredFen, AMOUNT_FEN);
  t.equal(view?.status, 'paid', 'a recovered application stays paid: recovery is a later movement, not an undoing');
});
