import type { Logger } from 'pino';
import { TokenStore } from '../access/token-store.ts';
import type { AppDeps } from '../app/app-deps.ts';
import { systemClock, type Clock } from '../app/clock.ts';
import { buildEventRegistry } from '../app/event-registry.ts';
import { IdempotencyStore, threadIdempotencyExecutor } from '../app/idempotency-store.ts';
import { openNodeDb } from '../app/node-db.ts';
import { knownHeadsOf, StateCache } from '../app/state-cache.ts';
import { StreamLocks } from '../app/stream-locks.ts';
import type { Config } from '../config.ts';
import { openStore } from '../eventstore/open.ts';
import type { EventStore } from '../eventstore/port.ts';
import { withRegistry } from '../eventstore/validating-store.ts';
import { loadPolicy } from '../policy/load.ts';
import { loadPseudonymKey, personRef } from '../pseudonym/person-ref.ts';
import { threadSwitchFromEnv } from '../shared/thread-switch.ts';
import { SqliteVault } from '../vault/sqlite-vault.ts';
import { createMetrics } from './metrics.ts';
import { withAppendMetrics } from './metrics-store.ts';
import type { ReadModelsPort } from './read-models.ts';
import type { ServerDeps } from './server-deps.ts';
import type { IntegrityPort } from '../integrity-log/port.ts';

export interface Runtime {
  deps: ServerDeps;
  /** The store as written (not validated, not upcast): for the Merkle log and exports. */
  rawStore: EventStore;
  /** Closes read models, store, vault and node database, in that order; reports every failure. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  clock?: Clock;
  /**
   * Starts the projections over the (validated) store; called once the store is open.
   * Issue 5's runtime plugs in here; without it, queries read the store. `rawStore` is the
   * store as opened: the embedded one's file is what a read-models worker thread reads.
   */
  startReadModels?: (store: EventStore, logger: Logger, rawStore: EventStore) => Promise<ReadModelsPort> | ReadModelsPort;
  /**
   * Starts the Merkle log over the RAW store (events as stored, never upcast) and the
   * checkpoint signer; the /api/v1/integrity routes answer from it (src/integrity-log/).
   */
  startIntegrity?: (rawStore: EventStore, logger: Logger) => Promise<IntegrityPort & { close(): Promise<void> }> | (IntegrityPort & { close(): Promise<void> });
}

/**
 * Opens everything `taizhang serve` needs from the configuration: the event store behind
 * the event registry (and append metrics), this node's database (tokens, Idempotency-Keys),
 * the keys, the vault, the policy and the read models.
 */
export async function openRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  const closers: { name: string; close: () => Promise<void> | void }[] = [];
  const close = async () => {
    const failures: unknown[] = [];
    for (const c of closers.reverse()) {
      try {
        await c.close();
        logger.info({ component: c.name }, 'closed');
      } catch (error) {
        logger.error({ component: c.name, err: error }, 'close failed');
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'some components failed to close');
  };
  try {
    const clock = options.clock ?? systemClock;
    const metrics = createMetrics();
    const rawStore = await openStore(config);
    closers.push({ name: 'event store', close: () => rawStore.close() });
    const store = withAppendMetrics(withRegistry(rawStore, buildEventRegistry()), metrics);
    const nodeDb = openNodeDb(config.dataDir);
    closers.push({ name: 'node database', close: () => void nodeDb.close() });
    // Claims and answers of Idempotency-Keys: on the calling thread unless TAIZHANG_IDEMPOTENCY_THREAD=on
    // (on 2 cores the thread added ~0.2 ms of CPU per keyed command and gained no commands/s).
    const idempotency = new IdempotencyStore(nodeDb, threadSwitchFromEnv('TAIZHANG_IDEMPOTENCY_THREAD') ? threadIdempotencyExecutor(nodeDb.name) : undefined);
    closers.push({ name: 'idempotency records', close: () => idempotency.close() });
    const pseudonymKey = loadPseudonymKey(config.dataDir);
    // One vault per data directory; on EventStoreDB the vault belongs in its pii- streams (EsdbVault), not wired yet.
    const vault = SqliteVault.open(config.dataDir, { personRefOf: (idNumber) => personRef(pseudonymKey, idNumber) });
    closers.push({ name: 'vault', close: () => vault.close() });
    const services: AppDeps = { store, cache: new StateCache(undefined, knownHeadsOf(rawStore)), locks: new StreamLocks(), clock, policy: loadPolicy(), vault, pseudonymKey };
    const readModels = options.startReadModels ? await options.startReadModels(store, logger, rawStore) : undefined;
    if (readModels) closers.push({ name: 'read models', close: () => readModels.close() });
    const integrity = options.startIntegrity ? await options.startIntegrity(rawStore, logger) : undefined;
    if (integrity) closers.push({ name: 'integrity log', close: () => integrity.close() });
    const deps: ServerDeps = {
      clock,
      store,
      tokens: new TokenStore(nodeDb),
      idempotency,
      logger,
      metrics,
      services,
      options: { bodyLimitBytes: config.bodyLimitBytes, rateLimitPerMinute: config.rateLimitPerMinute },
      ...(readModels ? { readModels } : {}),
      ...(integrity ? { integrity } : {}),
    };
    return { deps, rawStore, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
