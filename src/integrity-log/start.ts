import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventStore } from '../eventstore/port.ts';
import { loadIntegrityConfig } from './config.ts';
import { IntegrityLog } from './integrity-log.ts';

/** How `taizhang serve` starts the integrity log: over the raw store, settings from the environment (config.ts). */
export function startIntegrityLog(config: Pick<Config, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): (rawStore: EventStore, logger: Logger) => IntegrityLog {
  const integrity = loadIntegrityConfig(env);
  return (rawStore, logger) => IntegrityLog.start({ rawStore, dataDir: config.dataDir, logger, config: integrity });
}
