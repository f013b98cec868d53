import t from 'tap';
import { createHash } from 'node:crypto';
import { concatBytes, lp, toHex, utf8 } from '../../src/sampling/bytes.ts';
import { canonicalRandomness, deriveSeed, SEED_TAG } from '../../src/sampling/seed.ts';
import { sha256 } from '../../src/sampling/sha256.ts';
import type { CommittedRandomness } from '../../src/sampling/types.ts';

const CHAIN = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const SIGNATURE = 'a1b2c3d4';
const RANDOMNESS = createHash('sha256').update(Buffer.from(SIGNATURE, 'hex')).digest('hex');
const HASHES = { subjects: '11'.repeat(32), inspectors: '22'.repeat(32) };
const drand: CommittedRandomness = { source: { kind: 'drand', chainHash: CHAIN, round: 4_200_000 }, value: { kind: 'drand', randomness: RANDOMNESS, signature: SIGNATURE } };
const lottery: CommittedRandomness = {
  source: { kind: 'lottery', name: '中国福利彩票双色球 2026001期', drawDate: '2026-01-01' },
  value: { kind: 'lottery', numbers: [[33, 5, 17, 2, 9, 21], [12]] },
};

const seedOf = (r: CommittedRandomness, planId = 'plan-1', hashes = HASHES): string => toHex(deriveSeed(canonicalRandomness(r, sha256), planId, hashes, sha256));

t.test('drand: seed = SHA-256 of the length-prefixed fields, byte for byte', async (t) => {
  const bytes = concatBytes([
    lp(SEED_TAG),
    lp('drand'),
    lp(CHAIN),
    lp('4200000'),
    lp(Buffer.from(RANDOMNESS, 'hex')),
    lp(utf8('plan-1')),
    lp(Buffer.from(HASHES.subjects, 'hex')),
    lp(Buffer.from(HASHES.inspectors, 'hex')),
  ]);
  t.equal(seedOf(drand), createHash('sha256').update(bytes).digest('hex'));
});

t.test('lottery: the value enters as its RFC 3797 key string', async (t) => {
  const bytes = concatBytes([
    lp(SEED_TAG),
    lp('lottery'),
    lp(utf8('中国福利彩票双色球 2026001期')),
    lp('2026-01-01'),
    lp('2.5.9.17.21.33./12./'),
    lp(utf8('plan-1')),
    lp(Buffer.from(HASHES.subjects, 'hex')),
    lp(Buffer.from(HASHES.inspectors, 'hex')),
  ]);
  t.equal(seedOf(lottery), createHash('sha256').update(bytes).digest('hex'));
  const reordered: CommittedRandomness = { ...lottery, value: { kind: 'lottery', numbers: [[2, 5, 9, 17, 21, 33], [12]] } };
  t.equal(seedOf(reordered), seedOf(lottery), 'numbers within a result are sorted, as RFC 3797 does');
});

t.test('the seed changes with every input it binds', async (t) => {
  const base = seedOf(drand);
  const otherValue = createHash('sha256').update('x').digest('hex');
  t.not(seedOf({ ...drand, value: { kind: 'drand', randomness: otherValue } }), base, 'the random value');
  t.not(seedOf({ ...drand, source: { ...drand.source, round: 4_200_001 } as CommittedRandomness['source'] }), base, 'the round');
  t.not(seedOf(drand, 'plan-2'), base, 'the plan');
  t.not(seedOf(drand, 'plan-1', { ...HASHES, subjects: '12'.repeat(32) }), base, 'the subject roster');
  t.not(seedOf(drand, 'plan-1', { ...HASHES, inspectors: '23'.repeat(32) }), base, 'the inspector roster');
  t.equal(seedOf({ ...drand, value: { kind: 'drand', randomness: RANDOMNESS.toUpperCase() } }), base, 'hex case does not matter');
});

t.test('malformed or inconsistent randomness is a typed error naming the field', async (t) => {
  const cases: [unknown, string, string][] = [
    [{ ...drand, value: { kind: 'drand', randomness: 'abc' } }, 'sampling.randomness_invalid', 'randomness.value.randomness'],
    [{ ...drand, value: { kind: 'drand', randomness: RANDOMNESS, signature: 'ff' } }, 'sampling.randomness_invalid', 'randomness.value.randomness'],
    [{ ...drand, value: lottery.value }, 'sampling.randomness_invalid', 'randomness.value.kind'],
    [{ ...drand, source: { kind: 'drand', chainHash: CHAIN, round: 0 } }, 'sampling.invalid_field', 'randomness.source.round'],
    [{ ...drand, source: { kind: 'beacon', chainHash: CHAIN, round: 1 } }, 'sampling.invalid_field', 'randomness.source.kind'],
    [{ ...lottery, source: { ...lottery.source, drawDate: '2026-02-30' } }, 'sampling.invalid_field', 'randomness.source.drawDate'],
    [{ ...lottery, value: { kind: 'lottery', numbers: [] } }, 'sampling.randomness_invalid', 'randomness.value.numbers'],
    [{ ...lottery, value: { kind: 'lottery', numbers: [[1], []] } }, 'sampling.randomness_invalid', 'randomness.value.numbers.1'],
    [{ ...lottery, value: { kind: 'lottery', numbers: [[1, -2]] } }, 'sampling.invalid_field', 'randomness.value.numbers.0.1'],
    [{ ...lottery, value: { kind: 'lottery', numbers: [[1.5]] } }, 'sampling.invalid_field', 'randomness.value.numbers.0.0'],
  ];
  for (const [input, code, field] of cases) t.throws(() => canonicalRandomness(input, sha256), { code, field }, field);
  const leapDay: CommittedRandomness = { ...lottery, source: { kind: 'lottery', name: 'L', drawDate: '2024-02-29' } };
  t.equal(seedOf(leapDay).length, 64, 'a leap day is a date');
});
