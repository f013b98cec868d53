import t from 'tap';
import fc from 'fast-check';
import { fold, isRejection, type Rejection } from '../../../src/domain/decider.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { fundDecider } from '../../../src/domain/fund/decider.ts';
import type { FundEvent } from '../../../src/domain/fund/events.ts';
import { recoveryOrderDecider } from '../../../src/domain/recovery-order/decider.ts';
import type { RecoveryOrderEvent } from '../../../src/domain/recovery-order/events.ts';
import { planOrderRecovery, type RecoverySagaStep } from '../../../src/domain/recovery-order/saga.ts';
import { fundViolations } from '../fund/invariants.ts';
import { FUND, ORDER, recordCommand } from './fixtures.ts';

/**
 * The recovery saga over the order and fund deciders, run step by step as the app layer
 * runs it (the application step only mirrors the fund and is left out here). Money is
 * conserved: every fen the order says came back is a fen the fund holds as recovered, and
 * the fund's available amount rises by exactly that.
 */

const DAY = '2026-03-05';
const orderDecider = recoveryOrderDecider({ finding: { findingId: 'F-P', status: 'open', paymentIds: ['P0', 'P1', 'P2', 'P3'], amountInvolvedFen: Number.MAX_SAFE_INTEGER } });

interface World {
  fund: FundEvent[];
  order: RecoveryOrderEvent[];
}

function applyDecision<E>(events: E[], d: readonly E[] | Rejection): Rejection | undefined {
  if (isRejection(d)) return d;
  events.push(...d);
  return undefined;
}

function runStep(w: World, step: RecoverySagaStep): Rejection | undefined {
  switch (step.aggregate) {
    case 'fund':
      return applyDecision(w.fund, fundDecider.decide(step.command, fold(fundDecider, w.fund)));
    case 'recovery-order':
      return applyDecision(w.order, orderDecider.decide(step.command, fold(orderDecider, w.order)));
    case 'application':
      return undefined;
  }
}

/** Runs a plan; on a refusal of the fund step, the compensation. Returns the refusal, if any. */
function runSaga(w: World, plan: ReturnType<typeof planOrderRecovery>, compensate = true): Rejection | undefined {
  if (isRejection(plan)) return plan;
  for (const step of plan.steps) {
    const refused = runStep(w, step);
    if (refused) {
      if (step.aggregate === 'fund' && compensate) for (const c of plan.compensation) runStep(w, c);
      return refused;
    }
  }
  return undefined;
}

/** A funded fund with confirmed payments P0..Pn-1 of the given amounts, and an order over some of them. */
function world(paid: readonly number[], ordered: readonly (number | null)[]): World {
  const fund: FundEvent[] = [
    { type: 'FundOpened', data: { fundId: FUND, source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: '2026-01-05' } },
    { type: 'FundAllocationReceived', data: { fundId: FUND, allocationId: 'A1', amountFen: 50_000_000, documentRef: 'doc', receivedOn: '2026-01-06' } },
  ];
  paid.forEach((amountFen, i) => {
    const applicationId = `APP-${i}`;
    const paymentId = `P${i}`;
    fund.push(
      { type: 'FundCommitted', data: { fundId: FUND, applicationId, subsidyKind: 'training', amountFen, committedOn: '2026-02-02' } },
      { type: 'FundPaymentInstructed', data: { fundId: FUND, paymentId, applicationId, amountFen, instructedOn: '2026-02-03' } },
      { type: 'FundPaymentConfirmed', data: { fundId: FUND, paymentId, applicationId, amountFen, bankReference: null, confirmedOn: '2026-02-04' } },
    );
  });
  const lines = ordered.flatMap((amountFen, i) => (amountFen === null ? [] : [{ fundId: FUND, paymentId: `P${i}`, applicationId: `APP-${i}`, amountFen }]));
  const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const order: RecoveryOrderEvent[] = [{ type: 'RecoveryOrderIssued', data: { orderId: ORDER, findingId: 'F-P', documentRef: 'doc', lines, totalFen, issuedBy: 'fin-1', issuedOn: '2026-03-02' } }];
  return { fund, order };
}

