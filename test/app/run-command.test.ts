import t from 'tap';
import path from 'node:path';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { runStep, CommandRejectedError } from '../../src/app/run-command.ts';
import { StateCache } from '../../src/app/state-cache.ts';
import { StreamLocks } from '../../src/app/stream-locks.ts';
import { MAX_CONFLICT_RETRIES } from '../../src/app/run-command.ts';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.ts';
import { DeterministicIds, newRequestSeed, type RequestSeed } from '../../src/app/deterministic-ids.ts';
import type { CommandContext } from '../../src/app/command-context.ts';
import { reject, type DomainEvent } from '../../src/domain/decider.ts';

// A toy account: deposits and withdrawals that may never overdraw. Enough to exercise
// the runner's read-decide-append loop, its conflict retries and its replay detection.
type Ev = DomainEvent<'Deposited' | 'Withdrawn', { amountFen: number }>;
interface S { balanceFen: number; folded: number }
const account = {
  name: 'toy-account',
  initialState: (): S => ({ balanceFen: 0, folded: 0 }),
  evolve: (s: S, e: Ev): S => ({ balanceFen: s.balanceFen + (e.type === 'Deposited' ? e.data.amountFen : -e.data.amountFen), folded: s.folded + 1 }),
};
const deposit = (amountFen: number) => (): Ev[] => [{ type: 'Deposited', data: { amountFen } }];
const withdraw = (amountFen: number) => (s: S) =>
  s.balanceFen < amountFen ? reject('account.insufficient', `balance ${s.balanceFen} < ${amountFen}`, 'amountFen') : [{ type: 'Withdrawn' as const, data: { amountFen } }];

function ctx(seed: RequestSeed = newRequestSeed(1_767_225_600_000), replay = false, requestId = 'req-' + seed.secretHex.slice(0, 8)): CommandContext {
  return {
    principal: { id: 'u-1', name: 'Test', role: 'finance' },
    requestId,
    correlationId: requestId,
    causationId: requestId,
    occurredAt: '2026-01-01T08:00:00.000+08:00',
    ids: new DeterministicIds(seed),
    replay,
  };
}

t.test('decide, append, and read only the newer events next time', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  const deps = { store, cache: new StateCache() };
  const first = await runStep(deps, ctx(), 'acct-1', account, deposit(500));
  t.equal(first.eventIds.length, 1);
  t.equal(first.replayed, false);
  t.ok(first.position! > 0n);
  await runStep(deps, ctx(), 'acct-1', account, deposit(300));
  let seen: S | undefined;
  await runStep(deps, ctx(), 'acct-1', account, (s) => ((seen = s), withdraw(100)(s)));
  t.equal(seen?.balanceFen, 800);
  const cached = deps.cache.get<S>('toy-account\u0000acct-1');
  t.equal(cached?.revision, 1n, 'the cache holds the state folded before the last append');
  await t.rejects(runStep(deps, ctx(), 'acct-1', account, withdraw(10_000)), CommandRejectedError);
  t.equal((await store.readStream('acct-1')).length, 3, 'a rejection writes nothing');
});

t.test('20 racing withdrawals queued per stream never overdraw and all get an answer from the rules', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  await runStep({ store, cache: new StateCache() }, ctx(), 'acct-2', account, deposit(1000));
  const locks = new StreamLocks();
  // Separate caches, as if stale: each must learn of the others through the store.
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, () => runStep({ store, cache: new StateCache(), locks }, ctx(), 'acct-2', account, withdraw(100))),
  );
  t.equal(locks.size, 0, 'no lock left behind');
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof CommandRejectedError).length;
  const other = results.filter((r) => r.status === 'rejected' && !(r.reason instanceof CommandRejectedError));
  t.equal(ok, 10, 'exactly the balance is withdrawn');
  t.equal(refused, 10, 'the rest are refused by the rule, not by contention');
  t.same(other, []);
  const events = await store.readStream('acct-2');
  const balance = events.reduce((b, e) => b + (e.type === 'Deposited' ? 1 : -1) * (e.data as { amountFen: number }).amountFen, 0);
  t.ok(balance >= 0, `balance ${balance} never below zero`);
  t.equal(balance, 1000 - 100 * ok);
});

t.test('without the queue (other processes), conflicts are retried against the winner, boundedly', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  await runStep({ store, cache: new StateCache() }, ctx(), 'acct-4', account, deposit(1000));
  const n = MAX_CONFLICT_RETRIES + 1;
  const results = await Promise.allSettled(Array.from({ length: n }, () => runStep({ store, cache: new StateCache() }, ctx(), 'acct-4', account, withdraw(100))));
  for (const r of results) if (r.status === 'rejected') t.type(r.reason, WrongExpectedRevisionError, 'only contention can fail here');
  const ok = results.filter((r) => r.status === 'fulfilled').length;
  t.ok(ok >= 1);
  const events = await store.readStream('acct-4');
  t.equal(events.length, 1 + ok, 'every success and nothing else was written');
});

t.test('a replay of a request whose events were written returns them and writes nothing', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  const deps = { store, cache: new StateCache() };
  await runStep(deps, ctx(), 'acct-3', account, deposit(100));
  const seed = newRequestSeed(1_767_225_600_123);
  const original = await runStep(deps, ctx(seed, false, 'req-A'), 'acct-3', account, withdraw(100));
  // The process died before answering; the client retries with the same Idempotency-Key.
  const replay = await runStep({ store, cache: new StateCache() }, ctx(seed, true, 'req-A2'), 'acct-3', account, withdraw(100));
  t.equal(replay.replayed, true);
  t.same(replay.eventIds, original.eventIds);
  t.equal(replay.position, original.position);
  t.equal((await store.readStream('acct-3')).length, 2, 'no second withdrawal');
  // A replay of a request that never got written runs normally.
  const unwritten = await runStep(deps, ctx(newRequestSeed(1_767_225_600_999), true), 'acct-3', account, deposit(5));
  t.equal(unwritten.replayed, false);
  t.equal((await store.readStream('acct-3')).length, 3);
});
