import path from 'node:path';
import t from 'tap';
import { StoreEnrolmentIndex } from '../../../src/app/services/classes-enrolment-index.ts';
import type { EventToAppend } from '../../../src/eventstore/port.ts';
import { openSqliteStore } from '../../../src/eventstore/sqlite/sqlite-store.ts';

let n = 0;
function event(type: string, data: unknown): EventToAppend {
  n += 1;
  const id = `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return { id, type, schemaVersion: 1, data, metadata: { actor: { id: 'reg', role: 'registrar' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-01T09:00:00.000+08:00' } };
}

function requested(classId: string, institutionId: string, startOn: string, endOn: string, roster: string[]): EventToAppend {
  return event('ClassOpeningRequested', { classId, institutionId, startOn, endOn, roster });
}

t.test('the enrolment index: overlaps and regions from the rosters, refused classes left out, later events seen', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  await store.append('institution-I1', [event('InstitutionRegistered', { creditCode: 'I1', regionCode: '360100' })], 'no_stream');
  await store.append('institution-I2', [event('InstitutionRegistered', { creditCode: 'I2', regionCode: '360200' })], 'no_stream');
  await store.append('class-C1', [requested('C1', 'I1', '2026-03-02', '2026-03-13', ['alice', 'bob'])], 'no_stream');
  await store.append('class-C2', [requested('C2', 'I2', '2026-04-01', '2026-04-10', ['alice'])], 'no_stream');
  const index = new StoreEnrolmentIndex(store);

  t.same(await index.overlappingClasses('alice', '2026-03-10', '2026-04-02'), ['C1', 'C2'], 'both classes of a person on two rosters, in the order requested');
  t.same(await index.overlappingClasses('alice', '2026-03-14', '2026-03-31'), [], 'the gap between them overlaps neither');
  t.same(await index.overlappingClasses('bob', '2026-03-13', '2026-03-13'), ['C1'], 'the last day counts');
  t.same(await index.overlappingClasses('carol', '2026-01-01', '2026-12-31'), [], 'nobody on no roster');
  t.same((await index.regionsOf('alice')).sort(), ['360100', '360200']);
  t.equal(index.people, 2, 'one entry per person, however many classes');

  // Appended after the first answers: the next question catches up.
  await store.append('class-C2', [event('ClassOpeningRefused', { reasonCode: 'x' })], 0n);
  await store.append('class-C3', [requested('C3', 'I2', '2026-03-02', '2026-03-06', ['bob', 'carol'])], 'no_stream');
  t.same(await index.overlappingClasses('alice', '2026-03-10', '2026-04-02'), ['C1'], 'a refused class no longer counts');
  t.same(await index.regionsOf('alice'), ['360100']);
  t.same(await index.overlappingClasses('bob', '2026-03-01', '2026-03-31'), ['C1', 'C3']);
  t.same(await index.regionsOf('carol'), ['360200']);
  t.equal(index.people, 3);
});