/** What must hold after every saga: returns the violations. */
function violations(w: World, availableBefore: number): string[] {
  const out = fundViolations(w.fund, fold(fundDecider, w.fund));
  const fund = fold(fundDecider, w.fund);
  const order = fold(orderDecider, w.order);
  const t = fund.totals;
  if (t.allocatedFen + t.recoveredFen + t.adjustedFen !== availableFen(t) + t.committedFen + t.paidFen) out.push('fund sums not conserved');
  if (availableFen(t) !== availableBefore + t.recoveredFen) out.push(`available ${availableFen(t)} is not ${availableBefore} + recovered ${t.recoveredFen}`);
  let linesFen = 0;
  for (const line of order.lines.values()) {
    if (line.recoveredFen > line.amountFen) out.push(`line ${line.paymentId} recovered ${line.recoveredFen} above ${line.amountFen}`);
    const inFund = [...order.recoveries.values()]
      .filter((r) => r.paymentId === line.paymentId && !r.voided)
      .reduce((s, r) => s + (fund.recoveries.get(r.recoveryId)?.amountFen ?? Number.NaN), 0);
    if (inFund !== line.recoveredFen) out.push(`line ${line.paymentId}: order says ${line.recoveredFen}, fund holds ${inFund}`);
    linesFen += line.recoveredFen;
  }
  if (linesFen !== order.recoveredFen) out.push('order total is not the sum of its lines');
  for (const r of order.recoveries.values()) if (r.voided && fund.recoveries.has(r.recoveryId)) out.push(`recovery ${r.recoveryId} voided on the order but held by the fund`);
  if ((order.status === 'fulfilled') !== (order.recoveredFen === order.issued?.totalFen)) out.push(`status ${order.status} with ${order.recoveredFen} of ${order.issued?.totalFen}`);
  return out;
}

t.test('a partial, then the full recovery: the order is fulfilled and the fund has it all back', async (t) => {
  const w = world([150_000, 120_000], [150_000, 120_000]);
  const before = availableFen(fold(fundDecider, w.fund).totals);
  const plan = planOrderRecovery(recordCommand('R-1', 'P0', 100_000), fold(orderDecider, w.order));
  if (isRejection(plan)) return t.fail(plan.code);
  t.same(plan.steps.map((s) => [s.aggregate, s.stream, s.command.type]), [
    ['recovery-order', `recovery-${ORDER}`, 'RecordOrderRecovery'],
    ['fund', `fund-${FUND}`, 'RecordRecovery'],
    ['application', 'application-APP-0', 'RecordApplicationRecovery'],
  ]);
  t.match(plan.steps[1]?.command, { paymentId: 'P0', amountFen: 100_000, findingId: 'F-P', recoveryId: 'R-1' });
  t.match(plan.steps[2]?.command, { applicationId: 'APP-0', amountFen: 100_000, findingId: 'F-P' });
  t.same(plan.compensation.map((s) => s.command.type), ['VoidOrderRecovery']);
  t.equal(runSaga(w, plan), undefined);
  t.equal(availableFen(fold(fundDecider, w.fund).totals), before + 100_000, 'a partial recovery restores its amount');
  t.equal(runSaga(w, planOrderRecovery(recordCommand('R-2', 'P0', 50_000), fold(orderDecider, w.order))), undefined);
  t.equal(runSaga(w, planOrderRecovery(recordCommand('R-3', 'P1', 120_000), fold(orderDecider, w.order))), undefined);
  t.equal(fold(orderDecider, w.order).status, 'fulfilled');
  t.equal(availableFen(fold(fundDecider, w.fund).totals), before + 270_000, 'the full recovery restores everything paid');
  t.same(violations(w, before), []);
  t.test('a re-run of a completed recovery writes nothing anywhere', async (t) => {
    const sizes = [w.fund.length, w.order.length];
    t.equal(runSaga(w, planOrderRecovery(recordCommand('R-3', 'P1', 120_000), fold(orderDecider, w.order))), undefined);
    t.same([w.fund.length, w.order.length], sizes);
  });
});

