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

const approved = () => event('ClassOpeningApproved', { reviewerId: 'rev', decidedOn: '2026-03-01' });

t.test('the enrolment index: overlaps and regions from the rosters, refused classes left out, later events seen', async (t) => {
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  await store.append('institution-I1', [event('InstitutionRegistered', { creditCode: 'I1', regionCode: '360100' })], 'no_stream');
  await store.append('institution-I2', [event('InstitutionRegistered', { creditCode: 'I2', regionCode: '360200' })], 'no_stream');
  await store.append('class-C1', [requested('C1', 'I1', '2026-03-02', '2026-03-13', ['alice', 'bob']), approved()], 'no_stream');
  await store.append('class-C2', [requested('C2', 'I2', '2026-04-01', '2026-04-10', ['alice']), approved()], 'no_stream');
  const index = new StoreEnrolmentIndex(store);

  t.same(await index.overlappingClasses('alice', '2026-03-10', '2026-04-02'), ['C1', 'C2'], 'both classes of a person on two rosters, in the order requested');
  t.same(await index.overlappingClasses('alice', '2026-03-14', '2026-03-31'), [], 'the gap between them overlaps neither');
  t.same(await index.overlappingClasses('bob', '2026-03-13', '2026-03-13'), ['C1'], 'the last day counts');
  t.same(await index.overlappingClasses('carol', '2026-01-01', '2026-12-31'), [], 'nobody on no roster');
  t.same((await index.regionsOf('alice')).sort(), ['360100', '360200']);
  t.equal(index.people, 2, 'one entry per person, however many classes');

  // Appended after the first answers: the next question catches up.
  await store.append('class-C2', [event('ClassOpeningRefused', { reasonCode: 'x' })], 1n);
  await store.append('class-C3', [requested('C3', 'I2', '2026-03-02', '2026-03-06', ['bob', 'carol']), approved()], 'no_stream');
  t.same(await index.overlappingClasses('alice', '2026-03-10', '2026-04-02'), ['C1'], 'a refused class no longer counts');
  t.same(await index.regionsOf('alice'), ['360100']);
  t.same(await index.overlappingClasses('bob', '2026-03-01', '2026-03-31'), ['C1', 'C3']);
  t.same(await index.regionsOf('carol'), ['360200']);
  t.equal(index.people, 3);
});

t.test('a class only requested gives its region no sight of the people on its roster; its approval does (R2 item 5)', async (t) => {
  // Before: regionsOf counted every class not refused, so a registrar of 360200 could list a
  // 360100 trainee on a request and its region's staff would then see and act for that person.
  const store = await openSqliteStore({ file: path.join(t.testdir(), 'e.sqlite') });
  t.teardown(() => store.close());
  await store.append('institution-I1', [event('InstitutionRegistered', { creditCode: 'I1', regionCode: '360100' })], 'no_stream');
  await store.append('institution-I2', [event('InstitutionRegistered', { creditCode: 'I2', regionCode: '360200' })], 'no_stream');
  await store.append('class-C1', [requested('C1', 'I1', '2026-03-02', '2026-03-13', ['dora']), approved()], 'no_stream');
  await store.append('class-C2', [requested('C2', 'I2', '2026-05-04', '2026-05-15', ['dora', 'emil'])], 'no_stream');
  const index = new StoreEnrolmentIndex(store);
  t.same(await index.regionsOf('dora'), ['360100'], 'the request of 360200 adds nothing');
  t.same(await index.regionsOf('emil'), [], 'on a request alone: in no region');
  t.same(await index.overlappingClasses('emil', '2026-05-01', '2026-05-31'), ['C2'], 'a request still holds its roster against overlapping classes');
  await store.append('class-C2', [approved()], 0n);
  t.same((await index.regionsOf('dora')).sort(), ['360100', '360200'], 'approved: now in both');
  t.same(await index.regionsOf('emil'), ['360200']);
});
