import t from 'tap';
import fc from 'fast-check';
import type { ApplicationCommand } from '../../../src/domain/application/commands.ts';
import { fundStream } from '../../../src/domain/fund/decider.ts';
import type { FundEvent } from '../../../src/domain/fund/events.ts';
import { fundViolations } from '../fund/invariants.ts';
import { FUND, World, openFund, opCommand, worldViolations, type AppSpec, type Op } from './world.ts';

/**
 * Commands running in parallel. Each request is the saga the app layer runs: plan on the
 * state read at its start, then per step read, decide and append with the expected
 * revision, retrying on conflict. A random schedule interleaves the requests between
 * any read and its append. With a store that honours expected revisions every invariant
 * holds; with one that ignores them (the negative control) fast-check finds a broken
 * invariant, which shows the expected revision is what closes each race.
 */

type Request = Generator<void, string, void>;

/** Advances the request `schedule` picks at each tick until all are done; checks `during` after every tick. */
function interleave(requests: Request[], schedule: readonly number[], during: () => string[]): string[] {
  const active = [...requests];
  for (let tick = 0; active.length > 0; tick++) {
    if (tick > 100_000) throw new Error('requests never finished');
    const i = (schedule[tick] ?? tick) % active.length;
    if (active[i]!.next().done) active.splice(i, 1);
    const v = during();
    if (v.length > 0) return v;
  }
  return [];
}

const schedule = fc.array(fc.nat(7), { minLength: 0, maxLength: 200 });

// ---- one person's applications submitted together: the entitlement stream decides ----

const submissionRace = fc.record({
  certs: fc.array(fc.nat(4), { minLength: 2, maxLength: 6 }),
  schedule,
});

function submissionViolations(checkRevision: boolean, certs: readonly number[], order: readonly number[]): string[] {
  const apps: AppSpec[] = certs.map((cert, i) => ({ applicationId: `APP-${i}`, person: 0, cert }));
  const world = new World(checkRevision, apps);
  openFund(world, 0);
  const requests = apps.map((a) => world.request(world.submitCommand(a.applicationId)));
  const during = interleave(requests, order, () => []);
  return [...during, ...worldViolations(world, { settled: true })];
}

t.test('parallel submissions of one person never break quota, once-per-level or one-per-certificate', async (t) => {
  const result = fc.check(fc.property(submissionRace, ({ certs, schedule }) => submissionViolations(true, certs, schedule).length === 0), { numRuns: 300 });
  t.notOk(result.failed, result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : 'holds');
});

t.test('negative control: a store ignoring expected revisions lets parallel submissions through', async (t) => {
  const result = fc.check(fc.property(submissionRace, ({ certs, schedule }) => submissionViolations(false, certs, schedule).length === 0), { numRuns: 300, seed: 7 });
  t.ok(result.failed, 'a broken invariant is found');
});

// ---- money commands in parallel: the fund stream decides ----

/** Four applications without entitlement conflicts: 1 200, 1 200, 1 500 and 2 000 yuan. */
const MONEY_APPS: AppSpec[] = [
  { applicationId: 'APP-0', person: 0, cert: 0 },
  { applicationId: 'APP-1', person: 0, cert: 3 },
  { applicationId: 'APP-2', person: 1, cert: 1 },
  { applicationId: 'APP-3', person: 1, cert: 4 },
];
const SETUP: Op[] = ['submit', 'initialApprove', 'finalApprove', 'publicity', 'approve', 'instruct'];
const RACING: Op[] = ['approve', 'approve', 'instruct', 'instruct', 'confirm', 'bounce', 'withdraw', 'recover'];

const moneyRace = fc.record({
  allocatedFen: fc.integer({ min: 100_000, max: 700_000 }),
  depths: fc.array(fc.integer({ min: 4, max: 6 }), { minLength: 4, maxLength: 4 }),
  racing: fc.array(fc.record({ app: fc.nat(3), op: fc.constantFrom(...RACING), n: fc.nat(5) }), { minLength: 2, maxLength: 8 }),
  schedule,
});

let conflicts = 0;
const outcomes = new Map<string, number>();

/** Fund violations at any instant, then (when `settled`) cross-stream ones at the end. */
function moneyViolations(checkRevision: boolean, r: MoneyRace, settled = true): string[] {
  const world = new World(checkRevision, MONEY_APPS);
  openFund(world, r.allocatedFen);
  MONEY_APPS.forEach((a, i) => {
    // Reviewer 0 then reviewer 1 (four eyes); payment id P0 for the set-up instruction.
    for (const op of SETUP.slice(0, r.depths[i])) world.run(opCommand(world, a.applicationId, op, op === 'finalApprove' ? 1 : 0));
  });
  const commands: ApplicationCommand[] = r.racing.map((x) => opCommand(world, MONEY_APPS[x.app]!.applicationId, x.op, x.n));
  const requests = commands.map((c) => count(world.request(c)));
  const fundEvents = () => world.read(fundStream(FUND)).events as FundEvent[];
  // The fund's own invariants hold at every instant, even with sagas half-way.
  const during = interleave(requests, r.schedule, () => fundViolations(fundEvents(), world.fundState()));
  conflicts += world.conflicts;
  return settled ? [...during, ...worldViolations(world, { settled: true })] : [...during, ...fundViolations(fundEvents(), world.fundState())];
}

/** Tallies how requests end, to show the races were real. */
function* count(request: Request): Request {
  const outcome = yield* request;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  return outcome;
}

interface MoneyRace {
  allocatedFen: number;
  depths: number[];
  racing: { app: number; op: Op; n: number }[];
  schedule: number[];
}

t.test('parallel approvals, payments, bounces, withdrawals and recoveries keep every invariant', async (t) => {
  const result = fc.check(fc.property(moneyRace, (r) => moneyViolations(true, r).length === 0), { numRuns: 300 });
  t.notOk(result.failed, result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : 'holds');
  t.ok(conflicts > 0, `appends refused for a stale revision and retried: ${conflicts}`);
  const raceRefusals = ['fund.application_already_paid', 'fund.commitment_released', 'fund.payment_in_flight'].reduce((n, code) => n + (outcomes.get(code) ?? 0), 0);
  t.ok(raceRefusals > 0, `second payments, payments after a withdrawal and withdrawals beside a payment refused by the fund: ${raceRefusals}`);
  t.ok((outcomes.get('ok') ?? 0) > 0, `requests that went through: ${outcomes.get('ok') ?? 0}`);
  t.comment(JSON.stringify(Object.fromEntries(outcomes)));
});

t.test('negative control: a store ignoring expected revisions breaks a FUND invariant (pays twice, above approval or overdraws)', async (t) => {
  const result = fc.check(fc.property(moneyRace, (r) => moneyViolations(false, r, false).length === 0), { numRuns: 500, seed: 7 });
  t.ok(result.failed, 'a broken fund invariant is found');
  if (result.failed && result.counterexample) t.comment(moneyViolations(false, result.counterexample[0], false).join('; '));
});
