import t from 'tap';
import { EsdbStore } from '../../src/eventstore/esdb/esdb-store.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import { eventStoreContract } from './contract.ts';
import { FakeEsdbClient } from './esdb-fake.ts';

/*
 * The shared contract, run through the EventStoreDB adapter over the in-memory client
 * stand-in: every case the real server runs in esdb.contract.test.ts, here on every
 * machine. What it proves is the adapter's logic; EventStoreDB's own behaviour is the
 * stand-in's assumption, checked against the real server only where Docker runs.
 */
t.test('EventStoreDB adapter over an in-memory client', async (t) => {
  // One "server" for all cases, as the real run has one container: the contract never assumes an empty store.
  const fake = new FakeEsdbClient();
  eventStoreContract(t, async () => {
    const store = new EsdbStore(fake.asClient());
    return {
      store,
      cleanup: () => store.close(),
      injectSystemEvent: async (kind) => {
        if (kind === 'stream') fake.writeSystemEvent(`$settings-${newUuidV7()}`, 'SettingsChanged');
        else fake.writeSystemEvent(`fund-${newUuidV7()}`, '$Metadata');
      },
    };
  });
});
