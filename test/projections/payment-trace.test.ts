import t from 'tap';
import path from 'node:path';
import { paymentTrace } from '../../projections/payment-trace/projection.ts';
import { applicationOfPayment, paymentTraceOf, traceInRegion } from '../../projections/payment-trace/queries.ts';
import { funds } from '../../projections/funds/projection.ts';
import { fundBalance } from '../../projections/funds/queries.ts';
import { bouncePayment, confirmPayment, instructPayment } from '../../src/app/services/payments.ts';
import { recordRecovery } from '../../src/app/services/recoveries.ts';
import { withdrawApplication } from '../../src/app/services/applications.ts';
import { availableFen } from '../../src/domain/fund/available.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { AMOUNT_FEN, FUND, fundFromStore, givenApplication, givenMoneyWorld, onDayMs, people } from '../app/services/applications-fixtures.ts';
import { ctxFor } from '../app/services/registry-fixtures.ts';

function build(dir: string, definition: ProjectionDefinition, events: RecordedEvent[], batchSize = 100): SqliteDatabase {
  const file = path.join(dir, `${definition.name}.sqlite`);
  replayToDigest(definition, events, file, batchSize);
  const db = openReader(file);
  t.teardown(() => db.close());
  return db;
}

// No step may be dated after its request's day: finance acts on the story's last day (the recovery, 2026-05-06).
const finance = () => ctxFor(people.finance, onDayMs('2026-05-06'));

t.test('paid, bounced, re-paid and partly recovered: every link in order, the amounts add up', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { app } = w;
  const { paymentId: first } = await givenApplication(w, 0, 'a-1', 'instructed');
  t.equal(first, 'pay-a-1');
  await bouncePayment(app.deps, finance(), 'a-1', first!, { reasonCode: 'bank.account_closed', bouncedOn: '2026-04-02' });
  await instructPayment(app.deps, finance(), 'a-1', { paymentId: 'pay-a-1-b', instructedOn: '2026-04-03' });
  await confirmPayment(app.deps, finance(), 'a-1', 'pay-a-1-b', { bankReference: 'ICBC-0002', paidOn: '2026-04-07' });
  await recordRecovery(app.deps, finance(), 'a-1', { recoveryId: 'rec-1', amountFen: 30_000, findingId: 'finding-3', documentRef: '赣人社追〔2026〕3号', recoveredOn: '2026-05-06' });

  const events = await app.deps.store.readAll();
  const db = build(t.testdir(), paymentTrace, events);
  const trace = paymentTraceOf(db, 'a-1');
  if (!trace) throw new Error('no trace');

  t.same(
    trace.links.map((l) => l.step),
    [
      'fund_opened',
      'allocation',
      'submitted',
      'initial_review',
      'final_review',
      'publicity',
      'commitment',
      'approval',
      'payment_instructed',
      'instruction_recorded',
      'bank_bounced',
      'bounce_recorded',
      'payment_instructed',
      'instruction_recorded',
      'bank_confirmed',
      'paid',
      'recovery_received',
      'recovery_recorded',
    ],
    'fund → allocation → application → reviews → publicity → approval → instruction → bounce → instruction → confirmation → recovery',
  );
  const positions = trace.links.map((l) => l.position);
  t.same(positions, [...positions].sort((a, b) => a - b), 'in global position order');
  t.equal(new Set(trace.links.map((l) => l.eventId)).size, trace.links.length, 'each link its own event');

  // Every link is the event it names: same id, position, type and actor as in the store.
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const l of trace.links) {
    const e = byId.get(l.eventId);
    t.ok(e, `${l.step}: event ${l.eventId} exists`);
    t.equal(BigInt(l.position), e?.position, `${l.step}: position`);
    t.equal(l.eventType, e?.type);
    t.equal(l.stream, e?.stream);
    t.same(l.actor, e?.metadata.actor);
    t.equal(l.occurredAt, e?.metadata.occurredAt);
  }
  const step = (name: string, i = 0) => trace.links.filter((l) => l.step === name)[i]!;
  t.equal(step('initial_review').actor.id, people.reviewer.id);
  t.equal(step('final_review').actor.id, people.reviewer2.id, 'four eyes: the second reviewer is on the chain');
  t.equal(step('payment_instructed', 0).paymentId, 'pay-a-1');
  t.equal(step('payment_instructed', 1).paymentId, 'pay-a-1-b');
  t.equal(step('bank_bounced').detail.reasonCode, 'bank.account_closed');
  t.equal(step('recovery_received').detail.findingId, 'finding-3');
  t.equal(step('allocation').amountFen, 10 * AMOUNT_FEN);

  t.same(trace.totals, {
    approvedFen: AMOUNT_FEN,
    releasedFen: 0,
    instructedFen: 2 * AMOUNT_FEN,
    bouncedFen: AMOUNT_FEN,
    confirmedFen: AMOUNT_FEN,
    recoveredFen: 30_000,
    paidFen: AMOUNT_FEN,
    netPaidFen: AMOUNT_FEN - 30_000,
    committedFen: 0,
  });
  t.same(trace.payments, [
    { paymentId: 'pay-a-1', fundId: FUND, amountFen: AMOUNT_FEN, status: 'bounced', recoveredFen: 0 },
    { paymentId: 'pay-a-1-b', fundId: FUND, amountFen: AMOUNT_FEN, status: 'confirmed', recoveredFen: 30_000 },
  ]);

  // The chain agrees with the fund aggregate's own ledger for this application.
  const fund = await fundFromStore(app);
  const ledger = fund.applications.get('a-1')!;
  t.equal(trace.totals.paidFen, ledger.paidFen, 'paid: the fund ledger');
  t.equal(trace.totals.committedFen, ledger.committedFen, 'committed: the fund ledger');
  t.equal(trace.totals.recoveredFen, ledger.recoveredFen, 'recovered: the fund ledger');
  t.equal(trace.totals.approvedFen, ledger.approvedFen);

  // And the funds read model says the same of the fund.
  const balance = fundBalance(build(t.testdir(), funds, events, 7), FUND)!;
  t.equal(balance.paidFen, fund.totals.paidFen);
  t.equal(balance.recoveredFen, 30_000);
  t.equal(balance.bouncedFen, AMOUNT_FEN);
  t.equal(balance.availableFen, availableFen(fund.totals));
  t.equal(balance.availableFen, 10 * AMOUNT_FEN - AMOUNT_FEN + 30_000);

  t.equal(applicationOfPayment(db, 'pay-a-1'), 'a-1', 'a payment leads to its application');
  t.equal(applicationOfPayment(db, 'pay-a-1-b'), 'a-1');
  t.equal(applicationOfPayment(db, 'pay-nope'), undefined);
  t.equal(paymentTraceOf(db, 'a-nope'), undefined);
});

