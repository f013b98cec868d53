import t from 'tap';
import { ClassEventSchemas, type ClassEvent } from '../../../src/domain/class/events.ts';
import { storedData } from '../round-trip.ts';
import { ann, approved, completed, requested, session } from './fixtures.ts';

t.test('every class event passes its schema unchanged', async (t) => {
  const events: ClassEvent[] = [
    requested,
    approved,
    { type: 'ClassOpeningRefused', data: { reviewerId: 'r', decidedOn: '2025-02-25', reason: 'x' } },
    session('s1', '2025-03-03', 8, [ann]),
    session('s2', '2025-03-04', 8, [], { checkIns: [{ personRef: ann, method: 'manual', result: 'pass', note: 'reader down' }] }),
    completed,
    { type: 'AssessmentResultsRecorded', data: { assessedOn: '2025-03-15', results: [{ personRef: ann, passed: true, certificateLevel: 'intermediate' }] } },
  ];
  for (const e of events) t.same(storedData(ClassEventSchemas, e), e.data, e.type);
  t.same(new Set(events.map((e) => e.type)), new Set(Object.keys(ClassEventSchemas)), 'every type covered');
});
