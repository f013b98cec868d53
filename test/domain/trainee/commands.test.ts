import t from 'tap';
import { parseTraineeCommand } from '../../../src/domain/trainee/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';

const certificate = {
  type: 'RecordCertificate',
  serialNumber: ' s000036010001254000123 ',
  occupationCode: '6-31-01-03',
  level: 'intermediate',
  issuedOn: '2025-06-30',
  issuer: '江西省某职业技能等级认定机构',
};

t.test('a certificate serial is normalised', async (t) => {
  const c = parseTraineeCommand(certificate);
  if (isRejection(c) || c.type !== 'RecordCertificate') return t.fail('expected a certificate');
  t.equal(c.serialNumber, 'S000036010001254000123');
});

const bad: [string, Record<string, unknown>, string][] = [
  ['a serial with spaces inside', { serialNumber: 'S0000 3601' }, 'serialNumber'],
  ['an unknown level', { level: 'grade-3' }, 'level'],
  ['an impossible issue date', { issuedOn: '2025-13-01' }, 'issuedOn'],
  ['a blank issuer', { issuer: ' ' }, 'issuer'],
];
for (const [what, patch, field] of bad) {
  t.test(`${what} is refused naming ${field}`, async (t) => {
    const r = parseTraineeCommand({ ...certificate, ...patch });
    if (!isRejection(r)) return t.fail('expected a rejection');
    t.equal(r.code, 'trainee.invalid_command');
    t.equal(r.field, field);
  });
}

t.test('negative insured months are refused naming months', async (t) => {
  const r = parseTraineeCommand({ type: 'RecordInsurance', months: -1, asOf: '2025-01-01' });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'months');
});
