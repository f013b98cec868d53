import t from 'tap';
import fc from 'fast-check';
import path from 'node:path';
import { funds } from '../../projections/funds/projection.ts';
import { fundBalance, fundMonths, fundTotals, listFunds } from '../../projections/funds/queries.ts';
import { parseFundCommand } from '../../src/domain/fund/commands.ts';
import { availableFen } from '../../src/domain/fund/available.ts';
import { fundDecider } from '../../src/domain/fund/decider.ts';
import type { FundEvent } from '../../src/domain/fund/events.ts';
import { initialFundState, type FundState } from '../../src/domain/fund/state.ts';
import { MAX_FUND_TOTAL_FEN } from '../../src/domain/fund/total-limit.ts';
import { SumOutOfRangeError } from '../../projections/shared/exact-fen.ts';
import { isRejection } from '../../src/domain/decider.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openReader, ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { recordedLog } from './fixtures/recorded-log.ts';

/**
 * The funds read model against the fund aggregate itself: random command sequences over
 * a few funds are decided by the fund decider, their events projected in random batch
 * sizes, and every fund's row must equal the aggregate's own folded totals; the totals per
 * region and year must equal the sums of those states.
 */

const FUNDS = [
  { fundId: 'f-nc-2026', regionCode: '360100', year: 2026 },
  { fundId: 'f-nc-2025', regionCode: '360100', year: 2025 },
  { fundId: 'f-gz-2026', regionCode: '360700', year: 2026 },
  { fundId: 'f-qs-2026', regionCode: '360102', year: 2026 },
] as const;
const day = '2026-03-02';
const app = fc.constantFrom('A0', 'A1', 'A2', 'A3');
const pay = fc.constantFrom('P0', 'P1', 'P2', 'P3', 'P4');
// Mostly the standard amounts, so commitments, instructions and recoveries often match up.
const fen = fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 300_000 }) }, { weight: 4, arbitrary: fc.constantFrom(1, 100_000, 150_000) });

const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('ReceiveAllocation'), allocationId: fc.constantFrom('L0', 'L1', 'L2', 'L3', 'L4'), amountFen: fen, documentRef: fc.constant('doc'), receivedOn: fc.constant(day) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('AdjustFund'), adjustmentId: fc.constantFrom('J0', 'J1'), amountFen: fc.integer({ min: -300_000, max: 300_000 }).filter((n) => n !== 0), reasonCode: fc.constant('correction'), documentRef: fc.constant('doc'), adjustedOn: fc.constant(day) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('CommitFunds'), applicationId: app, subsidyKind: fc.constantFrom('training', 'skill_upgrade'), amountFen: fen, committedOn: fc.constant(day) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ReleaseCommitment'), applicationId: app, reasonCode: fc.constant('withdrawn'), releasedOn: fc.constant(day) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('InstructPayment'), paymentId: pay, applicationId: app, amountFen: fen, instructedOn: fc.constant(day) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ConfirmPayment'), paymentId: pay, confirmedOn: fc.constant(day) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('BouncePayment'), paymentId: pay, reasonCode: fc.constant('bank.returned'), bouncedOn: fc.constant(day) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RecordRecovery'), recoveryId: fc.constantFrom('R0', 'R1', 'R2'), paymentId: pay, amountFen: fen, documentRef: fc.constant('doc'), recoveredOn: fc.constant(day) }) },
);

/** Money that certainly moves on the first fund: random steps alone may, by chance, never pay. */
const PAYING_PREFIX: [number, Record<string, unknown>][] = [
  [0, { type: 'ReceiveAllocation', allocationId: 'L9', amountFen: 300_000, documentRef: 'doc', receivedOn: day }],
  [0, { type: 'CommitFunds', applicationId: 'A0', subsidyKind: 'training', amountFen: 100_000, committedOn: day }],
  [0, { type: 'InstructPayment', paymentId: 'P0', applicationId: 'A0', amountFen: 100_000, instructedOn: day }],
  [0, { type: 'ConfirmPayment', paymentId: 'P0', confirmedOn: day }],
];

const scenario = fc.record({
  // Half the commands go to the first fund, so its money moves far; half the runs start by paying.
  steps: fc
    .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(0, 0, 0, 1, 2, 3), command), { minLength: 10, maxLength: 120 }))
    .map(([paying, steps]) => (paying ? [...PAYING_PREFIX, ...steps] : steps)),
  batchSize: fc.constantFrom(1, 3, 7, 1000),
});

