/**
 * canonicalJsonText rearranges JSON text into RFC 8785 without parsing it: whenever it
 * answers, the answer is byte for byte what canonicalJson gives for the parsed value, and
 * it answers for everything JSON.stringify writes (what the store keeps) except text it
 * cannot vouch for, which it hands back as undefined.
 */
import fc from 'fast-check';
import t from 'tap';
import { CANONICAL_JSON_DEPTH_MAX, canonicalJson } from '../../src/integrity/canonical-json.ts';
import { canonicalJsonText } from '../../src/integrity/canonical-text.ts';

const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

t.test('JSON.stringify of any JSON value: the same text as canonicalJson of the parsed value', async (t) => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
      const text = JSON.stringify(value);
      const answer = canonicalJsonText(text);
      if (!wellFormed(text)) return answer === undefined;
      // Only a key holding an escape is beyond it in JSON.stringify's output.
      if (answer === undefined) return text.includes('\\');
      return answer === canonicalJson(JSON.parse(text));
    }),
    { numRuns: 300, seed: 8785 },
  );
  fc.assert(
    fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ unit: 'binary' }), fc.integer())), (value) => {
      const text = JSON.stringify(value);
      const answer = canonicalJsonText(text);
      return answer === undefined || answer === canonicalJson(JSON.parse(text));
    }),
    { numRuns: 300, seed: 11 },
  );
});

t.test('rewritten where the text is not canonical: member order and number forms', async (t) => {
  t.equal(canonicalJsonText('{"b":1,"a":[{"z":true,"y":null}],"c":"x"}'), '{"a":[{"y":null,"z":true}],"b":1,"c":"x"}');
  t.equal(canonicalJsonText('[1.0,1e2,-0,0.10,1E-7,123456789012345678]'), '[1,100,0,0.1,1e-7,123456789012345680]');
  t.equal(canonicalJsonText('{"\u20ac":1,"\r":2,"1":3,"\u00e9":4}'.replace('\r', '\\r')), undefined, 'a key holding an escape: not vouched for');
  t.equal(canonicalJsonText('{"€":1,"é":2,"a":3}'), '{"a":3,"é":2,"€":1}', 'sorted by UTF-16 code units');
  t.equal(canonicalJsonText('"tab\\there \\u001f \\"q\\" \\\\"'), '"tab\\there \\u001f \\"q\\" \\\\"', 'the escapes JSON.stringify writes are kept');
});

t.test('undefined for anything it cannot vouch for (the caller parses and canonicalises instead)', async (t) => {
  const refused = {
    'an escaped solidus': '"a\\/b"',
    'an escaped letter': '"\\u0041"',
    'an upper-case hex escape': '"\\u001F"',
    'a surrogate pair as escapes': '"\\ud83d\\ude00"',
    'a lone surrogate': '"\ud800"',
    'a raw control character': '"a\u0001b"',
    whitespace: '{ "a": 1 }',
    'duplicate keys': '{"a":1,"a":2}',
    'duplicate keys out of order': '{"b":1,"a":2,"b":3}',
    'a leading zero': '[01]',
    'a trailing dot': '[1.]',
    'beyond double range': '[1e400]',
    'trailing text': '{"a":1}x',
    'not JSON': '{a:1}',
    'an unfinished string': '"abc',
    'too deep': `${'['.repeat(CANONICAL_JSON_DEPTH_MAX)}${']'.repeat(CANONICAL_JSON_DEPTH_MAX)}`,
  };
  for (const [name, text] of Object.entries(refused)) t.equal(canonicalJsonText(text), undefined, name);
});

t.test('a large object (past the insertion sort): sorted, and a duplicate anywhere is refused', async (t) => {
  const keys = Array.from({ length: 300 }, (_, i) => `k${(i * 7919) % 300}`);
  const text = `{${keys.map((k, i) => `"${k}":${i}`).join(',')}}`;
  t.equal(canonicalJsonText(text), canonicalJson(JSON.parse(text)));
  t.equal(canonicalJsonText(`{${[...keys, 'k5'].map((k, i) => `"${k}":${i}`).join(',')}}`), undefined);
});