t.test('the fund refuses (money recovered from the payment by another route): the reservation is voided', async (t) => {
  const w = world([150_000], [150_000]);
  const before = availableFen(fold(fundDecider, w.fund).totals);
  w.fund.push(...(fundDecider.decide({ type: 'RecordRecovery', fundId: FUND, recoveryId: 'DIRECT', paymentId: 'P0', amountFen: 100_000, findingId: null, documentRef: 'doc', recoveredOn: DAY }, fold(fundDecider, w.fund)) as FundEvent[]));
  const refused = runSaga(w, planOrderRecovery(recordCommand('R-1', 'P0', 60_000), fold(orderDecider, w.order)));
  t.match(refused, { code: 'fund.recovery_exceeds_paid' });
  t.match(w.order.at(-1), { type: 'RecoveryOrderRecoveryVoided', data: { recoveryId: 'R-1', reasonCode: 'saga_compensation' } });
  t.equal(fold(orderDecider, w.order).recoveredFen, 0);
  t.same(violations(w, before), []);
  t.equal(runSaga(w, planOrderRecovery(recordCommand('R-2', 'P0', 50_000), fold(orderDecider, w.order))), undefined, 'what remains can still come back');
});

t.test('the order refuses first: above what the line lacks, nothing reaches the fund', async (t) => {
  const w = world([150_000], [100_000]);
  const fundBefore = w.fund.length;
  t.match(planOrderRecovery(recordCommand('R-1', 'P0', 100_001), fold(orderDecider, w.order)), { code: 'recovery.exceeds_ordered' });
  t.equal(w.fund.length, fundBefore);
});

const arbWorld = fc
  .array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 4 })
  .chain((paid) => fc.tuple(fc.constant(paid), fc.tuple(...paid.map((p) => fc.option(fc.integer({ min: 1, max: p }), { nil: null })))))
  .filter(([, ordered]) => ordered.some((o) => o !== null));

const arbAction = fc.record({
  kind: fc.constantFrom('order', 'order', 'order', 'direct'),
  payment: fc.integer({ min: 0, max: 3 }),
  amountFen: fc.oneof(fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 1, max: 50_000 })),
  recoveryId: fc.constantFrom('R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'),
});

type Action = { kind: string; payment: number; amountFen: number; recoveryId: string };

function runActions(paid: readonly number[], ordered: readonly (number | null)[], actions: readonly Action[], compensate: boolean): string | undefined {
  const w = world(paid, ordered);
  const before = availableFen(fold(fundDecider, w.fund).totals);
  for (const a of actions) {
    const paymentId = `P${a.payment % paid.length}`;
    if (a.kind === 'direct') {
      const d = fundDecider.decide({ type: 'RecordRecovery', fundId: FUND, recoveryId: `D-${a.recoveryId}`, paymentId, amountFen: a.amountFen, findingId: null, documentRef: 'doc', recoveredOn: DAY }, fold(fundDecider, w.fund));
      if (!isRejection(d)) w.fund.push(...d);
    } else {
      runSaga(w, planOrderRecovery(recordCommand(a.recoveryId, paymentId, a.amountFen), fold(orderDecider, w.order)), compensate);
    }
    const v = violations(w, before);
    if (v.length > 0) return v.join('; ');
  }
  return undefined;
}

t.test('property: partial and full recoveries keep money conserved between the order and the fund', async (t) => {
  const result = fc.check(
    fc.property(arbWorld, fc.array(arbAction, { minLength: 1, maxLength: 30 }), ([paid, ordered], actions) => runActions(paid, ordered, actions, true) === undefined),
    { numRuns: 300 },
  );
  t.notOk(result.failed, result.failed ? `counterexample: ${fc.defaultReportMessage(result)}` : 'holds');
});

t.test('negative control: without the compensation the order and the fund disagree, and the property says so', async (t) => {
  const result = fc.check(
    fc.property(arbWorld, fc.array(arbAction, { minLength: 1, maxLength: 30 }), ([paid, ordered], actions) => runActions(paid, ordered, actions, false) === undefined),
    // No shrinking: the control only has to fail, and shrinking is slow on a shared machine.
    { numRuns: 300, endOnFailure: true },
  );
  t.ok(result.failed, 'a counterexample is found');
});
