import t from 'tap';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { DeterministicIds, newRequestSeed, uuidV7FromBytes } from '../../src/app/deterministic-ids.ts';
import { isUuidV7 } from '../../src/shared/uuidv7.ts';

const seed = { timeMs: 1_767_225_600_000, secretHex: '00112233445566778899aabbccddeeff' };

t.test('ids are valid UUIDv7 carrying the seed time', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 10, maxLength: 32 }), (ms, rand) => {
      const id = uuidV7FromBytes(ms, rand);
      return isUuidV7(id) && parseInt(id.replace(/-/g, '').slice(0, 12), 16) === ms;
    }),
  );
  t.throws(() => uuidV7FromBytes(-1, new Uint8Array(10)), RangeError);
  t.throws(() => uuidV7FromBytes(1, new Uint8Array(9)), RangeError);
});

t.test('the same seed gives the same ids per stream and step; a retry repeats its step', async (t) => {
  const a = new DeterministicIds(seed);
  const b = new DeterministicIds(seed);
  const first = a.forStep('fund-1', 2);
  t.same(b.forStep('fund-1', 2), first, 'replayed request, same ids');
  t.same(a.forStep('fund-1', 2, true), first, 'a retry of the step after a conflict reuses them');
  const second = a.forStep('fund-1', 1);
  t.not(second[0], first[0], 'the next step on the stream gets new ids');
  t.not(a.forStep('application-9', 1)[0], first[0], 'another stream, other ids');
  t.not(new DeterministicIds({ ...seed, secretHex: 'ff' + seed.secretHex.slice(2) }).forStep('fund-1', 1)[0], first[0]);
  t.equal(new Set(a.forStep('x-1', 50)).size, 50);
});

/** The byte-by-byte layout the ids were first written with: stored ids and replays depend on it. */
function referenceUuidV7(timeMs: number, rand: Uint8Array): string {
  const b = new Uint8Array(16);
  let t = timeMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b.set(rand.subarray(0, 10), 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

t.test('ids are laid out as they always were (an unfinished request replayed after an upgrade finds its events)', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 10, maxLength: 32 }), fc.nat(16), (ms, bytes, offset) => {
      // A view into a larger buffer, as a pooled Buffer or an HMAC digest may be.
      const backing = new Uint8Array(offset + bytes.length);
      backing.set(bytes, offset);
      return uuidV7FromBytes(ms, backing.subarray(offset)) === referenceUuidV7(ms, bytes);
    }),
  );
  t.equal(new DeterministicIds(seed).forStep('fund-1', 1)[0], '019b76da-a800-791a-b310-c8a72e1cfff2', 'the fixed seed still gives the id it gave before');
});

t.test('an id is the UUIDv7 of HMAC-SHA-256(seed secret, stream, step, index), as it always was', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 48 - 1 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 4 }),
      (ms, secret, stream, count) => {
        const secretHex = Buffer.from(secret).toString('hex');
        const ids = new DeterministicIds({ timeMs: ms, secretHex }).forStep(stream, count);
        const expected = Array.from({ length: count }, (_, i) => referenceUuidV7(ms, createHmac('sha256', secret).update(`${stream}\n0\n${i}`).digest()));
        return ids.every((id, i) => id === expected[i]);
      },
    ),
    { numRuns: 100 },
  );
  t.throws(() => new DeterministicIds({ timeMs: -1, secretHex: seed.secretHex }).forStep('fund-1', 1), RangeError, 'a seed time out of range is refused');
});

t.test('request seeds are fresh 16-byte secrets', async (t) => {
  const seeds = Array.from({ length: 600 }, () => newRequestSeed(1));
  t.ok(seeds.every((s) => /^[0-9a-f]{32}$/.test(s.secretHex) && s.timeMs === 1));
  t.equal(new Set(seeds.map((s) => s.secretHex)).size, seeds.length, 'no secret handed out twice, across pool refills');
});
