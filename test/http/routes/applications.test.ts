import t from 'tap';
import { DATES, FUND, AMOUNT_FEN, eventsOfType, fundFromStore, onDayMs, submission } from '../../app/services/applications-fixtures.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { forwardingStore } from '../../../src/eventstore/forwarding-store.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import { PROBLEM, problemOf, testServer } from '../helpers/test-server.ts';
import { moneyServer, ok, post, tokensOf } from './applications-helpers.ts';

/**
 * The application routes through inject(), over SQLite: the lifecycle as the people who
 * run it call it, each rule's refusal as a problem with its code, region scope, and a
 * crash between saga steps completed by the same Idempotency-Key after a restart.
 */

const A = (id: string, tail = '') => `/api/v1/applications/${id}${tail}`;

t.test('the lifecycle through the API, each step by its role, read back with minPosition', async (t) => {
  const { h, w, tok } = await moneyServer(t, 1);
  const sub = await post(h, tok.registrar, '/api/v1/applications', { ...submission(w, 0, 'a-1'), applicationId: undefined });
  t.equal(sub.statusCode, 201);
  const id = String(sub.json().result.applicationId);
  t.match(id, /^app-/, 'an id is assigned');
  t.same(sub.json().events.map((e: { stream: string }) => e.stream), [`entitlement-${w.refs[0]}`, `application-${id}`]);

  await ok(t, h, tok.reviewer, A(id, '/initial-review'), { decision: 'approve', reviewedOn: DATES.reviewed });
  await ok(t, h, tok.reviewer2, A(id, '/final-review'), { decision: 'approve', reviewedOn: DATES.reviewed });
  await ok(t, h, tok.reviewer, A(id, '/publicity'), { startOn: DATES.publicity });
  await ok(t, h, tok.reviewer, A(id, '/approval'), { fundId: FUND, approvedOn: DATES.approved });
  const paid = await post(h, tok.finance, A(id, '/payments'), { instructedOn: DATES.instructed });
  t.equal(paid.statusCode, 201);
  const paymentId = String(paid.json().result.paymentId);
  const confirmed = await ok(t, h, tok.finance, A(id, `/payments/${paymentId}/confirmation`), { bankReference: 'ICBC-77', paidOn: DATES.paid });

  const read = await h.call({ method: 'GET', url: `${A(id)}?minPosition=${confirmed.position}`, token: tok.reviewer });
  t.equal(read.statusCode, 200);
  t.match(read.json(), { applicationId: id, status: 'paid', amountFen: AMOUNT_FEN, fundId: FUND, payments: [{ paymentId, status: 'paid', amountFen: AMOUNT_FEN }], initialReview: { reviewerId: 'u-test-reviewer-360100' }, finalReview: { reviewerId: 'u-test-reviewer' } });
  t.notOk(JSON.stringify(read.json()).includes('代为申请'), 'no proxy agreement text in the view');
  const fund = await h.call({ method: 'GET', url: `/api/v1/funds/${FUND}`, token: tok.finance });
  t.match(fund.json(), { paidFen: AMOUNT_FEN, committedFen: 0, availableFen: 9 * AMOUNT_FEN });
  const auditor = await h.call({ method: 'GET', url: A(id), as: 'auditor' });
  t.equal(auditor.statusCode, 200, 'auditors trace it');
  t.equal((await h.call({ method: 'GET', url: A('nope'), token: tok.reviewer })).statusCode, 404);
});

