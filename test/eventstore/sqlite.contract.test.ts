import t from 'tap';
import { eventStoreContract } from './contract.ts';
import { sqliteContractStore } from './sqlite-fixture.ts';

t.test('SQLite store, writer thread (the default)', async (t) => {
  eventStoreContract(t, sqliteContractStore(t));
});

t.test('SQLite store, inline writer', async (t) => {
  eventStoreContract(t, sqliteContractStore(t, { writer: 'inline' }));
});
