// The vault contract against EventStoreDB. Needs a server: TAIZHANG_TEST_ESDB_URL (an
// esdb:// connection string) or a Docker engine for testcontainers. Without either the
// run is reported as skipped with the reason, never as passed.
import t from 'tap';
import { createSecretKey, randomBytes } from 'node:crypto';
import { EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import { EsdbVault, piiStream } from '../../src/vault/esdb-vault.ts';
import { freshRefOf, li, vaultContract, zhang } from './vault-contract.ts';

const IMAGE = process.env.TAIZHANG_TEST_ESDB_IMAGE ?? 'eventstore/eventstore:24.10';
const ESDB_HTTP_PORT = 2113;

interface Server {
  connectionString: string;
  stop: () => Promise<void>;
}

/** A running server, or the reason there is none. */
async function startServer(): Promise<Server | string> {
  const url = process.env.TAIZHANG_TEST_ESDB_URL;
  if (url !== undefined && url !== '') return { connectionString: url, stop: async () => {} };
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (err) {
    return `no Docker engine reachable (${(err as Error).message}) and TAIZHANG_TEST_ESDB_URL is not set`;
  }
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_CLUSTER_SIZE: '1',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
    })
    .withExposedPorts(ESDB_HTTP_PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', ESDB_HTTP_PORT).forStatusCode(204))
    .start();
  return {
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(ESDB_HTTP_PORT)}?tls=false`,
    stop: async () => void (await container.stop()),
  };
}

const server = await startServer();

if (typeof server === 'string') {
  const reason = `skipped: ${server}`;
  console.error(reason);
  t.comment(reason);
  t.test('EventStoreDB vault contract', { skip: reason }, async () => {});
} else {
  t.teardown(() => server.stop());
  const client = EventStoreDBClient.connectionString(server.connectionString);
  t.teardown(() => client.dispose());
  const key = createSecretKey(randomBytes(32));

  // Every contract test draws a fresh pseudonym key (freshRefOf), hence its own refs and
  // streams: one server, no interference between tests.
  t.test('contract', async (t) => {
    vaultContract(t, async (_t, options) => new EsdbVault(client, key, options));
  });

  t.test('the stream holds ciphertext only, and erasure deletes the pii- stream', async (t) => {
    const refOf = freshRefOf();
    const vault = new EsdbVault(client, key, { personRefOf: refOf });
    const ref = refOf(zhang.idNumber);
    await vault.put(ref, zhang);
    const stored: string[] = [];
    for await (const e of client.readStream(piiStream(ref), { direction: FORWARDS, fromRevision: START })) {
      stored.push(JSON.stringify(e.event?.data), JSON.stringify(e.event?.metadata));
    }
    t.equal(stored.length, 2, 'one event');
    for (const value of [zhang.idNumber, zhang.name, zhang.phone!, zhang.bankAccount!]) {
      t.notOk(stored.join('\n').includes(value), 'no plaintext value in the stored event');
    }
    t.equal(await vault.erase(ref), true);
    const read = client.readStream(piiStream(ref));
    await t.rejects(
      (async () => {
        for await (const _ of read) void _;
      })(),
      StreamNotFoundError,
    );
    t.same(await vault.get(refOf(li.idNumber)), undefined, 'others untouched (never stored here)');
  });
}
