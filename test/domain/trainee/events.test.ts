import t from 'tap';
import { TraineeEventSchemas } from '../../../src/domain/trainee/events.ts';
import type { DomainEvent } from '../../../src/domain/decider.ts';
import { storedData } from '../round-trip.ts';
import { certificate, personRef, registered } from './fixtures.ts';

t.test('every trainee event passes its schema unchanged', async (t) => {
  const events: DomainEvent[] = [
    registered,
    certificate,
    { type: 'TraineeCategoryChanged', data: { category: 'graduate_in_graduation_year', graduationYear: 2025, effectiveOn: '2025-06-01', reason: 'r' } },
    { type: 'TraineeInsuranceRecorded', data: { months: 20, asOf: '2025-06-01' } },
    { type: 'CertificateSerialClaimed', data: { serialNumber: 'S000036010001254000123', personRef } },
  ];
  for (const e of events) t.same(storedData(TraineeEventSchemas, e), e.data, e.type);
  t.same(new Set(events.map((e) => e.type)), new Set(Object.keys(TraineeEventSchemas)), 'every type covered');
});

t.test('the store itself refuses a registration holding a raw ID number or name', async (t) => {
  const reg = registered.data as Record<string, unknown>;
  t.throws(() => storedData(TraineeEventSchemas, { type: 'TraineeRegistered', data: { ...reg, maskedId: '360426199101010071' } }));
  t.throws(() => storedData(TraineeEventSchemas, { type: 'TraineeRegistered', data: { ...reg, maskedName: '张三' } }));
});

t.test('a stray field is dropped on the way into the store', async (t) => {
  const reg = registered.data as Record<string, unknown>;
  const stored = storedData(TraineeEventSchemas, { type: 'TraineeRegistered', data: { ...reg, phone: '13800000000' } }) as Record<string, unknown>;
  t.notOk('phone' in stored);
});
