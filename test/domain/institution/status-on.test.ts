import t from 'tap';
import { institutionDecider } from '../../../src/domain/institution/decider.ts';
import type { InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { creditGradeOn, institutionStatusOn, mayTrainOn, mayTrainThroughout, occupationsOn } from '../../../src/domain/institution/status-on.ts';
import { fold } from '../../../src/domain/decider.ts';
import { blacklistedWithTerm, delisted, listed, registered, suspended } from './fixtures.ts';

const timeline: InstitutionEvent[] = [
  registered, // 2025-01-02, unlisted
  listed, // 2025-02-01
  { type: 'InstitutionOccupationsChanged', data: { occupations: ['6-31-01-03'], effectiveOn: '2025-04-01', reason: 'scope reduced' } },
  { type: 'InstitutionCreditGradeChanged', data: { creditGrade: 'C', effectiveOn: '2025-05-01', reason: 'inspection' } },
  suspended, // 2025-06-01 .. 2025-08-31
  delisted, // 2025-09-01
  blacklistedWithTerm, // 2025-10-01 .. 2028-09-30
  { type: 'InstitutionRemovedFromBlacklist', data: { on: '2028-10-01', reason: 'term served' } },
];
const state = fold(institutionDecider, timeline);

t.test('status on each day of the timeline', async (t) => {
  const expected: [string, string][] = [
    ['2024-12-31', 'unlisted'],
    ['2025-01-02', 'unlisted'],
    ['2025-01-31', 'unlisted'],
    ['2025-02-01', 'listed'],
    ['2025-05-31', 'listed'],
    ['2025-06-01', 'suspended'],
    ['2025-08-31', 'suspended'],
    ['2025-09-01', 'delisted'],
    ['2025-10-01', 'blacklisted'],
    ['2028-10-01', 'delisted'],
  ];
  for (const [date, status] of expected) t.equal(institutionStatusOn(state, date), status, date);
});

t.test('a suspension runs out by itself after its last day', async (t) => {
  const s = fold(institutionDecider, [registered, listed, suspended]);
  t.equal(institutionStatusOn(s, '2025-08-31'), 'suspended');
  t.equal(institutionStatusOn(s, '2025-09-01'), 'listed');
});

t.test('an unregistered institution is unlisted and may train nothing', async (t) => {
  const s = institutionDecider.initialState();
  t.equal(institutionStatusOn(s, '2025-06-01'), 'unlisted');
  t.same(occupationsOn(s, '2025-06-01'), []);
  t.equal(creditGradeOn(s, '2025-06-01'), undefined);
  t.match(mayTrainThroughout(s, '6-31-01-03', '2025-06-01', '2025-06-02'), { ok: false, on: '2025-06-01', status: 'unlisted', cause: 'status' });
});

t.test('occupations and grade follow their dated changes', async (t) => {
  t.same(occupationsOn(state, '2025-03-31'), ['4-03-02-01', '6-31-01-03']);
  t.same(occupationsOn(state, '2025-04-01'), ['6-31-01-03']);
  t.equal(creditGradeOn(state, '2025-04-30'), 'B');
  t.equal(creditGradeOn(state, '2025-05-01'), 'C');
});

t.test('mayTrainOn needs both the listing and the occupation', async (t) => {
  t.notOk(mayTrainOn(state, '6-31-01-03', '2025-01-31'), 'not yet listed');
  t.ok(mayTrainOn(state, '4-03-02-01', '2025-03-31'));
  t.notOk(mayTrainOn(state, '4-03-02-01', '2025-04-01'), 'occupation withdrawn');
  t.ok(mayTrainOn(state, '6-31-01-03', '2025-05-31'));
  t.notOk(mayTrainOn(state, '6-31-01-03', '2025-06-01'), 'suspended');
});

t.test('mayTrainThroughout names the first day a class could not run', async (t) => {
  t.same(mayTrainThroughout(state, '6-31-01-03', '2025-02-01', '2025-05-31'), { ok: true });
  t.same(mayTrainThroughout(state, '6-31-01-03', '2025-05-20', '2025-06-10'), { ok: false, on: '2025-06-01', status: 'suspended', cause: 'status' });
  t.same(mayTrainThroughout(state, '4-03-02-01', '2025-03-20', '2025-04-10'), { ok: false, on: '2025-04-01', status: 'listed', cause: 'occupation' });
  t.same(mayTrainThroughout(state, '6-31-01-03', '2025-01-20', '2025-02-10'), { ok: false, on: '2025-01-20', status: 'unlisted', cause: 'status' });
});

t.test('a class that starts during a suspension is refused even if it ends after it', async (t) => {
  const s = fold(institutionDecider, [registered, listed, suspended]);
  t.match(mayTrainThroughout(s, '6-31-01-03', '2025-08-30', '2025-09-15'), { ok: false, on: '2025-08-30' });
  t.same(mayTrainThroughout(s, '6-31-01-03', '2025-09-01', '2025-09-15'), { ok: true });
});

t.test('a class spanning a suspension that started and ran out within it is refused on its first day', async (t) => {
  const s = fold(institutionDecider, [registered, listed, suspended]);
  t.match(mayTrainThroughout(s, '6-31-01-03', '2025-05-01', '2025-10-01'), { ok: false, on: '2025-06-01', status: 'suspended' });
});
