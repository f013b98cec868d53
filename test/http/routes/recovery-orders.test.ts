import t from 'tap';
import { AMOUNT_FEN, FUND, fundFromStore, givenApplication } from '../../app/services/applications-fixtures.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { fuzzRoute } from '../fuzz-routes.ts';
import { problemOf } from '../helpers/test-server.ts';
import { moneyServer, ok, post } from './applications-helpers.ts';
import { NANCHANG_SCHOOL } from '../../app/services/registry-fixtures.ts';

// No step may be dated after its request's day: the server's today is the last day of the orders' story.
const ORDERS_DONE_ON = '2026-04-17';

/**
 * Recovery orders through HTTP: an inspector's finding orders money back, finance records
 * it in parts (a retry under the same Idempotency-Key moves nothing twice), the fund gets
 * it back with money conserved, and the order reads back from its stream.
 */

t.test('recovery order: issued from a finding, recovered in parts by finance, back in the fund', async (t) => {
  const { h, w } = await moneyServer(t, 2, undefined, undefined, ORDERS_DONE_ON);
  await givenApplication(w, 0, 'a-1', 'paid');
  await givenApplication(w, 1, 'a-2', 'paid');
  const inspector = h.tokenFor('inspector', '360100');
  const finance = h.tokenFor('finance', '360100');

  await ok(t, h, inspector, '/api/v1/findings', {
    findingId: 'f-r-1',
    number: '洪人社查〔2026〕5号-1',
    category: 'duplicate_claim',
    description: '同一证书重复申领',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    applicationIds: ['a-1', 'a-2'],
    paymentIds: ['pay-a-1', 'pay-a-2'],
    amountInvolvedFen: 2 * AMOUNT_FEN,
    responsibleUnit: '培训机构',
    measuresRequired: '退回重复领取的补贴',
    deadlineWorkingDays: 15,
    noticeOn: '2026-04-10',
    raisedOn: '2026-04-10',
  });
  const order = {
    orderId: 'o-r-1',
    findingId: 'f-r-1',
    documentRef: '洪人社追〔2026〕1号',
    lines: [
      { fundId: FUND, paymentId: 'pay-a-1', applicationId: 'a-1', amountFen: AMOUNT_FEN },
      { fundId: FUND, paymentId: 'pay-a-2', applicationId: 'a-2', amountFen: 30_000 },
    ],
    issuedOn: '2026-04-13',
  };
  t.equal((await post(h, finance, '/api/v1/recovery-orders', order)).statusCode, 403, 'finance does not issue orders');
  const issued = await post(h, inspector, '/api/v1/recovery-orders', order);
  t.equal(issued.statusCode, 201, issued.body);

  // Before: the order's steps had no day, so money could be booked back as of tomorrow.
  const headBefore = await h.store.headPosition();
  const tomorrow = await post(h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', { recoveryId: 'r-0', paymentId: 'pay-a-1', amountFen: 1, documentRef: '回单 000', recoveredOn: '2026-04-18' });
  t.equal(tomorrow.statusCode, 422, tomorrow.body);
  t.match(problemOf(t, tomorrow), { code: 'recovery.date_in_future', errors: [{ path: 'recoveredOn' }] }, 'a recovery dated after today names recoveredOn');
  t.equal(await h.store.headPosition(), headBefore, 'and writes nothing');

  const before = availableFen((await fundFromStore(w.app)).totals);
  const recovery = { recoveryId: 'r-1', paymentId: 'pay-a-1', amountFen: 50_000, documentRef: '回单 001', recoveredOn: '2026-04-14' };
  t.equal((await post(h, inspector, '/api/v1/recovery-orders/o-r-1/recoveries', recovery)).statusCode, 403, 'inspectors do not book money');
  t.match(problemOf(t, await post(h, h.tokenFor('finance', '360700'), '/api/v1/recovery-orders/o-r-1/recoveries', recovery)), { status: 403, reason: 'region' });
  const first = await post(h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', recovery, { 'idempotency-key': 'rec-o-r-1-a' });
  t.equal(first.statusCode, 201, first.body);
  t.same(first.json().events.map((e: { stream: string }) => e.stream), ['recovery-o-r-1', `fund-${FUND}`, 'application-a-1']);
  const head = await h.store.headPosition();
  const retry = await post(h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', recovery, { 'idempotency-key': 'rec-o-r-1-a' });
  t.equal(retry.body, first.body, 'a retry gets the first answer');
  t.equal(await h.store.headPosition(), head, 'and moves nothing');
  t.match(problemOf(t, await post(h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', { ...recovery, recoveryId: 'r-2', paymentId: 'pay-a-2', amountFen: 30_001 })), { status: 422, code: 'recovery.exceeds_ordered', errors: [{ path: 'amountFen' }] });

  const view = await h.call({ method: 'GET', url: `/api/v1/recovery-orders/o-r-1?minPosition=${first.json().position}`, token: h.token.auditor });
  t.equal(view.statusCode, 200, view.body);
  t.match(view.json(), { orderId: 'o-r-1', status: 'open', recoveredFen: 50_000, outstandingFen: 100_000, lines: [{ paymentId: 'pay-a-1', recoveredFen: 50_000 }, { paymentId: 'pay-a-2', recoveredFen: 0 }] });
  t.equal((await h.call({ method: 'GET', url: '/api/v1/recovery-orders/o-r-1', token: h.tokenFor('registrar', '360100') })).statusCode, 403);

  await fuzzRoute(t, h, { url: '/api/v1/recovery-orders/o-r-1/recoveries', token: finance, validBody: { ...recovery, recoveryId: 'r-9', amountFen: 1 } });

  await ok(t, h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', { paymentId: 'pay-a-1', amountFen: 70_000, documentRef: '回单 002', recoveredOn: '2026-04-15' });
  await ok(t, h, finance, '/api/v1/recovery-orders/o-r-1/recoveries', { paymentId: 'pay-a-2', amountFen: 30_000, documentRef: '回单 003', recoveredOn: '2026-04-15' });
  const fund = (await fundFromStore(w.app)).totals;
  t.equal(availableFen(fund) - before, 150_000, 'everything ordered is available again');
  t.equal(fund.allocatedFen + fund.recoveredFen + fund.adjustedFen, availableFen(fund) + fund.committedFen + fund.paidFen, 'money is conserved');
  t.match((await h.call({ method: 'GET', url: '/api/v1/recovery-orders/o-r-1', token: finance })).json(), { status: 'fulfilled', outstandingFen: 0 });
});

t.test('recovery order: a payment is claimed back once across open orders; a withdrawn order frees its claim', async (t) => {
  const { h, w } = await moneyServer(t, 1, undefined, undefined, ORDERS_DONE_ON);
  await givenApplication(w, 0, 'a-1', 'paid');
  const inspector = h.tokenFor('inspector', '360100');
  const finance = h.tokenFor('finance', '360100');
  const finding = (findingId: string) => ({
    findingId,
    number: `洪人社查〔2026〕6号-${findingId}`,
    category: 'duplicate_claim',
    description: '同一证书重复申领',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    applicationIds: ['a-1'],
    paymentIds: ['pay-a-1'],
    amountInvolvedFen: AMOUNT_FEN,
    responsibleUnit: '培训机构',
    measuresRequired: '退回重复领取的补贴',
    deadlineWorkingDays: 15,
    noticeOn: '2026-04-10',
    raisedOn: '2026-04-10',
  });
  await ok(t, h, inspector, '/api/v1/findings', finding('f-c-1'));
  await ok(t, h, inspector, '/api/v1/findings', finding('f-c-2'));
  const order = (orderId: string, findingId: string, amountFen: number) => ({
    orderId, findingId, documentRef: `洪人社追〔2026〕${orderId}号`, issuedOn: '2026-04-13',
    lines: [{ fundId: FUND, paymentId: 'pay-a-1', applicationId: 'a-1', amountFen }],
  });

  await ok(t, h, inspector, '/api/v1/recovery-orders', order('o-c-1', 'f-c-1', AMOUNT_FEN));
  const head = await h.store.headPosition();
  const twice = await post(h, inspector, '/api/v1/recovery-orders', order('o-c-2', 'f-c-1', AMOUNT_FEN));
  t.match(problemOf(t, twice), { status: 422, code: 'recovery.line_mismatch', errors: [{ path: 'lines.0.amountFen' }] }, 'the same money is not ordered back twice under one finding');
  t.match(problemOf(t, await post(h, inspector, '/api/v1/recovery-orders', order('o-c-2', 'f-c-2', 1))), { status: 422, code: 'recovery.line_mismatch', errors: [{ path: 'lines.0.amountFen' }] }, 'nor under another');
  t.equal(await h.store.headPosition(), head, 'a refused order writes nothing');

  await ok(t, h, inspector, '/api/v1/recovery-orders/o-c-1/withdrawal', { reason: '重复下达', withdrawnOn: '2026-04-14' });
  await ok(t, h, inspector, '/api/v1/recovery-orders', order('o-c-2', 'f-c-2', AMOUNT_FEN));

  await ok(t, h, finance, '/api/v1/recovery-orders/o-c-2/recoveries', { paymentId: 'pay-a-1', amountFen: 50_000, documentRef: '回单 101', recoveredOn: '2026-04-15' });
  t.match(problemOf(t, await post(h, inspector, '/api/v1/recovery-orders', order('o-c-3', 'f-c-1', 1))), { status: 422, code: 'recovery.line_mismatch', errors: [{ path: 'lines.0.amountFen' }] }, 'recovered plus still claimed is all that was paid');

  // Before: a recovery booked on the application directly took money an open order claims,
  // and the order could then never be fulfilled (its line lacked more than was left to recover).
  const headBefore = await h.store.headPosition();
  const direct = await post(h, finance, '/api/v1/applications/a-1/recoveries', { amountFen: 1, documentRef: '回单 102', recoveredOn: '2026-04-15' });
  t.match(problemOf(t, direct), { status: 422, code: 'recovery.claimed_by_order', errors: [{ path: 'amountFen' }] }, 'money an open order claims is recovered through the order');
  t.equal(await h.store.headPosition(), headBefore, 'the refused recovery writes nothing');
  // R4 item 1: sent at once, the direct recovery saw the order's claim already reduced and the
  // application's recovered total not yet raised, and took money the order still claimed.
  const [viaOrder, racing] = await Promise.all([
    post(h, finance, '/api/v1/recovery-orders/o-c-2/recoveries', { paymentId: 'pay-a-1', amountFen: 10_000, documentRef: '回单 104', recoveredOn: '2026-04-15' }),
    post(h, finance, '/api/v1/applications/a-1/recoveries', { amountFen: 10_000, documentRef: '回单 105', recoveredOn: '2026-04-15' }),
  ]);
  t.equal(viaOrder.statusCode, 201, 'the order\'s instalment is booked');
  t.match(problemOf(t, racing), { status: 422, code: 'recovery.claimed_by_order' }, 'a direct recovery racing it is still refused');
  await ok(t, h, finance, '/api/v1/recovery-orders/o-c-2/recoveries', { paymentId: 'pay-a-1', amountFen: AMOUNT_FEN - 60_000, documentRef: '回单 103', recoveredOn: '2026-04-15' });
  t.match((await h.call({ method: 'GET', url: '/api/v1/recovery-orders/o-c-2', token: finance })).json(), { status: 'fulfilled', outstandingFen: 0 }, 'the order is fulfilled');
});

t.test('finding: every payment it names is a payment of an application it names', async (t) => {
  const { h, w } = await moneyServer(t, 2, undefined, undefined, ORDERS_DONE_ON);
  await givenApplication(w, 0, 'a-1', 'paid');
  await givenApplication(w, 1, 'a-2', 'paid');
  const inspector = h.tokenFor('inspector', '360100');
  const raise = {
    findingId: 'f-p-1',
    number: '洪人社查〔2026〕7号-1',
    category: 'duplicate_claim',
    description: '同一证书重复申领',
    institutionId: NANCHANG_SCHOOL,
    regionCode: '360100',
    applicationIds: ['a-2'],
    paymentIds: ['pay-a-2', 'pay-a-1'],
    amountInvolvedFen: AMOUNT_FEN,
    responsibleUnit: '培训机构',
    measuresRequired: '退回重复领取的补贴',
    deadlineWorkingDays: 15,
    noticeOn: '2026-04-10',
    raisedOn: '2026-04-10',
  };
  const head = await h.store.headPosition();
  t.match(problemOf(t, await post(h, inspector, '/api/v1/findings', raise)), { status: 422, code: 'finding.payment_not_of_application', errors: [{ path: 'paymentIds.1' }] }, 'pay-a-1 is a-1\'s, which the finding does not name');
  t.match(problemOf(t, await post(h, inspector, '/api/v1/findings', { ...raise, paymentIds: ['pay-nowhere'] })), { status: 422, code: 'finding.payment_not_of_application', errors: [{ path: 'paymentIds.0' }] }, 'nor a payment of no application');
  t.equal(await h.store.headPosition(), head, 'nothing written');
  await ok(t, h, inspector, '/api/v1/findings', { ...raise, applicationIds: ['a-2', 'a-1'] });
});