t.test('region of a trace: the institution region, seen by its own region and those above', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await givenApplication(w, 0, 'a-1', 'paid');
  const db = build(t.testdir(), paymentTrace, await w.app.deps.store.readAll());
  t.equal(traceInRegion(db, 'a-1', undefined), true, 'the whole system');
  t.equal(traceInRegion(db, 'a-1', '36'), true, 'the province');
  t.equal(traceInRegion(db, 'a-1', '3601'), true, 'Nanchang');
  t.equal(traceInRegion(db, 'a-1', '3607'), false, 'Ganzhou sees nothing of Nanchang');
  t.equal(traceInRegion(db, 'a-9', '3601'), undefined, 'unknown application');
});

t.test('an application not yet approved has no fund links; a withdrawn one shows the release', async (t) => {
  const w = await givenMoneyWorld(t, 2);
  await givenApplication(w, 0, 'a-1', 'in_publicity');
  await givenApplication(w, 1, 'a-2', 'approved');
  await withdrawApplication(w.app.deps, ctxFor(people.registrarNanchang, onDayMs('2026-05-06')), 'a-2', { reasonCode: 'trainee_request', withdrawnOn: '2026-03-31' });
  const db = build(t.testdir(), paymentTrace, await w.app.deps.store.readAll());
  const trace = paymentTraceOf(db, 'a-1')!;
  t.same(trace.links.map((l) => l.step), ['submitted', 'initial_review', 'final_review', 'publicity']);
  t.equal(trace.fundId, null);
  t.equal(trace.totals.approvedFen, 0);

  const withdrawn = paymentTraceOf(db, 'a-2')!;
  t.same(withdrawn.links.map((l) => l.step).slice(-4), ['commitment', 'approval', 'commitment_released', 'withdrawn']);
  t.match(withdrawn.totals, { approvedFen: AMOUNT_FEN, releasedFen: AMOUNT_FEN, paidFen: 0, committedFen: 0 });
});

t.test('a link whose stream the step does not say is refused, not stored with a wrong stream', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await givenApplication(w, 0, 'a-1', 'instructed');
  const events = await w.app.deps.store.readAll();
  const i = events.findIndex((e) => e.type === 'FundPaymentInstructed');
  t.ok(i >= 0, 'the log has a fund payment');
  const moved = events.map((e, j) => (j === i ? { ...e, stream: 'fund-elsewhere' } : e));
  t.throws(() => replayToDigest(paymentTrace, moved, path.join(t.testdir(), 'moved.sqlite'), 100), { message: /FundPaymentInstructed on fund-elsewhere is not a payment_instructed link/ });
  const renamed = events.map((e, j) => (j === i ? { ...e, stream: 'application-a-1' } : e));
  t.throws(() => replayToDigest(paymentTrace, renamed, path.join(t.testdir(), 'renamed.sqlite'), 100), { message: /is not a payment_instructed link/ });
});
