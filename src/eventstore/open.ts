import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { EventStore } from './port.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

/**
 * The store the configuration names (TAIZHANG_STORE):
 * - `sqlite:` the embedded store, `${dataDir}/events.sqlite` (the data dir is created);
 * - `sqlite:FILE` the embedded store in FILE (relative to the working directory);
 * - `esdb://…` or `esdb+discover://…` an EventStoreDB node or cluster.
 */
export async function openStore(config: Pick<Config, 'storeUrl' | 'dataDir' | 'maxEventBytes'>): Promise<EventStore> {
  const url = config.storeUrl;
  if (url.startsWith('sqlite:')) {
    const explicit = url.slice('sqlite:'.length);
    const file = explicit === '' ? path.join(config.dataDir, 'events.sqlite') : path.resolve(explicit);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return openSqliteStore({ file, maxEventBytes: config.maxEventBytes });
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) {
    // Loaded only here: the EventStoreDB client (gRPC) costs every embedded-store process ~0.35 CPU-s at start.
    const { openEsdbStore } = await import('./esdb/esdb-store.ts');
    return openEsdbStore(url, { maxEventBytes: config.maxEventBytes });
  }
  throw new Error(`TAIZHANG_STORE: "${url.replace(/\/\/[^@/]*@/, '//***@')}" is neither sqlite: nor an esdb:// connection string`);
}
