import t, { type Test } from 'tap';
import path from 'node:path';
import { z } from 'zod';
import type { CommandContext } from '../../src/app/command-context.ts';
import { DeterministicIds, newRequestSeed } from '../../src/app/deterministic-ids.ts';
import { CommandRejectedError, runStep } from '../../src/app/run-command.ts';
import { StateCache } from '../../src/app/state-cache.ts';
import { StreamLocks } from '../../src/app/stream-locks.ts';
import { loadState } from '../../src/app/services/load-state.ts';
import { reject, type DomainEvent } from '../../src/domain/decider.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { EventRegistry } from '../../src/eventstore/registry.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';

/*
 * The runner keeps the state it decided on and folds its own appended events into it
 * (from the data the validating store kept), and decides on that cached state without a
 * read first; the append's expected revision, and a read before any refusal, keep every
 * answer what a fold of the store would give.
 */

type Ev = DomainEvent<'Deposited' | 'Withdrawn', { amountFen: number }>;
/** Evolves in place, like the fund: a double fold would show in `folded`. */
interface S {
  balanceFen: number;
  folded: number;
}
const account = {
  name: 'cached-account',
  initialState: (): S => ({ balanceFen: 0, folded: 0 }),
  evolve(s: S, e: Ev): S {
    s.balanceFen += e.type === 'Deposited' ? e.data.amountFen : -e.data.amountFen;
    s.folded += 1;
    return s;
  },
};
const Amount = z.object({ amountFen: z.number().int().positive() }).strict();
const registry = () => new EventRegistry().registerAll({ Deposited: Amount, Withdrawn: Amount });
const deposit = (amountFen: number) => (): Ev[] => [{ type: 'Deposited', data: { amountFen } }];
const withdraw = (amountFen: number) => (s: S) =>
  s.balanceFen < amountFen ? reject('account.insufficient', `balance ${s.balanceFen} < ${amountFen}`, 'amountFen') : [{ type: 'Withdrawn' as const, data: { amountFen } }];

let seq = 0;
function ctx(): CommandContext {
  const seed = newRequestSeed(1_767_225_600_000 + ++seq);
  const requestId = `req-${seq}`;
  return { principal: { id: 'u-1', name: 'Test', role: 'finance' }, requestId, correlationId: requestId, causationId: requestId, occurredAt: '2026-01-01T08:00:00.000+08:00', ids: new DeterministicIds(seed), replay: false };
}

/** The validating store over SQLite, with its stream reads counted. */
async function setup(t: Test): Promise<{ store: EventStore; reads: () => number }> {
  const raw = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => raw.close());
  const store = withRegistry(raw, registry());
  let reads = 0;
  return {
    store: {
      ...store,
      append: (s, e, x) => store.append(s, e, x),
      readStream: (s, o) => {
        reads += 1;
        return store.readStream(s, o);
      },
    },
    reads: () => reads,
  };
}

/** The state a fold of everything stored gives. */
async function folded(store: EventStore, stream: string): Promise<S> {
  let s = account.initialState();
  for (const e of await store.readStream(stream)) s = account.evolve(s, { type: e.type, data: e.data } as Ev);
  return s;
}

t.test('a command folds its own events into the cache, so the next one reads nothing first', async (t) => {
  const { store, reads } = await setup(t);
  const deps = { store, cache: new StateCache(), locks: new StreamLocks() };
  await runStep(deps, ctx(), 'acct-1', account, deposit(500));
  t.equal(deps.cache.get<S>('cached-account\u0000acct-1')?.revision, 0n, 'the new stream is cached at its first revision');
  const before = reads();
  await runStep(deps, ctx(), 'acct-1', account, deposit(300));
  let seen: S | undefined;
  await runStep(deps, ctx(), 'acct-1', account, (s) => ((seen = { ...s }), withdraw(100)(s)));
  t.equal(reads(), before, 'no stream read for commands decided on the cached state');
  t.same(seen, { balanceFen: 800, folded: 2 }, 'decided on the state after both deposits');
  const cached = deps.cache.get<S>('cached-account\u0000acct-1');
  t.equal(cached?.revision, 2n);
  t.same(cached?.state, await folded(store, 'acct-1'), 'the cached state equals a fold of the store, each event folded once');
});

