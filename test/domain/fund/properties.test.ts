import t from 'tap';
import fc from 'fast-check';
import { fundDecider } from '../../../src/domain/fund/decider.ts';
import { FundEventSchemas, type FundEvent } from '../../../src/domain/fund/events.ts';
import { parseFundCommand, type FundCommand } from '../../../src/domain/fund/commands.ts';
import { initialFundState, type FundState } from '../../../src/domain/fund/state.ts';
import { isRejection, type Decision } from '../../../src/domain/decider.ts';
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
