import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventStore } from '../eventstore/port.ts';
import { SqliteEventStore } from '../eventstore/sqlite/sqlite-store.ts';
import { loadIntegrityConfig } from './config.ts';
import { IntegrityLog } from './integrity-log.ts';
import { IntegrityLogThread } from './log-thread-port.ts';
import type { IntegrityPort } from './port.ts';

export type RunningIntegrityLog = IntegrityPort & { close(): Promise<void> };

/**
 * How `taizhang serve` starts the integrity log over the raw store, settings from the
 * environment (config.ts): with TAIZHANG_INTEGRITY_THREAD=on and the embedded store, on a
 * thread of its own that reads the store's file read-only (log-thread-port.ts); otherwise
 * (the default, and always on EventStoreDB) on the main thread (IntegrityLog).
 */
export function startIntegrityLog(config: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): (rawStore: EventStore, logger: Logger) => Promise<RunningIntegrityLog> {
  const integrity = loadIntegrityConfig(env);
  return async (rawStore, logger) => {
    if (integrity.thread === true && rawStore instanceof SqliteEventStore) {
      return IntegrityLogThread.start({ storeFile: rawStore.file, commits: rawStore, dataDir: config.dataDir, logger, config: integrity });
    }
    return IntegrityLog.start({ rawStore, dataDir: config.dataDir, logger, config: integrity });
  };
}
