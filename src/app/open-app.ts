import type { Config } from '../config.ts';
import { openStore } from '../eventstore/open.ts';
import type { EventStore } from '../eventstore/port.ts';
import { withRegistry } from '../eventstore/validating-store.ts';
import { loadPolicy } from '../policy/load.ts';
import { loadPseudonymKey, personRef } from '../pseudonym/person-ref.ts';
import { SqliteVault } from '../vault/sqlite-vault.ts';
import type { AppDeps } from './app-deps.ts';
import { systemClock, type Clock } from './clock.ts';
import { buildEventRegistry } from './event-registry.ts';
import { knownHeadsOf, StateCache } from './state-cache.ts';
import { StreamLocks } from './stream-locks.ts';

export interface OpenedApp {
  deps: AppDeps;
  /** The store as written, without upcasting: what the Merkle log and exports read. */
  rawStore: EventStore;
  close(): Promise<void>;
}

/**
 * Opens everything a taizhang process needs from its configuration. The vault and keys
 * always live in the data dir (the EventStoreDB vault variant is chosen by the store URL
 * in a later step); the policy data is validated here, at start, or the process stops.
 */
export async function openApp(config: Pick<Config, 'storeUrl' | 'dataDir' | 'maxEventBytes'>, clock: Clock = systemClock): Promise<OpenedApp> {
  const policy = loadPolicy();
  const pseudonymKey = loadPseudonymKey(config.dataDir);
  const rawStore = await openStore(config);
  const vault = SqliteVault.open(config.dataDir, { personRefOf: (id) => personRef(pseudonymKey, id) });
  const deps: AppDeps = {
    store: withRegistry(rawStore, buildEventRegistry()),
    cache: new StateCache(undefined, knownHeadsOf(rawStore)),
    locks: new StreamLocks(),
    clock,
    policy,
    vault,
    pseudonymKey,
  };
  return {
    deps,
    rawStore,
    async close() {
      await vault.close();
      await rawStore.close();
    },
  };
}
