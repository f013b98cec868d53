import t from 'tap';
import { PersonalDataRevealedSchema, type PersonalDataRevealed } from '../../src/vault/reveal.ts';
import { PERSONAL_FIELDS } from '../../src/vault/port.ts';
import { refOf, zhang } from './vault-contract.ts';

const valid: PersonalDataRevealed = {
  principalId: 'u-reviewer-7',
  role: 'reviewer',
  purpose: 'application_review',
  caseRef: 'application-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  personRef: refOf(zhang.idNumber),
  fields: ['idNumber', 'bankAccount'],
};

t.test('a reveal record names who, why, whose and which fields', async (t) => {
  t.same(PersonalDataRevealedSchema.parse(valid), valid);
  const { caseRef: _omitted, ...withoutCase } = valid;
  t.ok(PersonalDataRevealedSchema.safeParse(withoutCase).success, 'caseRef is optional');
});

t.test('every vault field can be named as revealed', async (t) => {
  t.ok(PersonalDataRevealedSchema.safeParse({ ...valid, fields: PERSONAL_FIELDS }).success);
});

t.test('a reveal record cannot carry personal data', async (t) => {
  const refused: [string, unknown][] = [
    ['a raw ID number as personRef', { ...valid, personRef: zhang.idNumber }],
    ['a free-text note', { ...valid, note: `checked ${zhang.name}` }],
    ['a field value instead of a field name', { ...valid, fields: [zhang.name] }],
    ['a free-text purpose', { ...valid, purpose: `call ${zhang.phone}` }],
    ['a caseRef that is not a stream name', { ...valid, caseRef: zhang.name }],
  ];
  for (const [what, record] of refused) t.notOk(PersonalDataRevealedSchema.safeParse(record).success, what);
});

t.test('malformed records are refused', async (t) => {
  for (const [what, record] of [
    ['no fields', { ...valid, fields: [] }],
    ['a field twice', { ...valid, fields: ['name', 'name'] }],
    ['an unknown role', { ...valid, role: 'janitor' }],
    ['no principal', { ...valid, principalId: '' }],
  ] as const) {
    t.notOk(PersonalDataRevealedSchema.safeParse(record).success, what);
  }
});
