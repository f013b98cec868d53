import t from 'tap';
import fc from 'fast-check';
import { DeterministicIds, uuidV7FromBytes } from '../../src/app/deterministic-ids.ts';
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
