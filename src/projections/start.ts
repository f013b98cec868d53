import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventStore } from '../eventstore/port.ts';
import { SqliteEventStore } from '../eventstore/sqlite/sqlite-store.ts';
import { PROJECTIONS } from './catalog.ts';
import { Projections } from './projections.ts';
import { WorkerProjections } from './worker-projections.ts';

export interface CatalogueProjectionsOptions {
  /**
   * Run the read models on a worker thread when the store is the embedded one (default:
   * yes, unless TAIZHANG_READ_MODELS_THREAD=off, kept for before/after measurements).
   */
  thread?: boolean;
}

/**
 * How `taizhang serve` starts the read models: every projection of the catalogue, files
 * under `${dataDir}/readmodels`.
 *
 * On the embedded store they run on a worker thread (WorkerProjections): applying events,
 * reading the log for them and their commits were about a fifth of the main thread, which
 * is what saturates first under commands; the main thread keeps only the queries and the
 * read-your-writes waits. `rawStore` is the store as opened (the worker opens its file
 * read-only); `store` is the validating, upcasting one the in-process runners read, as on
 * EventStoreDB, where they stay on the main thread.
 */
export function startCatalogueProjections(
  config: Pick<Config, 'dataDir'>,
  options: CatalogueProjectionsOptions = {},
): (store: EventStore, logger: Logger, rawStore?: EventStore) => Projections | Promise<WorkerProjections> {
  const thread = options.thread ?? process.env.TAIZHANG_READ_MODELS_THREAD !== 'off';
  return (store, logger, rawStore) => {
    if (thread && rawStore instanceof SqliteEventStore) {
      return WorkerProjections.start({ writer: rawStore, store, dataDir: config.dataDir, logger, logLevel: logger.level });
    }
    return Projections.start({ store, dataDir: config.dataDir, logger, definitions: PROJECTIONS });
  };
}
