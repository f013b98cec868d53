import t from 'tap';
import { InstitutionEventSchemas, type InstitutionEvent } from '../../../src/domain/institution/events.ts';
import { storedData } from '../round-trip.ts';
import { blacklistedForever, blacklistedWithTerm, delisted, listed, registered, revoked, suspended } from './fixtures.ts';

t.test('every institution event passes its schema unchanged', async (t) => {
  const events: InstitutionEvent[] = [
    registered, listed, suspended, delisted, blacklistedWithTerm, blacklistedForever, revoked,
    { type: 'InstitutionOccupationsChanged', data: { occupations: ['4-03-02-01'], effectiveOn: '2025-03-01', reason: 'r' } },
    { type: 'InstitutionCreditGradeChanged', data: { creditGrade: 'A', effectiveOn: '2025-03-01', reason: 'r' } },
    { type: 'InstitutionInterviewed', data: { on: '2025-03-01', reason: 'r', reference: 'finding-1' } },
    { type: 'InstitutionRectificationNoticeIssued', data: { on: '2025-03-01', deadline: '2025-03-31', reason: 'r' } },
    { type: 'InstitutionSuspensionLifted', data: { on: '2025-07-01', reason: 'r' } },
    { type: 'InstitutionRemovedFromBlacklist', data: { on: '2028-10-01', reason: 'r' } },
  ];
  for (const e of events) t.same(storedData(InstitutionEventSchemas, e), e.data, e.type);
  t.same(new Set(events.map((e) => e.type)), new Set(Object.keys(InstitutionEventSchemas)), 'every type covered');
});

t.test('a registration with an invalid credit code cannot be stored', async (t) => {
  t.throws(() => storedData(InstitutionEventSchemas, { type: 'InstitutionRegistered', data: { ...registered.data, creditCode: '91350100M000100Y44' } }));
});
