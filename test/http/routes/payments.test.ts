import t from 'tap';
import { AMOUNT_FEN, DATES, FUND, asOpenedApp, buildFourTimeTrainee, eventsOfType, fundFromStore, givenApplication } from '../../app/services/applications-fixtures.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { problemOf, testServer } from '../helpers/test-server.ts';
import { moneyServer, ok, post, tokensOf } from './applications-helpers.ts';

/**
 * Payments, recoveries and the races of issue 4 through the API, over SQLite: fifty
 * parallel requests paying one approved application, parallel approvals draining one
 * fund, parallel submissions of one person beyond the quota.
 */

const A = (id: string, tail = '') => `/api/v1/applications/${id}${tail}`;

t.test('fifty parallel requests paying one approved application: one payment, the fund never below zero, the others a clear problem', async (t) => {
  const { h, w, tok } = await moneyServer(t, 1);
  await givenApplication(w, 0, 'a-1', 'approved');
  const requests = Array.from({ length: 50 }, (_, i) =>
    post(h, tok.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed }, { 'idempotency-key': `pay-a-1-attempt-${i}` }),
  );
  // Reads of the fund while the payments race: availability is never negative.
  const reads = Array.from({ length: 10 }, () => h.call({ method: 'GET', url: `/api/v1/funds/${FUND}`, token: tok.finance }));
  const [answers, fundReads] = await Promise.all([Promise.all(requests), Promise.all(reads)]);

  const created = answers.filter((r) => r.statusCode === 201);
  t.equal(created.length, 1, 'exactly one request paid');
  const codes = new Map<string, number>();
  for (const r of answers.filter((r) => r.statusCode !== 201)) {
    const p = problemOf(t, r);
    // One answer whichever stream sees the live payment first (the fund for a loser of the race, the application after the winner).
    t.equal(r.statusCode, 409, `refused with 409: ${p.code}`);
    t.equal(p.code, 'fund.application_already_paid', `one clear reason: ${p.code}: ${p.detail}`);
    codes.set(String(p.code), (codes.get(String(p.code)) ?? 0) + 1);
  }
  t.pass(`refusals: ${[...codes].map(([c, n]) => `${c}×${n}`).join(', ')}`);
  for (const r of fundReads) t.ok((r.json() as { availableFen: number }).availableFen >= 0, 'available never negative while they raced');

  t.equal((await eventsOfType(w.app, 'FundPaymentInstructed')).length, 1, 'one payment event in the fund');
  t.equal((await eventsOfType(w.app, 'ApplicationPaymentInstructed')).length, 1, 'and one on the application');
  const fund = await fundFromStore(w.app);
  t.match(fund.totals, { paidFen: AMOUNT_FEN, committedFen: 0 });
  t.ok(availableFen(fund.totals) >= 0);
  const paymentId = created[0]!.json().result.paymentId;
  t.equal((fund.payments.get(paymentId)?.amountFen), AMOUNT_FEN, 'the approved amount, no more');
});

t.test('twelve parallel approvals on a fund holding five: five commit, committed never above what the fund has', async (t) => {
  const { h, w, tok } = await moneyServer(t, 12, 5 * AMOUNT_FEN + 7);
  const ids = w.refs.map((_, i) => `a-${i}`);
  for (const [i, id] of ids.entries()) await givenApplication(w, i, id, 'in_publicity');
  const answers = await Promise.all(ids.map((id) => post(h, tok.reviewer, A(id, '/approval'), { fundId: FUND, approvedOn: DATES.approved })));
  t.equal(answers.filter((r) => r.statusCode === 200).length, 5);
  for (const r of answers.filter((r) => r.statusCode !== 200)) {
    t.equal(r.statusCode, 422);
    t.equal(problemOf(t, r).code, 'fund.insufficient_available');
  }
  const fund = await fundFromStore(w.app);
  t.equal(fund.totals.committedFen, 5 * AMOUNT_FEN);
  t.ok(fund.totals.committedFen + fund.totals.paidFen <= fund.totals.allocatedFen, 'total committed within what is available');
  t.equal(availableFen(fund.totals), 7);
});

t.test('four parallel submissions by one person, quota three: exactly three accepted', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 } });
  const { ref, claims } = await buildFourTimeTrainee(asOpenedApp(h.services, h.store));
  const tok = tokensOf(h);
  const answers = await Promise.all(
    claims.map((c, i) =>
      post(h, tok.registrar, '/api/v1/applications', { applicationId: `q-${i}`, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: ref, certificateSerial: c.serial, classId: c.classId, submittedOn: '2026-07-01' }),
    ),
  );
  t.equal(answers.filter((r) => r.statusCode === 201).length, 3);
  const refused = answers.filter((r) => r.statusCode !== 201);
  t.equal(refused.length, 1);
  t.equal(problemOf(t, refused[0]!).code, 'entitlement.yearly_quota_exceeded');
  t.equal((await eventsOfType(asOpenedApp(h.services, h.store), 'EntitlementClaimReserved')).length, 3);
});

t.test('bounce, re-pay and recover through the API', async (t) => {
  const { h, w, tok } = await moneyServer(t, 1);
  const { paymentId } = await givenApplication(w, 0, 'a-1', 'instructed');
  await ok(t, h, tok.finance, A('a-1', `/payments/${paymentId}/bounce`), { reasonCode: 'bank.account_closed', bouncedOn: DATES.paid });
  let app = (await h.call({ method: 'GET', url: A('a-1'), token: tok.finance })).json();
  t.equal(app.status, 'bounced');
  const repay = await post(h, tok.finance, A('a-1', '/payments'), { paymentId: 'p-2', instructedOn: DATES.paid });
  t.equal(repay.statusCode, 201);
  await ok(t, h, tok.finance, A('a-1', '/payments/p-2/confirmation'), { bankReference: 'ICBC-2', paidOn: DATES.paid });
  const partial = await post(h, tok.finance, A('a-1', '/recoveries'), { amountFen: 20_000, findingId: 'finding-3', documentRef: '追回决定书〔2026〕3号', recoveredOn: DATES.paid });
  t.equal(partial.statusCode, 201);
  t.match(partial.json().result, { applicationId: 'a-1', recoveryId: /^rec-/ });
  await ok(t, h, tok.finance, A('a-1', '/recoveries'), { amountFen: AMOUNT_FEN - 20_000, documentRef: '追回决定书〔2026〕4号', recoveredOn: DATES.paid });
  app = (await h.call({ method: 'GET', url: A('a-1'), token: tok.finance })).json();
  t.match(app, { status: 'paid', recoveredFen: AMOUNT_FEN, payments: [{ status: 'bounced' }, { paymentId: 'p-2', status: 'paid' }] });
  const fund = (await h.call({ method: 'GET', url: `/api/v1/funds/${FUND}`, token: tok.finance })).json();
  t.match(fund, { recoveredFen: AMOUNT_FEN, paidFen: AMOUNT_FEN, availableFen: 10 * AMOUNT_FEN, payments: 2 });
  const refused = await post(h, tok.reviewer, A('a-1', '/recoveries'), { amountFen: 1, documentRef: 'd' });
  t.equal(refused.statusCode, 403, 'recoveries are finance\'s');
});