function recorded(events: { stream: string; event: FundEvent }[]): RecordedEvent[] {
  return recordedLog(events.map(({ stream, event }) => ({ stream, event, actor: { id: 'fin-1', role: 'finance' } })));
}

/** Decides every step on its fund's folded state; returns the events in order and the states. */
function run(steps: [number, Record<string, unknown>][]): { events: RecordedEvent[]; states: Map<string, FundState> } {
  const states = new Map<string, FundState>();
  const log: { stream: string; event: FundEvent }[] = [];
  const all: [number, Record<string, unknown>][] = [
    ...FUNDS.map((f, i): [number, Record<string, unknown>] => [i, { type: 'OpenFund', source: 'employment_subsidy', year: f.year, regionCode: f.regionCode, openedOn: day }]),
    ...steps,
  ];
  for (const [i, input] of all) {
    const { fundId } = FUNDS[i]!;
    const c = parseFundCommand({ fundId, ...input });
    if (isRejection(c)) throw new Error(`generated command invalid: ${c.message}`);
    let state = states.get(fundId) ?? initialFundState();
    const decision = fundDecider.decide(c, state);
    if (isRejection(decision)) continue;
    for (const e of decision) {
      state = fundDecider.evolve(state, e);
      log.push({ stream: `fund-${fundId}`, event: e });
    }
    states.set(fundId, state);
  }
  return { events: recorded(log), states };
}

t.test('every fund row equals the fund aggregate\'s own state, whatever the batch size (property)', async (t) => {
  const dir = t.testdir();
  let runs = 0;
  let moved = 0;
  const result = fc.check(
    fc.property(scenario, ({ steps, batchSize }) => {
      const { events, states } = run(steps);
      const file = path.join(dir, `run-${runs++}.sqlite`);
      replayToDigest(funds, events, file, batchSize);
      const db = openReader(file);
      try {
        for (const [fundId, s] of states) {
          const row = fundBalance(db, fundId);
          if (row === undefined) return false;
          const want = { ...s.totals, availableFen: availableFen(s.totals), applications: s.applications.size, payments: s.payments.size, allocations: s.allocations.size };
          const got = { allocatedFen: row.allocatedFen, recoveredFen: row.recoveredFen, adjustedFen: row.adjustedFen, committedFen: row.committedFen, paidFen: row.paidFen, availableFen: row.availableFen, applications: row.applications, payments: row.payments, allocations: row.allocations };
          if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${fundId}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
          const confirmed = [...s.payments.values()].filter((p) => p.status === 'confirmed').reduce((n, p) => n + p.amountFen, 0);
          if (row.confirmedFen !== confirmed) throw new Error(`${fundId}: confirmed ${row.confirmedFen} ≠ ${confirmed}`);
          if (s.totals.paidFen > 0) moved += 1;
        }
        for (const total of fundTotals(db, { prefix: undefined })) {
          const mine = [...states.values()].filter((s) => s.regionCode === total.regionCode && s.year === total.year);
          const sum = (k: 'paidFen' | 'committedFen' | 'allocatedFen') => mine.reduce((n, s) => n + s.totals[k], 0);
          if (total.funds !== mine.length || total.paidFen !== sum('paidFen') || total.committedFen !== sum('committedFen') || total.allocatedFen !== sum('allocatedFen')) {
            throw new Error(`totals of ${total.regionCode}/${total.year} differ`);
          }
          if (total.availableFen !== mine.reduce((n, s) => n + availableFen(s.totals), 0)) throw new Error('available differs');
        }
        return true;
      } finally {
        db.close();
      }
    }),
    { numRuns: 60 },
  );
  t.notOk(result.failed, result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : 'holds');
  t.ok(moved > 0, 'some runs paid money (the property was not vacuous)');
});

