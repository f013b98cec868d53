import t from 'tap';
import fc from 'fast-check';
import { fundDecider } from '../../../src/domain/fund/decider.ts';
import { FundEventSchemas, type FundEvent } from '../../../src/domain/fund/events.ts';
import { parseFundCommand, type FundCommand } from '../../../src/domain/fund/commands.ts';
import { initialFundState, type FundState } from '../../../src/domain/fund/state.ts';
import { isRejection, type Decision } from '../../../src/domain/decider.ts';
import { MAX_FUND_TOTAL_FEN } from '../../../src/domain/fund/total-limit.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { fundViolations } from './invariants.ts';

const FUND = 'F-prop';
const app = fc.constantFrom('A0', 'A1', 'A2', 'A3');
const pay = fc.constantFrom('P0', 'P1', 'P2', 'P3', 'P4', 'P5');
const fen = fc.oneof(fc.integer({ min: 1, max: 300_000 }), fc.constantFrom(1, 100_000, 150_000));
const day = '2026-03-02';

/** Random commands over a few ids, so collisions (retries, conflicts, races) are frequent. */
const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('ReceiveAllocation'), allocationId: fc.constantFrom('L0', 'L1', 'L2'), amountFen: fen, documentRef: fc.constant('doc'), receivedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('AdjustFund'), adjustmentId: fc.constantFrom('J0', 'J1'), amountFen: fc.integer({ min: -300_000, max: 300_000 }).filter((n) => n !== 0), reasonCode: fc.constant('correction'), documentRef: fc.constant('doc'), adjustedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('CommitFunds'), applicationId: app, subsidyKind: fc.constantFrom('training', 'skill_upgrade'), amountFen: fen, committedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('ReleaseCommitment'), applicationId: app, reasonCode: fc.constant('withdrawn'), releasedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('InstructPayment'), paymentId: pay, applicationId: app, amountFen: fen, instructedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('ConfirmPayment'), paymentId: pay, confirmedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('BouncePayment'), paymentId: pay, reasonCode: fc.constant('bank.returned'), bouncedOn: fc.constant(day) }),
  fc.record({ type: fc.constant('RecordRecovery'), recoveryId: fc.constantFrom('R0', 'R1', 'R2'), paymentId: pay, amountFen: fen, documentRef: fc.constant('doc'), recoveredOn: fc.constant(day) }),
);

const sequence = fc.tuple(fc.constantFrom('employment_subsidy', 'ui_special_account'), fc.array(command, { minLength: 5, maxLength: 60, size: 'max' }));

type DecideFn = (c: FundCommand, s: FundState) => Decision<FundEvent>;

function snapshot(s: FundState): string {
  return JSON.stringify([s.totals, [...s.applications.entries()], [...s.payments.entries()], s.allocations.size, s.adjustments.size, s.recoveries.size]);
}

/** Runs a sequence through `decide`; returns the first invariant violation, if any. */
function run(decide: DecideFn, source: string, inputs: readonly Record<string, unknown>[]): string | undefined {
  const events: FundEvent[] = [];
  let state = initialFundState();
  const all = [{ type: 'OpenFund', source, year: 2026, regionCode: '360100', openedOn: day }, ...inputs];
  for (const input of all) {
    const c = parseFundCommand({ fundId: FUND, ...input });
    if (isRejection(c)) return `generated command invalid: ${c.message}`;
    const before = snapshot(state);
    const decision = decide(c, state);
    if (snapshot(state) !== before) return `decide mutated the state on ${c.type}`;
    if (isRejection(decision)) continue;
    for (const e of decision) {
      const parsed = FundEventSchemas[e.type].safeParse(e.data);
      if (!parsed.success) return `${e.type} fails its schema: ${parsed.error.message}`;
      state = fundDecider.evolve(state, e);
      events.push(e);
    }
    const v = fundViolations(events, state);
    if (v.length > 0) return `after ${c.type}: ${v.join('; ')}`;
  }
  return undefined;
}

const holds = (decide: DecideFn) => fc.property(sequence, ([source, inputs]) => run(decide, source, inputs) === undefined);

t.test('over random command sequences: available ≥ 0, paid ≤ approved, paid once, money conserved', async (t) => {
  const result = fc.check(holds(fundDecider.decide), { numRuns: 400 });
  t.notOk(result.failed, result.failed ? `counterexample: ${fc.defaultReportMessage(result)}` : 'holds');
});

