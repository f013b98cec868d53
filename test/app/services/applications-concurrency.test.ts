import t, { type Test } from 'tap';
import type { Principal } from '../../../src/access/roles.ts';
import type { AppDeps } from '../../../src/app/app-deps.ts';
import { toShanghaiIso } from '../../../src/app/clock.ts';
import type { CommandContext } from '../../../src/app/command-context.ts';
import { DeterministicIds, newRequestSeed, type RequestSeed } from '../../../src/app/deterministic-ids.ts';
import { CommandRejectedError } from '../../../src/app/run-command.ts';
import { approveForPayment, loadApplicationInScope, submitApplication } from '../../../src/app/services/applications.ts';
import { confirmPayment, instructPayment } from '../../../src/app/services/payments.ts';
import { StateCache } from '../../../src/app/state-cache.ts';
import { StreamLocks } from '../../../src/app/stream-locks.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';
import { WrongExpectedRevisionError } from '../../../src/eventstore/errors.ts';
import { forwardingStore } from '../../../src/eventstore/forwarding-store.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import { AMOUNT_FEN, DATES, FUND, eventsOfType, fundFromStore, givenApplication, givenFourTimeTrainee, givenFund, givenMoneyWorld, onDayMs, people, typesOf } from './applications-fixtures.ts';
import { ctxFor } from './registry-fixtures.ts';

/**
 * Races and crashes through the services, over SQLite. Two ways to run requests in
 * parallel: in one process (`queued`: the per-stream queue orders them, each decides on
 * its predecessor's state), and as if on separate nodes sharing the store (`nodes`: each
 * request has its own queue and state cache, so only the streams' expected revisions
 * stand between them; the runner retries a bounded number of times on a conflict).
 */

type Mode = 'queued' | 'nodes';
const MODES: readonly Mode[] = ['queued', 'nodes'];

function depsFor(base: AppDeps, mode: Mode): AppDeps {
  return mode === 'queued' ? base : { ...base, cache: new StateCache(), locks: new StreamLocks() };
}

function codeOf(r: PromiseSettledResult<unknown>): string {
  if (r.status === 'fulfilled') return 'ok';
  const e = r.reason as unknown;
  if (e instanceof CommandRejectedError) return e.rejection.code;
  if (e instanceof WrongExpectedRevisionError) return 'wrong_expected_revision';
  throw e;
}