t.test('queries: a page of funds by region and year; totals per region and year; unknown fund', async (t) => {
  const { events } = run([
    [0, { type: 'ReceiveAllocation', allocationId: 'L0', amountFen: 500_000, documentRef: 'doc', receivedOn: day }],
    [0, { type: 'CommitFunds', applicationId: 'A0', subsidyKind: 'training', amountFen: 120_000, committedOn: day }],
    [0, { type: 'InstructPayment', paymentId: 'P0', applicationId: 'A0', amountFen: 120_000, instructedOn: day }],
    [2, { type: 'ReceiveAllocation', allocationId: 'L0', amountFen: 300_000, documentRef: 'doc', receivedOn: day }],
    [3, { type: 'AdjustFund', adjustmentId: 'J0', amountFen: 7, reasonCode: 'correction', documentRef: 'doc', adjustedOn: day }],
  ]);
  const file = path.join(t.testdir(), 'funds.sqlite');
  replayToDigest(funds, events, file, 2);
  const db = openReader(file);
  t.teardown(() => db.close());
  t.same(listFunds(db, { prefix: '3601' }).items.map((f) => f.fundId), ['f-nc-2025', 'f-nc-2026', 'f-qs-2026'], 'Nanchang and its county');
  t.same(listFunds(db, { prefix: '360102' }).items.map((f) => f.fundId), ['f-qs-2026']);
  t.same(listFunds(db, { prefix: '3607', year: 2026 }).items.map((f) => f.fundId), ['f-gz-2026']);
  const first = listFunds(db, { prefix: undefined, limit: 3 });
  t.equal(first.items.length, 3);
  t.same(listFunds(db, { prefix: undefined, limit: 3, cursor: first.nextCursor! }).items.map((f) => f.fundId), ['f-qs-2026'], 'the next page follows');
  const nc = fundBalance(db, 'f-nc-2026')!;
  t.match(nc, { allocatedFen: 500_000, committedFen: 0, paidFen: 120_000, inFlightFen: 120_000, availableFen: 380_000, applications: 1, payments: 1 });
  t.same(
    fundTotals(db, { prefix: '36', year: 2026 }).map((r) => [r.regionCode, r.funds, r.allocatedFen, r.adjustedFen, r.availableFen]),
    [
      ['360100', 1, 500_000, 0, 380_000],
      ['360102', 1, 0, 7, 7],
      ['360700', 1, 300_000, 0, 300_000],
    ],
  );
  t.equal(fundBalance(db, 'f-nope'), undefined);
});

t.test('fundMonths: gross movements per month of their business dates, summed over the funds in scope, whatever the batch', async (t) => {
  const { events } = run([
    [0, { type: 'ReceiveAllocation', allocationId: 'L0', amountFen: 900_000, documentRef: 'doc', receivedOn: day }],
    [0, { type: 'CommitFunds', applicationId: 'A0', subsidyKind: 'training', amountFen: 120_000, committedOn: '2026-03-31' }],
    [0, { type: 'InstructPayment', paymentId: 'P0', applicationId: 'A0', amountFen: 120_000, instructedOn: '2026-04-01' }],
    [0, { type: 'BouncePayment', paymentId: 'P0', reasonCode: 'bank.returned', bouncedOn: '2026-04-20' }],
    [0, { type: 'InstructPayment', paymentId: 'P1', applicationId: 'A0', amountFen: 120_000, instructedOn: '2026-05-06' }],
    [0, { type: 'ConfirmPayment', paymentId: 'P1', confirmedOn: '2026-05-07' }],
    [0, { type: 'RecordRecovery', recoveryId: 'R0', paymentId: 'P1', amountFen: 20_000, documentRef: 'doc', recoveredOn: '2026-07-15' }],
    [2, { type: 'ReceiveAllocation', allocationId: 'L0', amountFen: 300_000, documentRef: 'doc', receivedOn: day }],
    [2, { type: 'CommitFunds', applicationId: 'A1', subsidyKind: 'training', amountFen: 50_000, committedOn: '2026-03-10' }],
    [3, { type: 'ReceiveAllocation', allocationId: 'L0', amountFen: 300_000, documentRef: 'doc', receivedOn: day }],
    [3, { type: 'CommitFunds', applicationId: 'A2', subsidyKind: 'training', amountFen: 7_000, committedOn: '2026-03-11' }],
  ]);
  const read = (batchSize: number) => {
    const file = path.join(t.testdir(), `months-${batchSize}.sqlite`);
    replayToDigest(funds, events, file, batchSize);
    const db = openReader(file);
    t.teardown(() => db.close());
    return db;
  };
  const db = read(1);
  t.same(fundMonths(db, { prefix: '360100' }), [
    { month: '2026-03', committedFen: 120_000, paidFen: 0, recoveredFen: 0, bouncedFen: 0 },
    { month: '2026-04', committedFen: 0, paidFen: 120_000, recoveredFen: 0, bouncedFen: 120_000 },
    { month: '2026-05', committedFen: 0, paidFen: 120_000, recoveredFen: 0, bouncedFen: 0 },
    { month: '2026-07', committedFen: 0, paidFen: 0, recoveredFen: 20_000, bouncedFen: 0 },
  ], 'Nanchang city alone: a bounce in its own month, the new instruction in the next');
  t.same(fundMonths(db, { prefix: '3601' })[0], { month: '2026-03', committedFen: 127_000, paidFen: 0, recoveredFen: 0, bouncedFen: 0 }, 'the county under the city adds in');
  t.same(fundMonths(db, { prefix: '36', year: 2026 }).map((m) => [m.month, m.committedFen]), [['2026-03', 177_000], ['2026-04', 0], ['2026-05', 0], ['2026-07', 0]]);
  t.same(fundMonths(db, { prefix: '36', fundId: 'f-gz-2026' }).map((m) => m.month), ['2026-03']);
  t.same(fundMonths(db, { prefix: '36', year: 2025 }), [], 'the 2025 fund moved no money');
  t.same(fundMonths(db, { prefix: '3607', fundId: 'f-nc-2026' }), [], 'a fund outside the prefix gives nothing');
  t.same(fundMonths(read(1000), { prefix: undefined }), fundMonths(db, { prefix: undefined }), 'one batch or many: the same months');
});