t.test('each rule\'s refusal is a problem carrying its code: 409 for a clash with the past, 422 for a rule, 400 for bad input', async (t) => {
  const { h, w, tok } = await moneyServer(t, 2, AMOUNT_FEN);
  await ok(t, h, tok.registrar, '/api/v1/applications', submission(w, 0, 'a-1'));
  const expect = async (label: string, status: number, code: string | undefined, res: Awaited<ReturnType<typeof post>>) => {
    t.equal(res.statusCode, status, `${label}: ${status}`);
    const p = problemOf(t, res);
    if (code !== undefined) t.equal(p.code, code, `${label}: ${code}`);
    return p;
  };
  await expect('same id again, another person', 409, 'application.already_submitted', await post(h, tok.registrar, '/api/v1/applications', submission(w, 1, 'a-1')));
  await expect('same certificate again', 409, 'entitlement.certificate_already_claimed', await post(h, tok.registrar, '/api/v1/applications', submission(w, 0, 'a-2')));
  await expect('unknown certificate', 422, 'application.certificate_not_found', await post(h, tok.registrar, '/api/v1/applications', submission(w, 1, 'a-3', { certificateSerial: 'JX-NONE-0001' })));
  const invalid = await expect('an ID number as personRef', 400, undefined, await post(h, tok.registrar, '/api/v1/applications', submission(w, 1, 'a-3', { personRef: '360426199101010071' })));
  t.match(invalid, { type: PROBLEM('validation-failed'), errors: [{ path: 'body.personRef' }] });
  t.notOk(JSON.stringify(invalid).includes('360426199101010071'), 'the refused value is not echoed');
  await expect('unknown field', 400, undefined, await post(h, tok.registrar, '/api/v1/applications', { ...submission(w, 1, 'a-3'), bankAccount: '6222020000001234' }));

  await ok(t, h, tok.reviewer, A('a-1', '/initial-review'), { decision: 'approve', reviewedOn: DATES.reviewed });
  await expect('four eyes', 422, 'application.same_reviewer', await post(h, tok.reviewer, A('a-1', '/final-review'), { decision: 'approve', reviewedOn: DATES.reviewed }));
  await expect('reject without reason', 400, undefined, await post(h, tok.reviewer2, A('a-1', '/final-review'), { decision: 'reject' }));
  await ok(t, h, tok.reviewer2, A('a-1', '/final-review'), { decision: 'approve', reviewedOn: DATES.reviewed });
  await ok(t, h, tok.reviewer, A('a-1', '/publicity'), { startOn: DATES.publicity });
  await expect('approval during publicity', 422, 'application.publicity_not_ended', await post(h, tok.reviewer, A('a-1', '/approval'), { fundId: FUND, approvedOn: DATES.publicityEnd }));
  const objection = await post(h, tok.reviewer, A('a-1', '/objections'), { groundsCode: 'fake_trainee', raisedOn: '2026-03-23' });
  t.equal(objection.statusCode, 201);
  const objectionId = String(objection.json().result.objectionId);
  await expect('open objection', 422, 'application.objection_open', await post(h, tok.reviewer, A('a-1', '/approval'), { fundId: FUND, approvedOn: DATES.approved }));
  await ok(t, h, tok.reviewer, A('a-1', `/objections/${objectionId}/resolution`), { outcome: 'dismissed', reasonCode: 'attendance_verified', resolvedOn: '2026-03-25' });
  await expect('payment before approval', 422, 'application.wrong_status', await post(h, tok.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed }));
  await ok(t, h, tok.reviewer, A('a-1', '/approval'), { fundId: FUND, approvedOn: DATES.approved });
  await expect('approval on another fund', 409, 'application.already_approved', await post(h, tok.reviewer, A('a-1', '/approval'), { fundId: 'other', approvedOn: DATES.approved }));
  await ok(t, h, tok.finance, A('a-1', '/payments'), { paymentId: 'p-1', instructedOn: DATES.instructed });
  await expect('withdrawal with money on its way', 422, 'application.wrong_status', await post(h, tok.registrar, A('a-1', '/withdrawal'), { reasonCode: 'applicant_request' }));
  await expect('recovery of an unconfirmed payment', 422, 'application.wrong_status', await post(h, tok.finance, A('a-1', '/recoveries'), { amountFen: 1, documentRef: 'd' }));
  await ok(t, h, tok.finance, A('a-1', '/payments/p-1/confirmation'), { paidOn: DATES.paid });
  await expect('recovery above what was paid', 422, 'application.recovery_exceeds_paid', await post(h, tok.finance, A('a-1', '/recoveries'), { amountFen: AMOUNT_FEN + 1, documentRef: 'd', recoveredOn: DATES.paid }));
  await expect('recovery id reused', 409, 'application.recovery_id_conflict', await (async () => {
    await ok(t, h, tok.finance, A('a-1', '/recoveries'), { recoveryId: 'r-1', amountFen: 100, documentRef: 'd', recoveredOn: DATES.paid });
    return post(h, tok.finance, A('a-1', '/recoveries'), { recoveryId: 'r-1', amountFen: 200, documentRef: 'd', recoveredOn: DATES.paid });
  })());
  await expect('fund allocation id reused', 409, 'fund.allocation_id_conflict', await (async () => {
    await ok(t, h, tok.finance, `/api/v1/funds/${FUND}/allocations`, { allocationId: 'al-1', amountFen: 100, documentRef: 'd' });
    return post(h, tok.finance, `/api/v1/funds/${FUND}/allocations`, { allocationId: 'al-1', amountFen: 200, documentRef: 'd' });
  })());
  await expect('a role the matrix does not list', 403, undefined, await post(h, tok.finance, A('a-1', '/initial-review'), { decision: 'approve' }));
});

