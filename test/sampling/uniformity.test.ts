import t from 'tap';
import { toHex, utf8 } from '../../src/sampling/bytes.ts';
import { selectStratified } from '../../src/sampling/select.ts';
import { sha256 } from '../../src/sampling/sha256.ts';
import type { SampleDesign, SubjectEntry } from '../../src/sampling/types.ts';
import { chiSquareCritical, chiSquareStatistic } from './stats.ts';

const ALPHA = 0.001;
const RUNS = 10_000;
const seedOf = (i: number): Uint8Array => sha256(utf8(`uniformity-${i}`));

t.test('the chi-square critical values match the published tables', async (t) => {
  // NIST/SEMATECH e-Handbook, table 1.3.6.7.4, upper-tail 0.001.
  const table: [number, number][] = [
    [1, 10.828],
    [5, 20.515],
    [10, 29.588],
    [30, 59.703],
  ];
  for (const [df, x] of table) t.ok(Math.abs(chiSquareCritical(df, ALPHA) - x) < 0.002, `df ${df}: ${chiSquareCritical(df, ALPHA)} ≈ ${x}`);
});

/** All k-subsets of 0..n−1 as sorted comma-joined keys. */
function subsets(n: number, k: number): string[] {
  const out: string[] = [];
  const walk = (start: number, acc: number[]): void => {
    if (acc.length === k) return void out.push(acc.join(','));
    for (let i = start; i < n; i++) walk(i + 1, [...acc, i]);
  };
  walk(0, []);
  return out;
}

const N = 7;
const K = 3;
const subjects: SubjectEntry[] = Array.from({ length: N }, (_, i) => ({ id: `S${i}`, region: 'R', grade: 'A', subsidyPaidFen: 1 }));
const design: SampleDesign = { method: 'simple', stratifyBy: [], strata: [{ key: [], count: K }] };

/** Counts of each k-subset drawn over RUNS seeds by `draw`. */
function subsetCounts(draw: (i: number) => number[]): number[] {
  const all = subsets(N, K);
  const index = new Map(all.map((s, i) => [s, i]));
  const counts = all.map(() => 0);
  for (let i = 0; i < RUNS; i++) counts[index.get(draw(i).sort((a, b) => a - b).join(','))!]! += 1;
  return counts;
}

function verdict(counts: number[]): { stat: number; critical: number } {
  const expected = counts.map(() => RUNS / counts.length);
  return { stat: chiSquareStatistic(counts, expected), critical: chiSquareCritical(counts.length - 1, ALPHA) };
}

t.test(`simple draw: every ${K}-subset of ${N} equally likely over ${RUNS} seeds (chi-square, α = ${ALPHA})`, async (t) => {
  const counts = subsetCounts((i) => selectStratified(subjects, design, seedOf(i)).drawn.map((d) => Number(d.id.slice(1))));
  const { stat, critical } = verdict(counts);
  t.equal(counts.length, 35);
  t.ok(stat < critical, `χ² = ${stat.toFixed(2)} < ${critical.toFixed(3)} (df 34)`);
});

t.test('the same test rejects a sampler with a small bias (the test has power)', async (t) => {
  // Like the real draw, except that in 10 % of the draws that missed subject 0 it replaces the first pick.
  const biased = (i: number): number[] => {
    const picked = selectStratified(subjects, design, seedOf(i)).drawn.map((d) => Number(d.id.slice(1)));
    const u = seedOf(i + RUNS)[0]! / 256;
    return !picked.includes(0) && u < 0.1 ? [0, ...picked.slice(1)] : picked;
  };
  const { stat, critical } = verdict(subsetCounts(biased));
  t.ok(stat > critical, `χ² = ${stat.toFixed(2)} > ${critical.toFixed(3)}`);
});

t.test('the stratum label separates tickets: the same ids in two strata draw independently', async (t) => {
  const two: SubjectEntry[] = [...subjects.map((s) => ({ ...s, id: `A${s.id}`, region: 'A' })), ...subjects.map((s) => ({ ...s, id: `B${s.id}`, region: 'B' }))];
  const d: SampleDesign = { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['A'], count: 1 }, { key: ['B'], count: 1 }] };
  let same = 0;
  for (let i = 0; i < 2000; i++) {
    const [a, b] = selectStratified(two, d, seedOf(i)).drawn;
    if (a!.id.slice(1) === b!.id.slice(1)) same += 1;
  }
  // Independent: P(same) = 1/7 → 285.7 expected of 2000, sd ≈ 15.6.
  t.ok(Math.abs(same - 2000 / 7) < 5 * 15.6, `${same} coincidences`);
  t.not(toHex(seedOf(0)), toHex(seedOf(1)));
});