function tally(codes: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

for (const mode of MODES) {
  t.test(`${mode}: ten approvals draining one fund that holds five and a half: five commit, never below zero`, async (t) => {
    const w = await givenMoneyWorld(t, 10, 5.5 * AMOUNT_FEN);
    const ids = w.refs.map((_, i) => `a-${i}`);
    for (const [i, id] of ids.entries()) await givenApplication(w, i, id, 'in_publicity');
    const results = await Promise.allSettled(ids.map((id) => approveForPayment(depsFor(w.app.deps, mode), ctxFor(people.reviewer, onDayMs(DATES.approved)), id, { fundId: FUND, approvedOn: DATES.approved })));
    const codes = results.map(codeOf);
    t.same(tally(codes), { ok: 5, 'fund.insufficient_available': 5 }, 'the five the money covers, and no more');
    const fund = await fundFromStore(w.app);
    t.equal(fund.totals.committedFen, 5 * AMOUNT_FEN);
    t.ok(fund.totals.committedFen <= fund.totals.allocatedFen, 'committed within what was allocated');
    t.equal(availableFen(fund.totals), AMOUNT_FEN / 2, 'never below zero');
    t.equal((await eventsOfType(w.app, 'FundCommitted')).length, 5);
    for (const [i, id] of ids.entries()) {
      const status = (await loadApplicationInScope(w.app.deps, ctxFor(people.reviewer), id))?.status;
      t.equal(status, codes[i] === 'ok' ? 'approved' : 'in_publicity', `${id}: the application agrees with the fund`);
      t.equal(fund.applications.has(id), codes[i] === 'ok');
    }
  });

  t.test(`${mode}: twenty requests paying one approved application: one payment`, async (t) => {
    const w = await givenMoneyWorld(t, 1);
    await givenApplication(w, 0, 'a-1', 'approved');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => instructPayment(depsFor(w.app.deps, mode), ctxFor(people.finance, onDayMs(DATES.instructed)), 'a-1', { paymentId: `p-${i}`, instructedOn: DATES.instructed })),
    );
    const codes = results.map(codeOf);
    t.equal(codes.filter((c) => c === 'ok').length, 1, 'exactly one request paid');
    // One answer whichever stream sees the live payment first: the fund for a loser of the race, the application for one planned after the winner.
    t.ok(codes.every((c) => c === 'ok' || c === 'fund.application_already_paid'), `the others were refused: ${JSON.stringify(tally(codes))}`);
    t.equal((await eventsOfType(w.app, 'FundPaymentInstructed')).length, 1);
    t.equal((await eventsOfType(w.app, 'ApplicationPaymentInstructed')).length, 1);
    const fund = await fundFromStore(w.app);
    t.match(fund.totals, { paidFen: AMOUNT_FEN, committedFen: 0 });
    t.ok(availableFen(fund.totals) >= 0);
  });

  t.test(`${mode}: four applications of one person at once, quota three: exactly three accepted`, async (t) => {
    const { app, ref, claims } = await givenFourTimeTrainee(t);
    const results = await Promise.allSettled(
      claims.map((c, i) =>
        submitApplication(depsFor(app.deps, mode), ctxFor(people.registrarNanchang, onDayMs('2026-07-01')), {
          applicationId: `q-${i}`,
          subsidyKind: 'training',
          applicant: { kind: 'trainee' },
          personRef: ref,
          certificateSerial: c.serial,
          classId: c.classId,
          submittedOn: '2026-07-01',
        }),
      ),
    );
    const codes = results.map(codeOf);
    t.same(tally(codes), { ok: 3, 'entitlement.yearly_quota_exceeded': 1 });
    const reserved = await eventsOfType(app, 'EntitlementClaimReserved');
    t.equal(reserved.length, 3, 'three claims on the person');
    t.equal((await eventsOfType(app, 'ApplicationSubmitted')).length, 3, 'and three applications, the same ones');
    const refused = codes.indexOf('entitlement.yearly_quota_exceeded');
    t.same(await typesOf(app, `application-q-${refused}`), [], 'the refused one wrote no application');
  });
}

for (const mode of MODES) {
  t.test(`${mode}: one application approved on two funds at once: one commitment stays, the other is given back`, async (t) => {
    const w = await givenMoneyWorld(t, 1);
    await givenFund(w.app, 'nc-2026-b', '360100', 10 * AMOUNT_FEN);
    await givenApplication(w, 0, 'a-1', 'in_publicity');
    const results = await Promise.allSettled(
      [FUND, 'nc-2026-b'].map((fundId) => approveForPayment(depsFor(w.app.deps, mode), ctxFor(people.reviewer, onDayMs(DATES.approved)), 'a-1', { fundId, approvedOn: DATES.approved })),
    );
    const codes = results.map(codeOf);
    t.equal(codes.filter((c) => c === 'ok').length, 1, `one approval: ${codes.join(', ')}`);
    t.ok(codes.every((c) => c === 'ok' || c === 'application.already_approved'), 'the other is told it was approved already');
    const approvedOn = (await loadApplicationInScope(w.app.deps, ctxFor(people.reviewer), 'a-1'))?.fundId;
    const funds = await Promise.all([FUND, 'nc-2026-b'].map((f) => fundFromStore(w.app, f)));
    const live = funds.filter((f) => f.totals.committedFen > 0);
    t.equal(live.length, 1, 'exactly one fund holds the money');
    t.equal(live[0]?.fundId, approvedOn, 'the fund the application records');
    const other = funds.find((f) => f.fundId !== approvedOn)!;
    const released = other.applications.get('a-1');
    if (released) t.equal(released.released, true, 'the losing commitment was released (saga compensation)');
    else t.pass('the losing request was refused before committing');
  });
}

