import t from 'tap';
import { parseClassCommand } from '../../../src/domain/class/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { ann, request } from './fixtures.ts';

t.test('the opening request parses, normalising the credit code', async (t) => {
  const c = parseClassCommand({ ...request, institutionId: '91350100m000100y43' });
  if (isRejection(c) || c.type !== 'RequestClassOpening') return t.fail('expected a request');
  t.equal(c.institutionId, '91350100M000100Y43');
});

const bad: [string, Record<string, unknown>, string][] = [
  ['an institution id that is not a credit code', { institutionId: '91350100M000100Y44' }, 'institutionId'],
  ['a raw ID number on the roster', { roster: [ann, '360426199101010071'] }, 'roster.1'],
  ['an empty roster', { roster: [] }, 'roster'],
  ['a teacher id shaped like an ID number', { teacherIds: ['11010519491231002X'] }, 'teacherIds.0'],
  ['a plan without hours', { plan: { summary: 's' } }, 'plan.plannedHours'],
  ['an extra field in the plan', { plan: { summary: 's', plannedHours: 40, teacherPhone: '13800000000' } }, 'plan.teacherPhone'],
];
for (const [what, patch, field] of bad) {
  t.test(`${what} is refused naming ${field}`, async (t) => {
    const r = parseClassCommand({ ...request, ...patch });
    if (!isRejection(r)) return t.fail('expected a rejection');
    t.equal(r.code, 'class.invalid_command');
    t.equal(r.field, field);
  });
}

t.test('a check-in method outside face/manual/other is refused naming it', async (t) => {
  const r = parseClassCommand({
    type: 'RecordAttendanceSession', sessionId: 's', date: '2025-03-03', hours: 4, teacherId: 't',
    checkIns: [{ personRef: ann, method: 'fingerprint', result: 'pass' }], recordedOn: '2025-03-03',
  });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'checkIns.0.method');
});

t.test('a session of more than 24 hours is refused naming hours', async (t) => {
  const r = parseClassCommand({
    type: 'RecordAttendanceSession', sessionId: 's', date: '2025-03-03', hours: 25, teacherId: 't',
    checkIns: [{ personRef: ann, method: 'face', result: 'pass' }], recordedOn: '2025-03-03',
  });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'hours');
});
