import t from 'tap';
import fc from 'fast-check';
import {
  RESIDENT_ID_REASON_MESSAGES,
  ResidentIdSchema,
  isValidResidentId,
  normaliseResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
  residentIdSex,
  validateResidentId,
} from '../../../src/domain/identity/resident-id.ts';
import { fromDayNumber, toDayNumber } from '../../../src/domain/calendar/business-date.ts';

/**
 * Reference check character straight from ISO 7064 MOD 11-2, which GB 11643 adopts:
 * weights are 2^(18-i) mod 11 for positions i = 1..17, and the check value is
 * (12 - S mod 11) mod 11, written X for 10. Deliberately computed differently from the
 * implementation (no weight table, no lookup string).
 */
function referenceCheckChar(first17: string): string {
  let s = 0;
  for (let i = 1; i <= 17; i++) s += Number(first17[i - 1]) * (2 ** (18 - i) % 11);
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** A valid number: a real province, any county digits, a real birth date, any sequence. */
const validResidentId = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    county: digits(4),
    birthDay: fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2099-12-31') }),
    sequence: digits(3),
  })
  .map(({ province, county, birthDay, sequence }) => {
    const first17 = province + county + fromDayNumber(birthDay).replaceAll('-', '') + sequence;
    return first17 + referenceCheckChar(first17);
  });

t.test('the examples of domain.md are valid, with their birth date and sex', async (t) => {
  const a = validateResidentId('11010519491231002X');
  t.same(a, { valid: true, parts: { value: '11010519491231002X', areaCode: '110105', birthDate: '1949-12-31', sex: 'female' } });
  const b = validateResidentId('360426199101010071');
  t.same(b, { valid: true, parts: { value: '360426199101010071', areaCode: '360426', birthDate: '1991-01-01', sex: 'male' } });
  t.equal(residentIdBirthDate('360426199101010071'), '1991-01-01');
  t.equal(residentIdSex('11010519491231002X'), 'female', 'sequence 002: even is female');
  t.equal(residentIdSex('360426199101010071'), 'male', 'sequence 007: odd is male');
});

t.test('normalising trims and upper-cases x', async (t) => {
  t.equal(normaliseResidentId('  11010519491231002x\n'), '11010519491231002X');
  t.ok(isValidResidentId(' 11010519491231002x '));
});

t.test('check character of the first 17 digits', async (t) => {
  t.equal(residentIdCheckChar('11010519491231002'), 'X');
  t.equal(residentIdCheckChar('36042619910101007'), '1');
  t.throws(() => residentIdCheckChar('1101051949123100'), RangeError, '16 digits is a programmer error');
  t.throws(() => residentIdCheckChar('1101051949123100A'), RangeError);
});

t.test('invalid numbers name the fault', async (t) => {
  const cases: [string, string, string][] = [
    ['17 characters', '36042619910101007', 'length'],
    ['19 characters', '3604261991010100711', 'length'],
    ['empty', '', 'length'],
    ['letter inside', '3604261991O1010071', 'format'],
    ['X not last', '36042619910101X071', 'format'],
    ['full-width digit', '３60426199101010071', 'format'],
    ['no such province', '000426199101010074', 'area'],
    ['30 February', '360426199102300071', 'birth_date'],
    ['month 13', '360426199113010071', 'birth_date'],
    ['born 1899', '360426189912310071', 'birth_date'],
    ['29 Feb of a non-leap year', '360426190002290071', 'birth_date'],
    ['wrong check digit', '360426199101010072', 'check_char'],
    ['check X replaced by 0', '110105194912310020', 'check_char'],
  ];
  for (const [name, id, reason] of cases) t.same(validateResidentId(id), { valid: false, reason }, name);
});

t.test('a leap day birth date is accepted in a leap year', async (t) => {
  const first17 = '36042620000229007';
  t.ok(isValidResidentId(first17 + residentIdCheckChar(first17)), '2000 is a leap year (divisible by 400)');
});

t.test('schema: parses to the normalised value and never echoes the input', async (t) => {
  t.equal(ResidentIdSchema.parse(' 11010519491231002x'), '11010519491231002X');
  const bad = '360426199101010072';
  const r = ResidentIdSchema.safeParse(bad);
  t.notOk(r.success);
  t.equal(r.error?.issues[0]?.message, RESIDENT_ID_REASON_MESSAGES.check_char);
  t.notMatch(JSON.stringify(r.error?.issues), /3604|0072/, 'no part of the number in the issues');
  t.notMatch(String(r.error), /360426/, 'nor in the error text');
  const nested = ResidentIdSchema.array().safeParse(['11010519491231002X', bad]);
  t.same(nested.error?.issues[0]?.path, [1], 'the path locates the bad element');
  t.notOk(ResidentIdSchema.safeParse(360426199101010072).success, 'a number is not a string');
});

t.test('property: the implementation agrees with the ISO 7064 reference', async () => {
  fc.assert(fc.property(digits(17), (first17) => residentIdCheckChar(first17) === referenceCheckChar(first17)));
});

t.test('property: every generated valid number passes, with its birth date', async () => {
  fc.assert(
    fc.property(validResidentId, (id) => {
      const v = validateResidentId(id);
      return v.valid && v.parts.birthDate === `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    }),
  );
});

/*
 * Why every single substitution is caught: changing digit a to b at position i (1..17)
 * changes S by w_i (b - a). Here w_i = 2^(18-i) mod 11 is never 0 mod 11 and 0 < |b - a|
 * <= 9 < 11; 11 is prime, so w_i (b - a) is not 0 mod 11, S mod 11 changes, and the
 * expected check character (a one-to-one function of S mod 11) changes with it.
 * Changing the check character itself obviously mismatches; putting X anywhere else is
 * a format error. So the property below holds for ALL single substitutions.
 */
t.test('property: any single-character substitution makes a valid number invalid', async () => {
  const substitution = validResidentId.chain((id) =>
    fc.record({
      id: fc.constant(id),
      pos: fc.integer({ min: 0, max: 17 }),
      ch: fc.constantFrom(...'0123456789X'),
    }),
  );
  fc.assert(
    fc.property(
      substitution.filter(({ id, pos, ch }) => id[pos] !== ch),
      ({ id, pos, ch }) => !isValidResidentId(id.slice(0, pos) + ch + id.slice(pos + 1)),
    ),
    { numRuns: 2000 },
  );
});
