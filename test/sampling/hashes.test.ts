import t from 'tap';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { toHex, utf8 } from '../../src/sampling/bytes.ts';
import { md5 } from '../../src/sampling/md5.ts';
import { sha256, Sha256WithPrefix } from '../../src/sampling/sha256.ts';

const nodeHex = (alg: string, b: Uint8Array): string => createHash(alg).update(b).digest('hex');

t.test('SHA-256: FIPS 180-4 example messages', async (t) => {
  t.equal(toHex(sha256(utf8(''))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  t.equal(toHex(sha256(utf8('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  t.equal(
    toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
  t.equal(toHex(sha256(utf8('a'.repeat(1_000_000)))), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
});

t.test('SHA-256 agrees with node:crypto on every length around the block boundaries', async (t) => {
  for (let n = 0; n <= 200; n++) {
    const m = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
    if (toHex(sha256(m)) !== nodeHex('sha256', m)) t.fail(`length ${n}`);
  }
  fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), (m) => toHex(sha256(m)) === nodeHex('sha256', m)));
});

t.test('SHA-256 with a precomputed prefix equals hashing the whole message', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 3 }), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 255 }), (blocks, suffix, fill) => {
      const prefix = new Uint8Array(64 * blocks).fill(fill);
      const out = new Uint8Array(40);
      new Sha256WithPrefix(prefix).digestInto(suffix, suffix.length, out, 5);
      const whole = new Uint8Array(prefix.length + suffix.length);
      whole.set(prefix);
      whole.set(suffix, prefix.length);
      return toHex(out.subarray(5, 37)) === nodeHex('sha256', whole);
    }),
  );
  t.throws(() => new Sha256WithPrefix(new Uint8Array(63)), /multiple of 64/);
});

t.test('MD5: the RFC 1321 appendix A.5 test suite', async (t) => {
  const suite: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [m, want] of suite) t.equal(toHex(md5(utf8(m))), want, JSON.stringify(m));
});

t.test('MD5 agrees with node:crypto', async () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), (m) => toHex(md5(m)) === nodeHex('md5', m)));
});
