import t from 'tap';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { loadPseudonymKey, personRef, PersonRefInputError } from '../../src/pseudonym/person-ref.ts';
import { isPersonRef, PERSON_REF_PATTERN } from '../../src/pseudonym/format.ts';
import { keysDir } from '../../src/keys/key-files.ts';
import { residentIdCheckChar } from '../../src/domain/identity/resident-id.ts';

/** A valid number from its first 17 digits. */
const withCheck = (first17: string): string => first17 + residentIdCheckChar(first17);

const ID_A = '11010519491231002X';
const ID_B = '360426199101010071';
const fixedKey = createSecretKey(Buffer.alloc(32, 7));

t.test('the ref is HMAC-SHA-256 of the normalised number, truncated to 128 bits, base64url, p_ prefix', async (t) => {
  const expected =
    'p_' + createHmac('sha256', Buffer.alloc(32, 7)).update(ID_A, 'utf8').digest().subarray(0, 16).toString('base64url');
  t.equal(personRef(fixedKey, ID_A), expected);
  t.match(personRef(fixedKey, ID_A), PERSON_REF_PATTERN);
  t.equal(personRef(fixedKey, ID_A).length, 24);
});

t.test('the same person always gets the same ref', async (t) => {
  t.equal(personRef(fixedKey, ID_A), personRef(fixedKey, ID_A));
  t.equal(personRef(fixedKey, '  11010519491231002x\n'), personRef(fixedKey, ID_A), 'trimmed, lower-case x upper-cased');
  t.not(personRef(fixedKey, ID_A), personRef(fixedKey, ID_B), 'different people, different refs');
});

t.test('the ref never contains the number or a piece of it', async (t) => {
  const ref = personRef(fixedKey, ID_B);
  t.notMatch(ref, ID_B.slice(0, 6));
  t.notMatch(ref, ID_B.slice(-4));
});

t.test('different keys give unrelated refs', async (t) => {
  const k1 = createSecretKey(randomBytes(32));
  const k2 = createSecretKey(randomBytes(32));
  t.not(personRef(k1, ID_A), personRef(k2, ID_A));
  // Unrelated, not merely different: across many people no ref under one key equals
  // any ref under the other.
  const ids = Array.from({ length: 200 }, (_, i) => withCheck(`36042619910101${String(i).padStart(3, '0')}`));
  const under1 = new Set(ids.map((id) => personRef(k1, id)));
  t.equal(under1.size, ids.length, 'no collisions under one key');
  t.notOk(ids.some((id) => under1.has(personRef(k2, id))));
});

t.test('property: refs are stable, well-formed and injective on distinct numbers', async (t) => {
  const idArb = fc
    .tuple(
      fc.constantFrom('110105', '360426', '440300'),
      fc.date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2010-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([area, birth, seq]) => withCheck(area + birth.toISOString().slice(0, 10).replaceAll('-', '') + String(seq).padStart(3, '0')));
  fc.assert(
    fc.property(idArb, idArb, (a, b) => {
      const ra = personRef(fixedKey, a);
      if (!isPersonRef(ra) || ra !== personRef(fixedKey, ` ${a.toLowerCase()} `)) return false;
      return (a === b) === (ra === personRef(fixedKey, b));
    }),
  );
  t.pass('property held');
});

t.test('malformed numbers are refused with the field named and the value not repeated', async (t) => {
  const cases: [string, string][] = [
    ['', 'length'],
    ['11010519491231002', 'length'],
    ['1101051949123100XX', 'format'],
    ['abcdefghijklmnopqr', 'format'],
    ['11010519491231002X1', 'length'],
    ['110105194912310021', 'check_char'],
  ];
  for (const [bad, reason] of cases) {
    const err = t.throws(() => personRef(fixedKey, bad)) as unknown;
    t.ok(err instanceof PersonRefInputError, JSON.stringify(bad));
    t.match(err, { field: 'idNumber', code: 'person_ref.invalid_id_number', reason });
    if (bad !== '') t.notMatch((err as Error).message, bad);
  }
});

t.test('a short or non-secret key is a programmer error', async (t) => {
  t.throws(() => personRef(createSecretKey(Buffer.alloc(16)), ID_A), TypeError);
});

t.test('the pseudonym key is created once in data/keys and reused', async (t) => {
  const root = t.testdir();
  const dataDir = path.join(root, 'one');
  const ref1 = personRef(loadPseudonymKey(dataDir), ID_A);
  t.ok(fs.existsSync(path.join(keysDir(dataDir), 'pseudonym.key')));
  t.equal(personRef(loadPseudonymKey(dataDir), ID_A), ref1, 'same ref after a restart');
  t.not(personRef(loadPseudonymKey(path.join(root, 'two')), ID_A), ref1, 'another installation, another ref');
});