t.test('the properties catch a decider that breaks a rule (negative controls)', async (t) => {
  const mutants: Record<string, DecideFn> = {
    'commits without checking available': (c, s) =>
      c.type === 'CommitFunds' && !s.applications.has(c.applicationId) && s.status === 'open'
        ? [{ type: 'FundCommitted', data: { fundId: FUND, applicationId: c.applicationId, subsidyKind: c.subsidyKind, amountFen: c.amountFen, committedOn: day } }]
        : fundDecider.decide(c, s),
    'instructs a second live payment': (c, s) => {
      const ledger = c.type === 'InstructPayment' ? s.applications.get(c.applicationId) : undefined;
      return c.type === 'InstructPayment' && ledger && !ledger.released && !s.payments.has(c.paymentId) && c.amountFen <= ledger.approvedFen
        ? [{ type: 'FundPaymentInstructed', data: { fundId: FUND, paymentId: c.paymentId, applicationId: c.applicationId, amountFen: c.amountFen, instructedOn: day } }]
        : fundDecider.decide(c, s);
    },
    'pays above the commitment': (c, s) => {
      const ledger = c.type === 'InstructPayment' ? s.applications.get(c.applicationId) : undefined;
      return c.type === 'InstructPayment' && ledger && !ledger.released && ledger.livePaymentId === null && !s.payments.has(c.paymentId)
        ? [{ type: 'FundPaymentInstructed', data: { fundId: FUND, paymentId: c.paymentId, applicationId: c.applicationId, amountFen: c.amountFen, instructedOn: day } }]
        : fundDecider.decide(c, s);
    },
    'recovers from an unconfirmed payment': (c, s) => {
      const p = c.type === 'RecordRecovery' ? s.payments.get(c.paymentId) : undefined;
      return c.type === 'RecordRecovery' && p && !s.recoveries.has(c.recoveryId) && c.amountFen <= p.amountFen - p.recoveredFen
        ? [{ type: 'FundRecoveryReceived', data: { fundId: FUND, recoveryId: c.recoveryId, paymentId: c.paymentId, applicationId: p.applicationId, amountFen: c.amountFen, findingId: null, documentRef: 'doc', recoveredOn: day } }]
        : fundDecider.decide(c, s);
    },
  };
  for (const [name, decide] of Object.entries(mutants)) {
    const result = fc.check(holds(decide), { numRuns: 2000, seed: 42 });
    t.ok(result.failed, `a decider that ${name} is caught`);
  }
});

/**
 * The fund limit (R2-2): amounts near the limit, allocations, adjustments both ways and the
 * commit-pay-recover and bounce cycles that move money round and round. Whatever the
 * sequence, every bucket and available stay safe integers within the bounds total-limit.ts
 * derives: allocated, recovered, committed, paid, available in [0, L]; adjusted in [−L, L].
 */
const L = MAX_FUND_TOTAL_FEN;
const bigFen = fc.oneof(fc.integer({ min: 1, max: L }), fc.constantFrom(1, L / 2, L - 1, L), fen);
const bigCommand: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('ReceiveAllocation'), allocationId: fc.constantFrom('L0', 'L1', 'L2', 'L3', 'L4', 'L5'), amountFen: bigFen, documentRef: fc.constant('doc'), receivedOn: fc.constant(day) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('AdjustFund'), adjustmentId: fc.constantFrom('J0', 'J1', 'J2', 'J3'), amountFen: fc.tuple(bigFen, fc.boolean()).map(([n, out]) => (out ? -n : n)), reasonCode: fc.constant('correction'), documentRef: fc.constant('doc'), adjustedOn: fc.constant(day) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('CommitFunds'), applicationId: app, subsidyKind: fc.constant('training'), amountFen: bigFen, committedOn: fc.constant(day) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ReleaseCommitment'), applicationId: app, reasonCode: fc.constant('withdrawn'), releasedOn: fc.constant(day) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('InstructPayment'), paymentId: pay, applicationId: app, amountFen: bigFen, instructedOn: fc.constant(day) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ConfirmPayment'), paymentId: pay, confirmedOn: fc.constant(day) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('BouncePayment'), paymentId: pay, reasonCode: fc.constant('bank.returned'), bouncedOn: fc.constant(day) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RecordRecovery'), recoveryId: fc.constantFrom('R0', 'R1', 'R2', 'R3', 'R4'), paymentId: pay, amountFen: bigFen, documentRef: fc.constant('doc'), recoveredOn: fc.constant(day) }) },
);

