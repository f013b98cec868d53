import t from 'tap';
import { AMOUNT_FEN, DATES, FUND, givenApplication } from '../../app/services/applications-fixtures.ts';
import { problemOf } from '../helpers/test-server.ts';
import { moneyServer, ok, post } from './applications-helpers.ts';

/**
 * Money steps dated after the server's day, and a second payment of one application, through
 * the API. The money server's today is DATES.paid (2026-04-01, Asia/Shanghai). Before: only
 * the publicity's start and the approval were checked against today, so a payment, its bank
 * confirmation, a recovery or a fund allocation could be recorded as of tomorrow; and a
 * second payment sent after the first was application.wrong_status (422) while the same
 * payment sent in parallel was fund.application_already_paid (409).
 */

const A = (id: string, tail = '') => `/api/v1/applications/${id}${tail}`;
const TOMORROW = '2026-04-02';

t.test('a payment instruction, a bank confirmation or a recovery dated tomorrow is 422 <aggregate>.date_in_future naming its date; nothing is written', async (t) => {
  const { h, w, tok } = await moneyServer(t, 3);
  await givenApplication(w, 0, 'a-approved', 'approved');
  const { paymentId: inFlight } = await givenApplication(w, 1, 'a-instructed', 'instructed');
  await givenApplication(w, 2, 'a-paid', 'paid');
  const cases: [field: string, code: string, url: string, body: Record<string, unknown>][] = [
    ['instructedOn', 'application.date_in_future', A('a-approved', '/payments'), { paymentId: 'p-new', instructedOn: TOMORROW }],
    ['paidOn', 'application.date_in_future', A('a-instructed', `/payments/${inFlight}/confirmation`), { bankReference: 'ICBC-9', paidOn: TOMORROW }],
    ['bouncedOn', 'application.date_in_future', A('a-instructed', `/payments/${inFlight}/bounce`), { reasonCode: 'bank.account_closed', bouncedOn: TOMORROW }],
    ['recoveredOn', 'application.date_in_future', A('a-paid', '/recoveries'), { amountFen: 100, documentRef: '追回决定书〔2026〕9号', recoveredOn: TOMORROW }],
    ['receivedOn', 'fund.date_in_future', `/api/v1/funds/${FUND}/allocations`, { amountFen: 100, documentRef: '赣财社〔2026〕99号', receivedOn: TOMORROW }],
    ['adjustedOn', 'fund.date_in_future', `/api/v1/funds/${FUND}/adjustments`, { amountFen: 100, reasonCode: 'correction', documentRef: '赣财社〔2026〕98号', adjustedOn: TOMORROW }],
  ];
  for (const [field, code, url, body] of cases) {
    const before = await h.store.headPosition();
    const res = await post(h, tok.finance, url, body);
    t.equal(res.statusCode, 422, `${field}: ${res.body}`);
    const p = problemOf(t, res);
    t.equal(p.code, code, field);
    t.same(((p.errors ?? []) as { path: string }[]).map((e) => e.path), [field], `names ${field}`);
    t.equal(await h.store.headPosition(), before, `${field}: nothing was written`);
  }
  // The same steps dated today go through: the refusal was the date alone.
  await ok(t, h, tok.finance, A('a-instructed', `/payments/${inFlight}/confirmation`), { bankReference: 'ICBC-9', paidOn: DATES.paid });
  await ok(t, h, tok.finance, A('a-paid', '/recoveries'), { amountFen: 100, documentRef: '追回决定书〔2026〕9号', recoveredOn: DATES.paid });
  const paid = await post(h, tok.finance, A('a-approved', '/payments'), { paymentId: 'p-new', instructedOn: DATES.paid });
  t.equal(paid.statusCode, 201, paid.body);
});

t.test('paying an application a second time, after the first: 409 fund.application_already_paid, as in a race; nothing is written', async (t) => {
  const { h, w, tok } = await moneyServer(t, 1);
  await givenApplication(w, 0, 'a-1', 'approved');
  const first = await post(h, tok.finance, A('a-1', '/payments'), { instructedOn: DATES.instructed });
  t.equal(first.statusCode, 201, first.body);
  for (const stage of ['in flight', 'confirmed'] as const) {
    if (stage === 'confirmed') await ok(t, h, tok.finance, A('a-1', `/payments/${first.json().result.paymentId}/confirmation`), { bankReference: 'ICBC-1', paidOn: DATES.paid });
    const before = await h.store.headPosition();
    const second = await post(h, tok.finance, A('a-1', '/payments'), { instructedOn: DATES.paid });
    t.equal(second.statusCode, 409, `${stage}: ${second.body}`);
    const p = problemOf(t, second);
    t.equal(p.code, 'fund.application_already_paid', stage);
    t.same(((p.errors ?? []) as { path: string }[]).map((e) => e.path), ['applicationId']);
    t.equal(await h.store.headPosition(), before, `${stage}: nothing was written`);
  }
  const fund = (await h.call({ method: 'GET', url: `/api/v1/funds/${FUND}`, token: tok.finance })).json();
  t.match(fund, { paidFen: AMOUNT_FEN, payments: 1 }, 'one payment, the approved amount');
});