t.test('sums too large for an exact JSON number are refused (SumOutOfRangeError), never rounded (R2-2)', async (t) => {
  const L = MAX_FUND_TOTAL_FEN;
  const atLimit = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const fundId = `f-big-${String(i).padStart(4, '0')}`;
      return [
        { stream: `fund-${fundId}`, event: { type: 'FundOpened', data: { fundId, source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: day } } as FundEvent },
        { stream: `fund-${fundId}`, event: { type: 'FundAllocationReceived', data: { fundId, allocationId: 'L0', amountFen: L, documentRef: 'doc', receivedOn: day } } as FundEvent },
        { stream: `fund-${fundId}`, event: { type: 'FundCommitted', data: { fundId, applicationId: 'A0', subsidyKind: 'training', amountFen: L, committedOn: day } } as FundEvent },
      ];
    }).flat();
  // Applied without replayToDigest: its digest refuses values beyond 2^53 − 1 itself.
  const read = (name: string, events: RecordedEvent[]) => {
    const file = path.join(t.testdir(), `${name}.sqlite`);
    const model = ReadModelFile.open(funds, file);
    model.applyBatch(events, 0n);
    model.markLive();
    model.close();
    const db = openReader(file);
    t.teardown(() => db.close());
    return db;
  };
  // 900 funds at the limit: 9·10^15 fen, still below 2^53 − 1 ≈ 9.007·10^15, summed exactly.
  const fits = read('fits', recorded(atLimit(900)));
  t.same(fundTotals(fits, { prefix: '3601' }).map((r) => [r.funds, r.allocatedFen, r.committedFen, r.availableFen]), [[900, 900 * L, 900 * L, 0]]);
  t.same(fundMonths(fits, { prefix: '3601' }).map((m) => m.committedFen), [900 * L]);
  // 901: the sum is exact in SQLite but beyond what a JSON number carries.
  const over = read('over', recorded(atLimit(901)));
  t.throws(() => fundTotals(over, { prefix: '3601' }), SumOutOfRangeError);
  t.throws(() => fundMonths(over, { prefix: '3601' }), SumOutOfRangeError);
  t.equal(listFunds(over, { prefix: '3601', limit: 200 }).items.length, 200, 'each fund alone is still exact');
  // A fund recorded before the limit, with two allocations of 2^53 − 1 fen.
  const fundId = 'f-old';
  const huge = (allocationId: string) => ({ stream: `fund-${fundId}`, event: { type: 'FundAllocationReceived', data: { fundId, allocationId, amountFen: Number.MAX_SAFE_INTEGER, documentRef: 'doc', receivedOn: day } } as FundEvent });
  const old = read('old', recorded([{ stream: `fund-${fundId}`, event: { type: 'FundOpened', data: { fundId, source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: day } } }, huge('L0'), huge('L1')]));
  t.throws(() => fundBalance(old, fundId), SumOutOfRangeError);
  t.throws(() => listFunds(old, { prefix: '36' }), SumOutOfRangeError);
  t.throws(() => fundTotals(old, { prefix: '36' }), SumOutOfRangeError);
});

t.test('an event for a fund never opened stops the projection (never skipped)', async (t) => {
  const events = recorded([{ stream: 'fund-ghost', event: { type: 'FundAllocationReceived', data: { fundId: 'ghost', allocationId: 'L0', amountFen: 1, documentRef: 'doc', receivedOn: day } } }]);
  t.throws(() => replayToDigest(funds, events, path.join(t.testdir(), 'ghost.sqlite'), 10), /never opened/);
});
