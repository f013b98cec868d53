import fc from 'fast-check';
import t from 'tap';
import { canonicalJsonBytes, isCanonicalJsonOf } from '../../src/integrity/canonical-json.ts';
import { isCanonicalLine } from '../../src/integrity-log/verify-canonical.ts';

/** The verdict of the quick check on a line, beside the RFC 8785 writer's (the reference). */
function verdicts(bytes: Buffer): { quick: boolean; writer: boolean } | undefined {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let writer: boolean;
  try {
    writer = isCanonicalJsonOf(value, bytes);
  } catch {
    writer = false; // no canonical form at all
  }
  return { quick: isCanonicalLine(value, text, bytes), writer };
}

const envelope = '{"data":{"amountFen":120000,"fundId":"f-1","name":"张三"},"id":"01943920-3694-7639-b172-7eb87007016d","revision":0,"type":"FundOpened"}';

t.test('canonical lines: yes', async (t) => {
  for (const line of [envelope, '{}', '[]', '{"a":[1,2.5,-3e-7,1e+21,null,true,"x\\n\\u001f"],"b":{}}', '{"10":1,"9":2}', '{"":0,"a":{"b":{"c":[]}}}', '"\u20ac"', '{"\ud83d\ude00":1,"ﬀ":2}']) {
    t.same(verdicts(Buffer.from(line, 'utf8')), { quick: true, writer: true }, line);
  }
});

t.test('not canonical: no, as the writer says', async (t) => {
  const lines = [
    envelope.replace('{"amountFen"', '{ "amountFen"'),
    envelope.replace('"revision":0', '"revision":0.0'),
    envelope.replace('"revision":0', '"revision":-0'),
    envelope.replace('"revision":0', '"revision":1E2'),
    '{"b":1,"a":2}',
    '{"a":1,"a":1}',
    '{"a":"\\u0041"}',
    '{"a":"\\/"}',
    '{"a":"\\ud800"}',
    '{"9":2,"10":1}',
    '[1,2 ]',
    '{"a":1e400}',
  ];
  for (const line of lines) t.same(verdicts(Buffer.from(line, 'utf8')), { quick: false, writer: false }, line);
});

t.test('invalid UTF-8 that decodes to the canonical text is refused', async (t) => {
  // A truncated 4-byte sequence (F0 9F 98) decodes to U+FFFD, which is canonical text itself.
  const bytes = Buffer.concat([Buffer.from('{"a":"', 'utf8'), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from('"}', 'utf8')]);
  t.same(verdicts(bytes), { quick: false, writer: false });
});

t.test('differential: the quick check and the writer agree on arbitrary JSON and its near misses', async (t) => {
  const json = fc.jsonValue({ maxDepth: 4 });
  fc.assert(
    fc.property(json, fc.nat(), fc.constantFrom('none', 'space', 'swap', 'byte'), (value, at, damage) => {
      let bytes: Buffer;
      try {
        bytes = canonicalJsonBytes(value);
      } catch {
        return true; // no canonical form (e.g. a lone surrogate): nothing to compare
      }
      if (damage === 'space') bytes = Buffer.concat([bytes.subarray(0, at % (bytes.length + 1)), Buffer.from(' '), bytes.subarray(at % (bytes.length + 1))]);
      if (damage === 'swap' && typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 1) {
        bytes = Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(value).reverse())), 'utf8');
      }
      if (damage === 'byte' && bytes.length > 0) {
        bytes = Buffer.from(bytes);
        bytes[at % bytes.length] = (bytes[at % bytes.length]! + 1 + (at % 255)) & 0xff;
      }
      const v = verdicts(bytes);
      if (v === undefined) return true;
      t.equal(v.quick, v.writer, bytes.toString('utf8'));
      if (damage === 'none') t.ok(v.quick, 'a canonical text: yes');
      return v.quick === v.writer;
    }),
    { numRuns: 500 },
  );
});