// ---- crashes between saga steps ----

function ctxWithSeed(principal: Principal, seed: RequestSeed, replay: boolean): CommandContext {
  return {
    principal: { ...principal },
    requestId: `req-${seed.secretHex.slice(0, 12)}`,
    correlationId: `req-${seed.secretHex.slice(0, 12)}`,
    causationId: `req-${seed.secretHex.slice(0, 12)}`,
    occurredAt: toShanghaiIso(seed.timeMs),
    ids: new DeterministicIds(seed),
    replay,
  };
}

class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/** The store, except that the next `times` appends to streams matching `crashOn` die before writing. */
function crashingStore(inner: EventStore, crashOn: RegExp, times = 1): EventStore {
  let left = times;
  return forwardingStore(inner, {
    append: async (stream, events, expected) => {
      if (left > 0 && crashOn.test(stream)) {
        left--;
        throw new SimulatedCrash(`simulated crash before appending to ${stream}`);
      }
      return inner.append(stream, events, expected);
    },
  });
}

/** A process that crashes at the chosen append, with its own cache and queue (lost on the crash). */
function crashingDeps(base: AppDeps, crashOn: RegExp, times = 1): AppDeps {
  return { ...base, store: crashingStore(base.store, crashOn, times), cache: new StateCache(), locks: new StreamLocks() };
}

/** The restarted process: fresh cache and queue over the same store. */
function restarted(base: AppDeps): AppDeps {
  return { ...base, cache: new StateCache(), locks: new StreamLocks() };
}

async function crashes(t: Test, p: Promise<unknown>): Promise<void> {
  await t.rejects(p, { name: 'SimulatedCrash' }, 'the attempt died between saga steps');
}

t.test('crash between the fund commitment and the application: the retry completes the approval, committing once', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await givenApplication(w, 0, 'a-1', 'in_publicity');
  const seed = newRequestSeed(onDayMs(DATES.approved));
  await crashes(t, approveForPayment(crashingDeps(w.app.deps, /^application-/), ctxWithSeed(people.reviewer, seed, false), 'a-1', { fundId: FUND, approvedOn: DATES.approved }));
  t.equal((await fundFromStore(w.app)).totals.committedFen, AMOUNT_FEN, 'the fund step was written');
  t.equal((await loadApplicationInScope(restarted(w.app.deps), ctxFor(people.reviewer), 'a-1'))?.status, 'in_publicity', 'the application step was not');

  const retry = await approveForPayment(restarted(w.app.deps), ctxWithSeed(people.reviewer, seed, true), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  t.same(retry.steps.map((s) => [s.stream, s.replayed]), [[`fund-${FUND}`, true], ['application-a-1', false]], 'the fund step is recognised, the application step written');
  t.equal((await eventsOfType(w.app, 'FundCommitted')).length, 1, 'committed once');
  t.equal((await fundFromStore(w.app)).totals.committedFen, AMOUNT_FEN);
  t.equal((await loadApplicationInScope(restarted(w.app.deps), ctxFor(people.reviewer), 'a-1'))?.status, 'approved');

  const again = await approveForPayment(restarted(w.app.deps), ctxWithSeed(people.reviewer, seed, true), 'a-1', { fundId: FUND, approvedOn: DATES.approved });
  t.ok(again.steps.every((s) => s.replayed), 'a third run of the same request finds everything written');
  t.equal((await eventsOfType(w.app, 'FundCommitted')).length, 1);
});

