import t from 'tap';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { UnknownEventTypeError } from '../../src/eventstore/errors.ts';

t.test('every domain event type is registered once, and an unknown one is refused', async (t) => {
  const registry = buildEventRegistry();
  const meta = { actor: { id: 'u', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-01T00:00:00+08:00' };
  t.throws(
    () => registry.validateForAppend({ id: '0190d2c0-0000-7000-8000-000000000000', type: 'NoSuchEvent', schemaVersion: 1, data: {}, metadata: meta }),
    UnknownEventTypeError,
  );
  for (const type of ['FundOpened', 'ApplicationSubmitted', 'InstitutionRegistered', 'TraineeRegistered', 'PersonalDataRevealed']) {
    t.ok(registry.currentVersion(type) === 1, `${type} is registered`);
  }
});
