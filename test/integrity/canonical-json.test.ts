import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import t from 'tap';
import { CANONICAL_JSON_DEPTH_MAX, canonicalJson, canonicalJsonBytes } from '../../src/integrity/canonical-json.ts';
import { CanonicalJsonError } from '../../src/integrity/errors.ts';

const jcs = new URL('./vectors/jcs/', import.meta.url);

t.test('RFC 8785 test data (cyberphone/json-canonicalization): every input gives the expected bytes', async (t) => {
  const names = readdirSync(new URL('input/', jcs)).filter((name) => name.endsWith('.json'));
  t.ok(names.length >= 6, `${names.length} vectors`);
  for (const name of names) {
    const input: unknown = JSON.parse(readFileSync(new URL(`input/${name}`, jcs), 'utf8'));
    const expected = readFileSync(new URL(`output/${name}`, jcs));
    const expectedHex = readFileSync(new URL(`outhex/${name.replace(/\.json$/, '.txt')}`, jcs), 'utf8').replace(/\s+/g, '');
    const actual = canonicalJsonBytes(input);
    t.same(actual, expected, `${name}: output/`);
    t.equal(actual.toString('hex'), expectedHex, `${name}: outhex/`);
  }
});

/**
 * The ES6 number test file of RFC 8785's reference implementations, regenerated:
 * the static table (vectors/jcs/numgen-static-u64.txt), 2 000 subnormal steps from
 * 0x0010000000000000, then doubles from a SHA-256 chain over 32 zero bytes (4
 * little-endian doubles per block, zeros and non-finite skipped). Each line is
 * `hex(u64),serialisation\n`; the SHA-256 of the first lines is published in the
 * upstream testdata/README.md.
 */
function* es6NumberLines(count: number): Generator<string> {
  const staticHex = readFileSync(new URL('numgen-static-u64.txt', jcs), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
  const view = new DataView(new ArrayBuffer(8));
  let block: Uint8Array = new Uint8Array(32);
  let pending: number[] = [];
  const nextRandom = (): number => {
    for (;;) {
      if (pending.length === 0) {
        block = createHash('sha256').update(block).digest();
        const blockView = new DataView(block.buffer, block.byteOffset, 32);
        pending = [0, 8, 16, 24].map((offset) => blockView.getFloat64(offset, true));
      }
      const f = pending.shift() as number;
      if (f !== 0 && Number.isFinite(f)) return f;
    }
  };
  for (let i = 0; i < count; i++) {
    if (i < staticHex.length) view.setBigUint64(0, BigInt(`0x${staticHex[i]}`));
    else if (i < staticHex.length + 2000) view.setBigUint64(0, 0x0010000000000000n + BigInt(i - staticHex.length));
    else view.setFloat64(0, nextRandom());
    const f = view.getFloat64(0);
    yield `${view.getBigUint64(0).toString(16)},${canonicalJson(f)}\n`;
  }
}

t.test('ES6 number serialisation: the first 100 000 lines of the RFC 8785 number test file', async (t) => {
  // Checksums from the table in cyberphone/json-canonicalization testdata/README.md.
  const published = new Map([
    [1_000, 'be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687'],
    [10_000, 'b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892'],
    [100_000, '22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7'],
  ]);
  const hash = createHash('sha256');
  let lines = 0;
  for (const line of es6NumberLines(100_000)) {
    hash.update(line);
    lines++;
    const want = published.get(lines);
    if (want !== undefined) t.equal(hash.copy().digest('hex'), want, `SHA-256 of the first ${lines} lines`);
  }
});

t.test('number samples of the upstream README, and negative zero', async (t) => {
  const view = new DataView(new ArrayBuffer(8));
  const samples: Array<[string, string]> = [
    ['4340000000000001', '9007199254740994'],
    ['4340000000000002', '9007199254740996'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['8000000000000000', '0'],
    ['0', '0'],
  ];
  for (const [bits, text] of samples) {
    view.setBigUint64(0, BigInt(`0x${bits}`));
    t.equal(canonicalJson(view.getFloat64(0)), text, bits);
  }
});

t.test('members are sorted by UTF-16 code units and text is UTF-8, not escaped', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [3, 'x'], c: null }, '\u00e9': true, '\ud83d\ude00': false, '\ufb33': 0 }), '{"a":{"c":null,"d":[3,"x"]},"b":1,"\u00e9":true,"\ud83d\ude00":false,"\ufb33":0}');
  t.same(canonicalJsonBytes('台账'), Buffer.from('"台账"', 'utf8'));
  t.equal(canonicalJson({ optional: undefined, kept: 1 }), '{"kept":1}', 'an undefined member is absent');
  t.equal(canonicalJson(Object.assign(Object.create(null) as object, { a: 1 })), '{"a":1}', 'a null-prototype object is plain');
});

