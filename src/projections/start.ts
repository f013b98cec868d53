import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventStore } from '../eventstore/port.ts';
import { SqliteEventStore } from '../eventstore/sqlite/sqlite-store.ts';
import { threadSwitchFromEnv } from '../shared/thread-switch.ts';
import { PROJECTIONS } from './catalog.ts';
import { Projections } from './projections.ts';
import { WorkerProjections } from './worker-projections.ts';

export interface CatalogueProjectionsOptions {
  /**
   * Run the read models on a worker thread when the store is the embedded one (default:
   * TAIZHANG_READ_MODELS_THREAD, itself `off` by default; see readModelsThreadFromEnv).
   */
  thread?: boolean;
}

/**
 * TAIZHANG_READ_MODELS_THREAD: `on` or `off` (default; see thread-switch.ts). Measured with
 * the Merkle log's thread: about 0.3-0.5 ms more CPU per command and ~110 MiB more RSS at
 * 1 M events, for no gain in commands/s (bench/results, 2026-11-26).
 */
export function readModelsThreadFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return threadSwitchFromEnv('TAIZHANG_READ_MODELS_THREAD', env);
}

/**
 * How `taizhang serve` starts the read models: every projection of the catalogue, files
 * under `${dataDir}/readmodels`.
 *
 * With `thread` on the embedded store they run on a worker thread (WorkerProjections):
 * applying events, reading the log for them and their commits were about a fifth of the
 * main thread; the main thread keeps only the queries and the read-your-writes waits. `rawStore` is the store as opened (the worker opens its file
 * read-only); `store` is the validating, upcasting one the in-process runners read, as on
 * EventStoreDB, where they stay on the main thread.
 */
export function startCatalogueProjections(
  config: Pick<Config, 'dataDir'>,
  options: CatalogueProjectionsOptions = {},
): (store: EventStore, logger: Logger, rawStore?: EventStore) => Projections | Promise<WorkerProjections> {
  const thread = options.thread ?? readModelsThreadFromEnv();
  return (store, logger, rawStore) => {
    if (thread && rawStore instanceof SqliteEventStore) {
      return WorkerProjections.start({ writer: rawStore, store, dataDir: config.dataDir, logger, logLevel: logger.level });
    }
    return Projections.start({ store, dataDir: config.dataDir, logger, definitions: PROJECTIONS });
  };
}
