import t from 'tap';
import fc from 'fast-check';
import { parseTraineeCommand } from '../../../src/domain/trainee/commands.ts';
import { traineeDecider } from '../../../src/domain/trainee/decider.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { maskAccount, maskName, maskResidentId } from '../../../src/domain/masking.ts';
import { residentIdCheckChar } from '../../../src/domain/identity/resident-id.ts';
import { fold } from '../../../src/domain/decider.ts';
import { register } from './fixtures.ts';

/**
 * The domain boundary refuses raw personal data: a command carrying an unmasked ID
 * number, name or account where a masked one belongs is refused naming the field, and no
 * event of an accepted registration contains the raw values it was built from.
 */

const raw = { id: '360426199101010071', name: '张三', card: '6217001234567894321' };

const cases: [string, Record<string, unknown>, string][] = [
  ['a raw ID number as maskedId', { maskedId: raw.id }, 'maskedId'],
  ['an ID number masked only in the middle few digits', { maskedId: '360426******010071' }, 'maskedId'],
  ['a raw name as maskedName', { maskedName: raw.name }, 'maskedName'],
  ['a name showing its last character', { maskedName: '*三' }, 'maskedName'],
  ['a raw card number', { socialSecurityCardMasked: raw.card }, 'socialSecurityCardMasked'],
  ['a raw bank account', { bankAccountMasked: raw.card }, 'bankAccountMasked'],
  ['an account showing more than its last 4', { bankAccountMasked: '****67894321' }, 'bankAccountMasked'],
  ['a raw ID number as personRef', { personRef: raw.id }, 'personRef'],
];
for (const [what, patch, field] of cases) {
  t.test(`${what} is refused naming ${field}, without repeating it`, async (t) => {
    const r = parseTraineeCommand({ ...register, ...patch });
    if (!isRejection(r)) return t.fail('expected a rejection');
    t.equal(r.code, 'trainee.invalid_command');
    t.equal(r.field, field);
    for (const v of Object.values(raw)) t.notOk(r.message.includes(v), 'the message does not repeat the value');
  });
}

t.test('an extra field (say, the raw ID number riding along) is refused naming it', async (t) => {
  const r = parseTraineeCommand({ ...register, idNumber: raw.id });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.code, 'trainee.invalid_command');
  t.equal(r.field, 'idNumber');
  t.notOk(r.message.includes(raw.id));
});

t.test('the masked forms the masking helpers produce are accepted', async (t) => {
  const r = parseTraineeCommand({ ...register, maskedId: maskResidentId(raw.id), maskedName: maskName('欧阳娜娜'), bankAccountMasked: maskAccount(raw.card) });
  t.notOk(isRejection(r), isRejection(r) ? r.message : 'accepted');
});

/** A valid resident ID number from random parts (province 36, Jiangxi). */
const residentId = fc
  .record({ area: fc.integer({ min: 0, max: 9999 }), year: fc.integer({ min: 1950, max: 2005 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ area, year, month, day, seq }) => {
    const first17 = `36${String(area).padStart(4, '0')}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
    return first17 + residentIdCheckChar(first17);
  });
const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const name = fc.array(hanzi, { minLength: 2, maxLength: 4 }).map((cs) => cs.join(''));
const account = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 19 }).map((ds) => ds.join(''));

t.test('property: events of a registration built the app layer\'s way never hold the raw ID, name or account', async (t) => {
  fc.assert(
    fc.property(residentId, name, account, (id, fullName, acct) => {
      const cmd = parseTraineeCommand({
        ...register,
        maskedId: maskResidentId(id),
        maskedName: maskName(fullName),
        birthYear: Number(id.slice(6, 10)),
        bankAccountMasked: maskAccount(acct),
      });
      if (isRejection(cmd)) return false;
      const events = traineeDecider.decide(cmd, traineeDecider.initialState());
      if (isRejection(events)) return false;
      const stored = JSON.stringify(events) + JSON.stringify(fold(traineeDecider, [...events]));
      return !stored.includes(id) && !stored.includes(fullName) && !stored.includes(acct) && !stored.includes(id.slice(6, 14));
    }),
    { numRuns: 300 },
  );
});
