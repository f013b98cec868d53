/**
 * The JavaScript SHA-256 of interior nodes (node-sha256.ts) is node:crypto's SHA-256 of
 * 0x01 ‖ left ‖ right, byte for byte, on generated children (the RFC 9162 vectors in
 * vectors.test.ts check whole trees built with it).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { sha256OfNode } from '../../src/integrity/node-sha256.ts';

const reference = (left: Uint8Array, right: Uint8Array): Buffer => createHash('sha256').update(Uint8Array.of(0x01)).update(left).update(right).digest();
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

t.test('equals node:crypto on generated children', async (t) => {
  fc.assert(
    fc.property(hash32, hash32, (left, right) => sha256OfNode(left, right).equals(reference(left, right))),
    { numRuns: 100, seed: 180_4 },
  );
  t.pass('100 generated pairs');
});

t.test('the edges: all-zero, all-0xff, and consecutive calls do not leak state', async (t) => {
  const zero = new Uint8Array(32);
  const ones = new Uint8Array(32).fill(0xff);
  t.same(sha256OfNode(zero, zero), reference(zero, zero));
  t.same(sha256OfNode(ones, ones), reference(ones, ones));
  t.same(sha256OfNode(zero, ones), reference(zero, ones));
  t.same(sha256OfNode(ones, zero), reference(ones, zero), 'order matters and is kept');
});

t.test('children of the wrong size are a programming error', async (t) => {
  t.throws(() => sha256OfNode(new Uint8Array(31), new Uint8Array(32)));
});