t.test('another process writing meanwhile: the stale decision loses the append and is made again on fresh state', async (t) => {
  const { store } = await setup(t);
  const here = { store, cache: new StateCache(), locks: new StreamLocks() };
  const elsewhere = { store, cache: new StateCache(), locks: new StreamLocks() };
  await runStep(here, ctx(), 'acct-2', account, deposit(1000));
  // The other process withdraws 900; this one still has 1000 cached.
  await runStep(elsewhere, ctx(), 'acct-2', account, withdraw(900));
  await t.rejects(runStep(here, ctx(), 'acct-2', account, withdraw(500)), CommandRejectedError, 'refused on the real balance of 100');
  await runStep(here, ctx(), 'acct-2', account, withdraw(100));
  const state = await folded(store, 'acct-2');
  t.equal(state.balanceFen, 0, 'never overdrawn');
  t.same(here.cache.get<S>('cached-account\u0000acct-2')?.state, state);
});

t.test('a refusal on a stale cached state is checked against the store before it is given', async (t) => {
  const { store } = await setup(t);
  const here = { store, cache: new StateCache(), locks: new StreamLocks() };
  const elsewhere = { store, cache: new StateCache(), locks: new StreamLocks() };
  await runStep(here, ctx(), 'acct-3', account, deposit(100));
  await runStep(elsewhere, ctx(), 'acct-3', account, deposit(900));
  // Cached: 100. Stored: 1000. A withdrawal of 600 must go through.
  const step = await runStep(here, ctx(), 'acct-3', account, withdraw(600));
  t.equal(step.eventIds.length, 1);
  t.equal((await folded(store, 'acct-3')).balanceFen, 400);

  // A check the caller throws (region scope) is verified the same way.
  const scoped = (s: S) => {
    if (s.balanceFen < 1000) throw new Error('out of scope on the stale state');
    return deposit(1)();
  };
  await runStep(elsewhere, ctx(), 'acct-3', account, deposit(600));
  t.equal((await runStep(here, ctx(), 'acct-3', account, scoped)).eventIds.length, 1, 'not refused on the stale 400');
});

t.test('a stream read while empty is cached as empty: the command that creates it reads it once, not twice', async (t) => {
  const { store, reads } = await setup(t);
  const deps = { store, cache: new StateCache(), locks: new StreamLocks() };
  const loaded = await loadState(deps, 'acct-new', account);
  t.equal(loaded.revision, undefined);
  t.equal(reads(), 1);
  await runStep(deps, ctx(), 'acct-new', account, deposit(300));
  t.equal(reads(), 1, 'decided on the cached empty state');
  t.same(await folded(store, 'acct-new'), { balanceFen: 300, folded: 1 });
  t.equal(deps.cache.get<S>('cached-account\u0000acct-new')?.revision, 0n);
});

t.test('a stream cached as empty that another process created meanwhile: the append loses, the retry folds what is there', async (t) => {
  const { store, reads } = await setup(t);
  const deps = { store, cache: new StateCache(), locks: new StreamLocks() };
  await loadState(deps, 'acct-race', account);
  // Another process (its own cache) creates the stream.
  await runStep({ store, cache: new StateCache() }, ctx(), 'acct-race', account, deposit(100));
  const before = reads();
  // A deposit is decided on the cache (no read first), appended as 'no_stream', and loses.
  await runStep(deps, ctx(), 'acct-race', account, deposit(50));
  t.ok(reads() > before, 'the lost append made it read');
  t.same(await folded(store, 'acct-race'), { balanceFen: 150, folded: 2 });
  t.same(deps.cache.get<S>('cached-account\u0000acct-race')?.state, { balanceFen: 150, folded: 2 });
});
