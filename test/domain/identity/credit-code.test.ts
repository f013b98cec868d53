import t from 'tap';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_REASON_MESSAGES,
  CreditCodeSchema,
  creditCodeCheckChar,
  isValidCreditCode,
  validateCreditCode,
} from '../../../src/domain/identity/credit-code.ts';

/**
 * Reference check character, computed without the weight table: GB 32100's weights are
 * 3^(i-1) mod 31 for positions i = 1..17, and the check value is 31 - (S mod 31), with 31
 * written as 0.
 */
function referenceCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? '') * (3 ** i % 31);
  const c = 31 - (s % 31);
  return CREDIT_CODE_ALPHABET[c === 31 ? 0 : c] ?? '?';
}

const symbol = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const symbols = (n: number) => fc.array(symbol, { minLength: n, maxLength: n }).map((a) => a.join(''));
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** Any authority and type characters, a numeric area code, any organisation code. */
const validCreditCode = fc.tuple(symbols(2), digits(6), symbols(9)).map(([head, area, org]) => {
  const first17 = head + area + org;
  return first17 + referenceCheckChar(first17);
});

t.test('the examples of domain.md are valid', async (t) => {
  t.same(validateCreditCode('91110000600037341L'), { valid: true, value: '91110000600037341L' });
  t.same(validateCreditCode('91350100M000100Y43'), { valid: true, value: '91350100M000100Y43' });
  t.equal(creditCodeCheckChar('91110000600037341'), 'L');
  t.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
  t.ok(isValidCreditCode(' 91350100m000100y43 '), 'trimmed and upper-cased first');
});

t.test('invalid codes name the fault', async (t) => {
  const cases: [string, string, string][] = [
    ['17 characters', '91110000600037341', 'length'],
    ['19 characters', '91110000600037341L0', 'length'],
    ['I is not in the alphabet', '9111000060003734IL', 'format'],
    ['O is not in the alphabet', '91350100M0O0100Y43', 'format'],
    ['Z is not in the alphabet', 'Z1110000600037341L', 'format'],
    ['hyphen', '9111-000600037341L', 'format'],
    ['letter in the area code', '9111A000600037341L', 'area'],
    ['wrong check character', '91110000600037341M', 'check_char'],
    ['check 0 instead of 3', '91350100M000100Y40', 'check_char'],
  ];
  for (const [name, code, reason] of cases) t.same(validateCreditCode(code), { valid: false, reason }, name);
  t.throws(() => creditCodeCheckChar('9111000060003734'), RangeError);
  t.throws(() => creditCodeCheckChar('9111000060003734I'), RangeError);
});

t.test('schema parses to the normalised value; issues carry a fixed message', async (t) => {
  t.equal(CreditCodeSchema.parse('91110000600037341l'), '91110000600037341L');
  const r = CreditCodeSchema.safeParse('91110000600037341M');
  t.equal(r.error?.issues[0]?.message, CREDIT_CODE_REASON_MESSAGES.check_char);
  t.notMatch(JSON.stringify(r.error?.issues), /600037341/);
});

t.test('property: the implementation agrees with the 3^i mod 31 reference', async () => {
  fc.assert(fc.property(symbols(17), (first17) => creditCodeCheckChar(first17) === referenceCheckChar(first17)));
});

t.test('property: every generated valid code passes', async () => {
  fc.assert(fc.property(validCreditCode, (code) => isValidCreditCode(code)));
});

/*
 * Why every single substitution is caught: changing value a to b at position i changes S
 * by w_i (b - a), with w_i = 3^(i-1) mod 31 never 0 and 0 < |b - a| <= 30 < 31; 31 is
 * prime, so S mod 31 changes and so does the expected check character (one per residue).
 * A character outside the alphabet is a format error, a letter in the area an area error.
 */
t.test('property: any single-character substitution makes a valid code invalid', async () => {
  const anyChar = fc.constantFrom(...CREDIT_CODE_ALPHABET, 'I', 'O', 'S', 'V', 'Z', '-');
  fc.assert(
    fc.property(
      validCreditCode
        .chain((code) => fc.record({ code: fc.constant(code), pos: fc.integer({ min: 0, max: 17 }), ch: anyChar }))
        .filter(({ code, pos, ch }) => code[pos] !== ch),
      ({ code, pos, ch }) => !isValidCreditCode(code.slice(0, pos) + ch + code.slice(pos + 1)),
    ),
    { numRuns: 2000 },
  );
});
