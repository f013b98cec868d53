import t from 'tap';
import { parseInstitutionCommand } from '../../../src/domain/institution/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';

const valid = {
  type: 'RegisterInstitution',
  creditCode: ' 91350100m000100y43 ',
  licenceNumber: '人社民3601002000123号',
  name: '南昌市某职业培训学校',
  address: '南昌市红谷滩区某路 1 号',
  nature: 'private',
  regionCode: '360100',
  occupations: ['6-31-01-03', '4-03-02-01', '6-31-01-03'],
  creditGrade: 'B',
  registeredOn: '2025-01-02',
};

t.test('a registration parses to the normalised code and a sorted set of occupations', async (t) => {
  const c = parseInstitutionCommand(valid);
  if (isRejection(c) || c.type !== 'RegisterInstitution') return t.fail('expected a registration');
  t.equal(c.creditCode, '91350100M000100Y43');
  t.same(c.occupations, ['4-03-02-01', '6-31-01-03']);
});

const bad: [string, Record<string, unknown>, string][] = [
  ['a credit code with a wrong check character', { creditCode: '91350100M000100Y44' }, 'creditCode'],
  ['a credit code using a letter outside the alphabet', { creditCode: '91350100M00010OY43' }, 'creditCode'],
  ['a region code that is not 6 digits', { regionCode: '3601' }, 'regionCode'],
  ['no occupations', { occupations: [] }, 'occupations'],
  ['a malformed occupation', { occupations: ['4-03-02-01', 'welding'] }, 'occupations.1'],
  ['a grade outside A–D', { creditGrade: 'E' }, 'creditGrade'],
  ['an unknown nature', { nature: 'mixed' }, 'nature'],
  ['a blank name', { name: '' }, 'name'],
];
for (const [what, patch, field] of bad) {
  t.test(`${what} is refused naming ${field}`, async (t) => {
    const r = parseInstitutionCommand({ ...valid, ...patch });
    if (!isRejection(r)) return t.fail('expected a rejection');
    t.equal(r.code, 'institution.invalid_command');
    t.equal(r.field, field);
  });
}

t.test('a suspension without its last day is refused naming to', async (t) => {
  const r = parseInstitutionCommand({ type: 'SuspendInstitution', from: '2025-06-01', reason: 'r' });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'to');
});

t.test('an unknown field on a notice is refused naming it', async (t) => {
  const r = parseInstitutionCommand({ type: 'IssueRectificationNotice', on: '2025-03-01', deadline: '2025-03-31', reason: 'r', deadlineDays: 20 });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'deadlineDays');
});