t.test('region scope: a Ganzhou reviewer can neither read nor act on a Nanchang application; nothing is written', async (t) => {
  const { h, w, tok } = await moneyServer(t, 1);
  await ok(t, h, tok.registrar, '/api/v1/applications', submission(w, 0, 'a-1'));
  const before = await h.store.headPosition();
  const refused = [
    await h.call({ method: 'GET', url: A('a-1'), token: tok.reviewerGanzhou }),
    await post(h, tok.reviewerGanzhou, A('a-1', '/initial-review'), { decision: 'approve', reviewedOn: DATES.reviewed }),
    await post(h, tok.reviewerGanzhou, A('a-1', '/initial-review'), { decision: 'reject', reasonCode: 'x', reviewedOn: DATES.reviewed }),
    await post(h, tok.registrarGanzhou, A('a-1', '/withdrawal'), { reasonCode: 'applicant_request' }),
    await post(h, tok.registrarGanzhou, '/api/v1/applications', submission(w, 0, 'a-gz')),
    await h.call({ method: 'GET', url: `/api/v1/funds/${FUND}`, token: tok.financeGanzhou }),
    await post(h, tok.financeGanzhou, `/api/v1/funds/${FUND}/allocations`, { amountFen: 1, documentRef: 'd' }),
    await post(h, tok.financeGanzhou, '/api/v1/funds', { fundId: 'gz-in-nc', source: 'employment_subsidy', year: 2026, regionCode: '360100' }),
  ];
  for (const res of refused) {
    t.equal(res.statusCode, 403);
    t.match(problemOf(t, res), { type: PROBLEM('forbidden'), reason: 'region' });
  }
  t.equal(await h.store.headPosition(), before, 'nothing was written');
  t.equal((await h.call({ method: 'GET', url: A('a-1'), token: tok.reviewer })).statusCode, 200, 'the Nanchang reviewer reads it');
  t.equal((await h.call({ method: 'GET', url: A('a-1'), as: 'reviewer' })).statusCode, 200, 'so does the province\'s');
});

/** The store, except that appends to streams matching `crashOn` throw: the process "dies" there. */
function dyingAt(inner: EventStore, crashOn: RegExp): EventStore {
  return forwardingStore(inner, {
    append: async (stream, events, expected) => {
      if (crashOn.test(stream)) throw new Error(`simulated crash before appending to ${stream}`);
      return inner.append(stream, events, expected);
    },
  });
}

t.test('a crash between saga steps: the same Idempotency-Key after a restart completes the saga, committing and paying once', async (t) => {
  const dataDir = t.testdir();
  const { h, w, tok } = await moneyServer(t, 1, undefined, dataDir);
  for (const [url, body, token] of [
    ['/api/v1/applications', submission(w, 0, 'a-1'), tok.registrar],
    [A('a-1', '/initial-review'), { decision: 'approve', reviewedOn: DATES.reviewed }, tok.reviewer],
    [A('a-1', '/final-review'), { decision: 'approve', reviewedOn: DATES.reviewed }, tok.reviewer2],
    [A('a-1', '/publicity'), { startOn: DATES.publicity }, tok.reviewer],
  ] as const) await ok(t, h, token, url, body);

  // The process dies after the fund's step of the approval, before the application's.
  const original = h.services.store;
  h.services.store = dyingAt(original, /^application-/);
  const approval = { fundId: FUND, approvedOn: DATES.approved };
  const key = { 'idempotency-key': 'approve-a-1-0001' };
  const died = await post(h, tok.reviewer, A('a-1', '/approval'), approval, key);
  t.equal(died.statusCode, 500, 'the first attempt failed mid-saga');
  t.equal((await fundFromStore(w.app)).totals.committedFen, AMOUNT_FEN, 'the fund had committed');
  h.services.store = original;
  await h.close();

  // The restarted server's today is the story's last day too, as moneyServer's: no step may be dated after it.
  const h2 = await testServer(t, { dataDir, options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(DATES.paid), 1) });
  const tok2 = tokensOf(h2);
  const retried = await post(h2, tok2.reviewer, A('a-1', '/approval'), approval, key);
  t.equal(retried.statusCode, 200, 'the retry after the restart completes the approval');
  t.same(retried.json().events.map((e: { stream: string }) => e.stream), [`fund-${FUND}`, 'application-a-1']);
  const again = await post(h2, tok2.reviewer, A('a-1', '/approval'), approval, key);
  t.equal(again.body, retried.body, 'and the key now answers as recorded');
  t.equal(again.headers['idempotent-replayed'], 'true');

  // And the payment: the process dies after the fund's instruction.
  const payOriginal = h2.services.store;
  h2.services.store = dyingAt(payOriginal, /^application-/);
  const payKey = { 'idempotency-key': 'pay-a-1-0001' };
  t.equal((await post(h2, tok2.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed }, payKey)).statusCode, 500);
  h2.services.store = payOriginal;
  const other = await post(h2, tok2.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed });
  t.equal(other.statusCode, 409, `another request cannot pay it meanwhile: ${other.body}`);
  t.equal(problemOf(t, other).code, 'fund.application_already_paid');
  const paid = await post(h2, tok2.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed }, payKey);
  t.equal(paid.statusCode, 201, 'the retry completes the payment');

  const app = { ...w.app, rawStore: h2.store };
  t.equal((await eventsOfType(app, 'FundCommitted')).length, 1, 'committed once');
  t.equal((await eventsOfType(app, 'ApplicationApprovedForPayment')).length, 1);
  t.equal((await eventsOfType(app, 'FundPaymentInstructed')).length, 1, 'paid once');
  t.equal((await eventsOfType(app, 'ApplicationPaymentInstructed')).length, 1);
  t.match((await fundFromStore(app)).totals, { committedFen: 0, paidFen: AMOUNT_FEN });
});
