import t from 'tap';
import { EventStoreDBClient } from '@eventstore/db-client';
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import { openEsdbStore } from '../../src/eventstore/esdb/esdb-store.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import { eventStoreContract } from './contract.ts';

/*
 * The shared contract against a real EventStoreDB: a throw-away insecure single node
 * started with testcontainers, or the server named by TAIZHANG_ESDB_TEST_URL (e.g.
 * `esdb://127.0.0.1:2113?tls=false` from `docker compose up eventstoredb`).
 *
 * With neither a Docker engine nor that variable, the run is reported SKIPPED with the
 * reason: never passed, because nothing was checked.
 */

const IMAGE = process.env['TAIZHANG_ESDB_IMAGE'] ?? 'eventstore/eventstore:24.10';
const ENGINE_PROBE_MS = 15_000;

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** undefined when a container engine answers; otherwise why not, found out within seconds. */
async function dockerUnavailable(): Promise<string | undefined> {
  try {
    await withTimeout(getContainerRuntimeClient(), ENGINE_PROBE_MS, `no container engine answered within ${ENGINE_PROBE_MS / 1000} s`);
    return undefined;
  } catch (error) {
    return `no Docker engine reachable for testcontainers (${(error as Error).message}); set TAIZHANG_ESDB_TEST_URL to use a running EventStoreDB`;
  }
}

async function startEventStoreDb(): Promise<{ url: string; container: StartedTestContainer }> {
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
      // The contract appends a 1 MiB event; EventStoreDB's default limit for a whole append is 1 MiB.
      EVENTSTORE_MAX_APPEND_SIZE: '8388608',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
    .withStartupTimeout(180_000)
    .start();
  return { url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`, container };
}

/** Writes what only EventStoreDB itself or an admin could: a `$` stream, or a `$` type in a user stream. */
async function injectSystemEvent(url: string, kind: 'stream' | 'type'): Promise<void> {
  const client = EventStoreDBClient.connectionString(url);
  try {
    const stream = kind === 'stream' ? `$settings-${newUuidV7()}` : `fund-${newUuidV7()}`;
    const type = kind === 'stream' ? 'SettingsChanged' : '$Metadata';
    await client.appendToStream(stream, { id: newUuidV7(), contentType: 'application/json', type, data: {}, metadata: undefined });
  } finally {
    await client.dispose();
  }
}

const explicitUrl = process.env['TAIZHANG_ESDB_TEST_URL'];
const reason = explicitUrl === undefined ? await dockerUnavailable() : undefined;

if (reason !== undefined) {
  console.log(`skipped: ${reason}`);
  // A plan of nothing with a reason: tap reports the whole file as SKIP, and counts it so.
  t.plan(0, reason);
} else {
  t.test('EventStoreDB contract', async (t) => {
    let url = explicitUrl;
    if (url === undefined) {
      const started = await startEventStoreDb();
      t.teardown(() => started.container.stop());
      url = started.url;
    }
    const target = url;
    t.comment(`EventStoreDB at ${target.replace(/\/\/[^@/]*@/, '//***@')}`);
    eventStoreContract(t, async () => {
      const store = await openEsdbStore(target);
      return { store, cleanup: () => store.close(), injectSystemEvent: (kind) => injectSystemEvent(target, kind) };
    });
  });
}