/** The first bucket out of bounds after a sequence through `decide`, if any. */
function outOfBounds(decide: DecideFn, inputs: readonly Record<string, unknown>[]): string | undefined {
  let state = initialFundState();
  for (const input of [{ type: 'OpenFund', source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: day }, ...inputs]) {
    const c = parseFundCommand({ fundId: FUND, ...input });
    if (isRejection(c)) return `generated command invalid: ${c.message}`;
    const decision = decide(c, state);
    if (isRejection(decision)) continue;
    for (const e of decision) state = fundDecider.evolve(state, e);
    const t = state.totals;
    const buckets: [string, number, number][] = [
      ['allocatedFen', t.allocatedFen, 0],
      ['recoveredFen', t.recoveredFen, 0],
      ['committedFen', t.committedFen, 0],
      ['paidFen', t.paidFen, 0],
      ['availableFen', availableFen(t), 0],
      ['adjustedFen', t.adjustedFen, -L],
    ];
    for (const [name, value, min] of buckets) {
      if (!Number.isSafeInteger(value) || value < min || value > L) return `after ${c.type}: ${name} = ${value} outside [${min}, ${L}]`;
    }
  }
  return undefined;
}

/** Commit, pay, confirm and recover one amount: money that goes round, growing paid and recovered each time. */
const cycle: fc.Arbitrary<Record<string, unknown>[]> = fc
  .record({ applicationId: app, paymentId: pay, recoveryId: fc.constantFrom('R0', 'R1', 'R2', 'R3', 'R4'), amountFen: fc.constantFrom(L, L / 2, 1_000) })
  .map(({ applicationId, paymentId, recoveryId, amountFen }) => [
    { type: 'CommitFunds', applicationId, subsidyKind: 'training', amountFen, committedOn: day },
    { type: 'InstructPayment', paymentId, applicationId, amountFen, instructedOn: day },
    { type: 'ConfirmPayment', paymentId, confirmedOn: day },
    { type: 'RecordRecovery', recoveryId, paymentId, amountFen, documentRef: 'doc', recoveredOn: day },
  ]);
const bigSequence = fc.array(fc.oneof({ weight: 4, arbitrary: bigCommand.map((c) => [c]) }, { weight: 1, arbitrary: cycle }), { minLength: 5, maxLength: 60, size: 'max' }).map((steps) => steps.flat());

const bounded = (decide: DecideFn) => fc.property(bigSequence, (inputs) => outOfBounds(decide, inputs) === undefined);

t.test('over random sequences with amounts up to the limit: every total stays a safe integer within ±MAX_FUND_TOTAL_FEN', async (t) => {
  const result = fc.check(bounded(fundDecider.decide), { numRuns: 500 });
  t.notOk(result.failed, result.failed ? `counterexample: ${fc.defaultReportMessage(result)}` : 'holds');
});

t.test('the bound catches a decider that lets money in past the limit (negative controls)', async (t) => {
  const mutants: Record<string, DecideFn> = {
    'takes any allocation': (c, s) =>
      c.type === 'ReceiveAllocation' && s.status === 'open' && !s.allocations.has(c.allocationId)
        ? [{ type: 'FundAllocationReceived', data: { fundId: FUND, allocationId: c.allocationId, amountFen: c.amountFen, documentRef: c.documentRef, receivedOn: c.receivedOn } }]
        : fundDecider.decide(c, s),
    'takes any positive adjustment': (c, s) =>
      c.type === 'AdjustFund' && c.amountFen > 0 && s.status === 'open' && !s.adjustments.has(c.adjustmentId)
        ? [{ type: 'FundAdjusted', data: { fundId: FUND, adjustmentId: c.adjustmentId, amountFen: c.amountFen, reasonCode: c.reasonCode, documentRef: c.documentRef, adjustedOn: c.adjustedOn } }]
        : fundDecider.decide(c, s),
    'takes any recovery within the payment': (c, s) => {
      const p = c.type === 'RecordRecovery' ? s.payments.get(c.paymentId) : undefined;
      return c.type === 'RecordRecovery' && p && p.status === 'confirmed' && !s.recoveries.has(c.recoveryId) && c.amountFen <= p.amountFen - p.recoveredFen
        ? [{ type: 'FundRecoveryReceived', data: { fundId: FUND, recoveryId: c.recoveryId, paymentId: c.paymentId, applicationId: p.applicationId, amountFen: c.amountFen, findingId: null, documentRef: c.documentRef, recoveredOn: c.recoveredOn } }]
        : fundDecider.decide(c, s);
    },
  };
  for (const [name, decide] of Object.entries(mutants)) {
    const result = fc.check(bounded(decide), { numRuns: 3000, seed: 42 });
    t.ok(result.failed, `a decider that ${name} is caught`);
  }
});