t.test('values with no canonical form are refused with the JSON Pointer of the culprit', async (t) => {
  class Money {
    constructor(readonly fen: number) {}
  }
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  let deep: unknown = 1;
  for (let i = 0; i <= CANONICAL_JSON_DEPTH_MAX; i++) deep = [deep];
  const cases: Array<[string, unknown, string, string]> = [
    ['BigInt', { data: { amountFen: 10n } }, '/data/amountFen', 'a BigInt'],
    ['NaN', { x: [1, NaN] }, '/x/1', 'NaN'],
    ['Infinity', { x: Infinity }, '/x', 'Infinity'],
    ['-Infinity', -Infinity, '', '-Infinity'],
    ['undefined at the root', undefined, '', 'undefined'],
    ['undefined in an array', [1, undefined], '/1', 'undefined'],
    // eslint-disable-next-line no-sparse-arrays
    ['an array hole', [1, , 3], '/1', 'an array hole'],
    ['a function', { f: () => 1 }, '/f', 'a function'],
    ['a symbol', { s: Symbol('x') }, '/s', 'a symbol'],
    ['a Date', { at: new Date(0) }, '/at', 'an instance of Date'],
    ['a Map', { m: new Map() }, '/m', 'an instance of Map'],
    ['a class instance', { money: new Money(1) }, '/money', 'an instance of Money'],
    ['a circular reference', circular, '/self', 'a circular reference'],
    ['a lone surrogate in a value', { s: 'a\ud800b' }, '/s', 'a lone surrogate'],
    ['a lone surrogate in a name', { 'x\udc00': 1 }, '/x\udc00', 'a lone surrogate'],
    ['a pointer-escaped name', { 'a/b~c': 1n }, '/a~1b~0c', 'a BigInt'],
    ['nesting too deep', deep, `/${Array(CANONICAL_JSON_DEPTH_MAX).fill('0').join('/')}`, 'deeper'],
  ];
  for (const [what, value, path, actual] of cases) {
    t.throws(() => canonicalJson(value), { name: CanonicalJsonError.name, code: 'integrity.canonical_json', path, actual }, what);
  }
  t.doesNotThrow(() => canonicalJson({ a: [1], b: [1] }), 'a shared (not circular) value is fine');
});

t.test('the same text as the canonicalize package (RFC 8785 reference-style serialiser) for arbitrary JSON', async (t) => {
  // Keys and strings from the full UTF-16 range (astral characters, escapes, U+2028) and all doubles.
  const text = fc.string({ unit: 'grapheme', maxLength: 6 });
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), text, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(text, fc.string({ unit: 'binary-ascii', maxLength: 4 })), tie('value'), { maxKeys: 5 }),
  })).value;
  fc.assert(fc.property(json, (value) => canonicalJson(value) === canonicalize(value)), { numRuns: 300, seed: 8785 });
  t.pass('300 values: identical text');
});

t.test('long strings, many members and a value written inside a getter take the other paths of the writer, with the same text', async (t) => {
  // The fast paths stop at 48-unit ASCII strings and 32 members; beyond them the writer encodes natively and sorts with Array.prototype.sort.
  const long = fc.string({ unit: 'grapheme', minLength: 40, maxLength: 200 });
  const wide = fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), fc.oneof(long, fc.integer()), { minKeys: 30, maxKeys: 80 });
  fc.assert(fc.property(wide, (value) => canonicalJson(value) === canonicalize(value)), { numRuns: 60, seed: 8786 });
  t.equal(canonicalJson({ s: 'x'.repeat(100_000) }), `{"s":"${'x'.repeat(100_000)}"}`, 'a value bigger than the writer buffer');
  t.equal(canonicalJson('tab\there, quote " and \u2028'), '"tab\\there, quote \\" and \u2028"');
  const nested = { inner: { b: 2, a: 1 } };
  const withGetter = Object.defineProperty({ z: 0 }, 'text', { enumerable: true, get: () => canonicalJson(nested) });
  t.equal(canonicalJson(withGetter), `{"text":${JSON.stringify('{"inner":{"a":1,"b":2}}')},"z":0}`, 'a getter that canonicalizes does not clobber the outer text');
  t.throws(() => canonicalJson({ long: `${'y'.repeat(60)}\ud800` }), { name: CanonicalJsonError.name, path: '/long', actual: 'a lone surrogate' }, 'a lone surrogate in a long string');
});
