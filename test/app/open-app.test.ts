import t from 'tap';
import { openApp } from '../../src/app/open-app.ts';
import { EventSchemaError } from '../../src/eventstore/errors.ts';

t.test('openApp wires a validating store, the vault, keys and policy in the data dir', async (t) => {
  const dir = t.testdir();
  const app = await openApp({ storeUrl: 'sqlite:', dataDir: dir, maxEventBytes: 1 << 20 });
  t.teardown(() => app.close());
  t.ok(app.deps.policy.calendar, 'policy with its calendar');
  const meta = { actor: { id: 'u', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-01T00:00:00+08:00' };
  await t.rejects(
    app.deps.store.append('fund-x', [{ id: '0190d2c0-0000-7000-8000-000000000001', type: 'FundOpened', schemaVersion: 1, data: { nonsense: true }, metadata: meta }], 'no_stream'),
    EventSchemaError,
    'the store validates against the registry',
  );
  t.equal(await app.rawStore.headPosition(), 0n, 'nothing written');
});
