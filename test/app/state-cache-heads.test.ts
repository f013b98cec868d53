import t, { type Test } from 'tap';
import path from 'node:path';
import { z } from 'zod';
import type { CommandContext } from '../../src/app/command-context.ts';
import { DeterministicIds, newRequestSeed } from '../../src/app/deterministic-ids.ts';
import { CommandRejectedError, runStep } from '../../src/app/run-command.ts';
import { knownHeadsOf, StateCache } from '../../src/app/state-cache.ts';
import { StreamLocks } from '../../src/app/stream-locks.ts';
import { loadState } from '../../src/app/services/load-state.ts';
import { reject, type DomainEvent } from '../../src/domain/decider.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { EventRegistry } from '../../src/eventstore/registry.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';

/*
 * With the store's known stream ends (SqliteEventStore.knownLastRevision), a state the
 * cache holds up to the stream's end is used without the read that would only confirm it.
 * Each "process" here is its own store (its own connections) on one file with its own cache.
 */

type Ev = DomainEvent<'Deposited' | 'Withdrawn', { amountFen: number }>;
interface S {
  balanceFen: number;
}
const account = {
  name: 'heads-account',
  initialState: (): S => ({ balanceFen: 0 }),
  evolve: (s: S, e: Ev): S => ({ balanceFen: s.balanceFen + (e.type === 'Deposited' ? e.data.amountFen : -e.data.amountFen) }),
};
const Amount = z.object({ amountFen: z.number().int().positive() }).strict();
const deposit = (amountFen: number) => (): Ev[] => [{ type: 'Deposited', data: { amountFen } }];
const withdraw = (amountFen: number) => (s: S) =>
  s.balanceFen < amountFen ? reject('account.insufficient', `balance ${s.balanceFen} < ${amountFen}`, 'amountFen') : [{ type: 'Withdrawn' as const, data: { amountFen } }];

let seq = 0;
function ctx(): CommandContext {
  const seed = newRequestSeed(1_767_225_600_000 + ++seq);
  const requestId = `req-${seq}`;
  return { principal: { id: 'u-1', name: 'Test', role: 'finance' }, requestId, correlationId: requestId, causationId: requestId, occurredAt: '2026-01-01T08:00:00.000+08:00', ids: new DeterministicIds(seed), replay: false };
}

/** One process: its own store on `file`, a cache trusting that store's known ends, its reads counted. */
async function processOn(t: Test, file: string) {
  const raw = await openSqliteStore({ file });
  t.teardown(() => raw.close());
  const validating = withRegistry(raw, new EventRegistry().registerAll({ Deposited: Amount, Withdrawn: Amount }));
  let reads = 0;
  const store: EventStore = {
    ...validating,
    append: (s, e, x) => validating.append(s, e, x),
    readStream: (s, o) => {
      reads += 1;
      return validating.readStream(s, o);
    },
  };
  return { deps: { store, cache: new StateCache(undefined, knownHeadsOf(raw)), locks: new StreamLocks() }, reads: () => reads };
}

t.test('a state folded to the known end is used without a read, for loading and for deciding', async (t) => {
  const p = await processOn(t, path.join(t.testdir(), 'e.sqlite'));
  await runStep(p.deps, ctx(), 'acct-1', account, deposit(500));
  const before = p.reads();
  t.same((await loadState(p.deps, 'acct-1', account)).state, { balanceFen: 500 });
  await t.rejects(runStep(p.deps, ctx(), 'acct-1', account, withdraw(900)), CommandRejectedError, 'a refusal on the current state stands');
  t.equal(p.reads(), before, 'no read for either');
});

t.test('without known ends (another store kind) the cached state is confirmed by a read, as before', async (t) => {
  const p = await processOn(t, path.join(t.testdir(), 'e.sqlite'));
  const plain = { ...p.deps, cache: new StateCache() };
  await runStep(plain, ctx(), 'acct-1', account, deposit(500));
  const before = p.reads();
  await loadState(plain, 'acct-1', account);
  t.equal(p.reads(), before + 1);
});

t.test("another process's append is seen by the next load, and a refusal is made on it", async (t) => {
  const file = path.join(t.testdir(), 'e.sqlite');
  const [here, there] = [await processOn(t, file), await processOn(t, file)];
  await runStep(here.deps, ctx(), 'acct-2', account, deposit(1000));
  t.same((await loadState(here.deps, 'acct-2', account)).state, { balanceFen: 1000 });
  await runStep(there.deps, ctx(), 'acct-2', account, withdraw(900));
  t.same((await loadState(here.deps, 'acct-2', account)).state, { balanceFen: 100 }, 'not the cached 1000');
  await runStep(there.deps, ctx(), 'acct-2', account, deposit(50));
  // This process commits elsewhere (its writer sees the foreign appends), then decides.
  await runStep(here.deps, ctx(), 'acct-other', account, deposit(1));
  await t.rejects(runStep(here.deps, ctx(), 'acct-2', account, withdraw(200)), CommandRejectedError, 'refused on 150, not on a stale state');
  await runStep(here.deps, ctx(), 'acct-2', account, withdraw(150));
  t.same((await loadState(there.deps, 'acct-2', account)).state, { balanceFen: 0 });
});
