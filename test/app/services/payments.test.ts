import t from 'tap';
import { loadApplicationInScope } from '../../../src/app/services/applications.ts';
import { bouncePayment, confirmPayment, instructPayment } from '../../../src/app/services/payments.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { AMOUNT_FEN, DATES, FUND, fundFromStore, givenApplication, givenMoneyWorld, onDayMs, people, typesOf } from './applications-fixtures.ts';
import { ctxFor, rejectsWith } from './registry-fixtures.ts';

/**
 * Payments through the services. Each command is first decided against the application
 * as read (the plan refuses early, with the application's code); the fund then decides
 * again under its expected revision, and its codes (fund.application_already_paid …) are
 * the ones racing requests get: the fund decides each one (no payment twice, none above
 * the approval, none from an empty fund), the application records it. Parallel requests:
 * applications-concurrency.test.ts and the HTTP tests.
 */

// No step may be dated after its request's day: finance acts on the last day of the story (re-payment confirmed 2026-04-06).
const finance = () => ctxFor(people.finance, onDayMs('2026-04-06'));

t.test('when approved: one payment is instructed; a second one is refused by the fund', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  const { app } = w;
  await givenApplication(w, 0, 'a-1', 'approved');
  await givenApplication(w, 1, 'a-2', 'in_publicity');

  await rejectsWith(t, instructPayment(app.deps, finance(), 'a-2', { paymentId: 'p-x', instructedOn: DATES.instructed }), 'application.wrong_status', 'applicationId', 'no payment before approval');
  const first = await instructPayment(app.deps, finance(), 'a-1', { instructedOn: DATES.instructed });
  const paymentId = String(first.result?.paymentId);
  t.match(paymentId, /^pay-[0-9a-f-]{36}$/, 'a paymentId is assigned when left out');
  t.same(first.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-1']);
  const [instructed] = (await app.rawStore.readStream('application-a-1')).slice(-1);
  t.same(instructed?.data, { paymentId, fundId: FUND, amountFen: AMOUNT_FEN, payee: 'trainee', instructedOn: DATES.instructed }, 'the approved amount, to the trainee');

  const repeat = await instructPayment(app.deps, finance(), 'a-1', { paymentId, instructedOn: DATES.instructed });
  t.equal(repeat.steps.flatMap((s) => s.eventIds).length, 0, 'the same instruction again writes nothing');
  const before = await app.rawStore.headPosition();
  await rejectsWith(t, instructPayment(app.deps, finance(), 'a-1', { paymentId: 'p-2', instructedOn: DATES.instructed }), 'fund.application_already_paid', 'applicationId', 'planning sees the payment in flight: the same answer the fund gives a racing second payment');
  t.equal(await app.rawStore.headPosition(), before);
  const fund = await fundFromStore(app);
  t.equal(fund.payments.size, 1, 'exactly one payment');
  t.match(fund.totals, { committedFen: 0, paidFen: AMOUNT_FEN });
});

t.test('when instructed: the bank confirms once; a confirmed payment cannot bounce', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app } = w;
  const { paymentId } = await givenApplication(w, 0, 'a-1', 'instructed');
  await rejectsWith(t, confirmPayment(app.deps, finance(), 'a-1', 'p-unknown', { paidOn: DATES.paid }), 'application.payment_mismatch', 'paymentId');
  await confirmPayment(app.deps, finance(), 'a-1', paymentId!, { bankReference: 'ICBC-1', paidOn: DATES.paid });
  const again = await confirmPayment(app.deps, finance(), 'a-1', paymentId!, { bankReference: 'ICBC-1', paidOn: DATES.paid });
  t.equal(again.steps.flatMap((s) => s.eventIds).length, 0, 'a second confirmation writes nothing');
  await rejectsWith(t, bouncePayment(app.deps, finance(), 'a-1', paymentId!, { reasonCode: 'bank.account_closed', bouncedOn: DATES.paid }), 'application.wrong_status', 'applicationId', 'money that comes back later is a recovery');
  t.same(await typesOf(app, `entitlement-${w.refs[0]}`), ['EntitlementClaimReserved', 'EntitlementClaimPaid']);
  t.equal((await loadApplicationInScope(app.deps, finance(), 'a-1'))?.status, 'paid');
});

t.test('bounce and re-pay: the amount returns to committed, a new instruction pays it, the old one stays dead', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app } = w;
  const { paymentId } = await givenApplication(w, 0, 'a-1', 'instructed');
  const bounced = await bouncePayment(app.deps, finance(), 'a-1', paymentId!, { reasonCode: 'bank.account_closed', bouncedOn: DATES.paid });
  t.same(bounced.steps.map((s) => s.stream), [`fund-${FUND}`, 'application-a-1']);
  let fund = await fundFromStore(app);
  t.match(fund.totals, { committedFen: AMOUNT_FEN, paidFen: 0 }, 'back to committed, not to available');
  t.equal(availableFen(fund.totals), 9 * AMOUNT_FEN);
  t.equal((await loadApplicationInScope(app.deps, finance(), 'a-1'))?.status, 'bounced');
  await rejectsWith(t, confirmPayment(app.deps, finance(), 'a-1', paymentId!, { paidOn: '2026-04-02' }), 'application.payment_mismatch', 'paymentId', 'a bounced payment is never confirmed');

  await instructPayment(app.deps, finance(), 'a-1', { paymentId: 'pay-a-1-2', instructedOn: '2026-04-03' });
  await confirmPayment(app.deps, finance(), 'a-1', 'pay-a-1-2', { bankReference: 'ICBC-2', paidOn: '2026-04-06' });
  fund = await fundFromStore(app);
  t.match(fund.totals, { committedFen: 0, paidFen: AMOUNT_FEN });
  t.same([...fund.payments.values()].map((p) => [p.paymentId, p.status]), [
    [paymentId, 'bounced'],
    ['pay-a-1-2', 'confirmed'],
  ]);
  t.same((await loadApplicationInScope(app.deps, finance(), 'a-1'))?.payments.map((p) => p.status), ['bounced', 'paid']);
});

t.test('region scope: a Ganzhou finance officer cannot pay a Nanchang application', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await givenApplication(w, 0, 'a-1', 'approved');
  const before = await w.app.rawStore.headPosition();
  await t.rejects(instructPayment(w.app.deps, ctxFor(people.financeGanzhou, onDayMs(DATES.instructed)), 'a-1', { paymentId: 'p-gz', instructedOn: DATES.instructed }), RegionScopeError);
  t.equal(await w.app.rawStore.headPosition(), before);
  await instructPayment(w.app.deps, ctxFor(people.financeNanchang, onDayMs(DATES.instructed)), 'a-1', { paymentId: 'p-nc', instructedOn: DATES.instructed });
  t.pass('a Nanchang finance officer can');
});