t.test('crash between the payment instruction and the application: no second payment, by retry or by anyone else', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  await givenApplication(w, 0, 'a-1', 'approved');
  const seed = newRequestSeed(onDayMs(DATES.paid));
  await crashes(t, instructPayment(crashingDeps(w.app.deps, /^application-/), ctxWithSeed(people.finance, seed, false), 'a-1', { instructedOn: DATES.instructed }));

  // Meanwhile another officer, seeing the application still "approved", tries to pay it.
  const other = await Promise.allSettled([instructPayment(restarted(w.app.deps), ctxFor(people.finance, onDayMs(DATES.instructed)), 'a-1', { instructedOn: DATES.instructed })]);
  t.equal(codeOf(other[0]!), 'fund.application_already_paid', 'the fund refuses it: its payment is live');

  const retry = await instructPayment(restarted(w.app.deps), ctxWithSeed(people.finance, seed, true), 'a-1', { instructedOn: DATES.instructed });
  t.match(retry.result?.paymentId, /^pay-/, 'the retry derives the same paymentId from the request seed');
  t.equal((await eventsOfType(w.app, 'FundPaymentInstructed')).length, 1, 'one payment instruction in the fund');
  t.equal((await eventsOfType(w.app, 'ApplicationPaymentInstructed')).length, 1);
  const [fundPayment] = await eventsOfType(w.app, 'FundPaymentInstructed');
  t.equal((fundPayment?.data as { paymentId: string }).paymentId, retry.result?.paymentId, 'and it is the retried request\'s');
  t.match((await fundFromStore(w.app)).totals, { paidFen: AMOUNT_FEN, committedFen: 0 });
});

t.test('two crashes in a row (after the fund, then after the application): the third run completes the confirmation', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const { paymentId } = await givenApplication(w, 0, 'a-1', 'instructed');
  const seed = newRequestSeed(onDayMs(DATES.paid));
  const confirm = (deps: AppDeps, replay: boolean) => confirmPayment(deps, ctxWithSeed(people.finance, seed, replay), 'a-1', paymentId!, { bankReference: 'ICBC-9', paidOn: DATES.paid });
  await crashes(t, confirm(crashingDeps(w.app.deps, /^application-/), false));
  await crashes(t, confirm(crashingDeps(w.app.deps, /^entitlement-/), true));
  t.same(await typesOf(w.app, `entitlement-${w.refs[0]}`), ['EntitlementClaimReserved'], 'the claim is not marked paid yet');
  await confirm(restarted(w.app.deps), true);
  const fourth = await confirm(restarted(w.app.deps), true);
  t.same(fourth.steps.map((s) => s.replayed), [true, true, true], 'a fourth run recognises every step, also those the replays wrote (fixed: the look-up took an id step)');
  t.equal((await eventsOfType(w.app, 'FundPaymentConfirmed')).length, 1);
  t.equal((await eventsOfType(w.app, 'ApplicationPaid')).length, 1);
  t.same(await typesOf(w.app, `entitlement-${w.refs[0]}`), ['EntitlementClaimReserved', 'EntitlementClaimPaid']);
});

t.test('crash between the claim and the application: the retry submits, reserving once', async (t) => {
  const w = await givenMoneyWorld(t, 1);
  const seed = newRequestSeed(onDayMs(DATES.paid));
  const input = { applicationId: 'a-1', subsidyKind: 'training' as const, applicant: { kind: 'trainee' as const }, personRef: w.refs[0]!, certificateSerial: w.serials[0]!, classId: 'c-1', submittedOn: DATES.submitted };
  await crashes(t, submitApplication(crashingDeps(w.app.deps, /^application-/), ctxWithSeed(people.registrarNanchang, seed, false), input));
  await submitApplication(restarted(w.app.deps), ctxWithSeed(people.registrarNanchang, seed, true), input);
  t.equal((await eventsOfType(w.app, 'EntitlementClaimReserved')).length, 1);
  t.same(await typesOf(w.app, 'application-a-1'), ['ApplicationSubmitted']);
});
