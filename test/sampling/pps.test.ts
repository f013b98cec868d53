import t from 'tap';
import fc from 'fast-check';
import { utf8 } from '../../src/sampling/bytes.ts';
import { comparePpsKeys, expFromTicket, LN2_FIXED, ppsKey } from '../../src/sampling/pps-key.ts';
import { selectStratified } from '../../src/sampling/select.ts';
import { sha256 } from '../../src/sampling/sha256.ts';
import type { SampleDesign, SubjectEntry } from '../../src/sampling/types.ts';
import { chiSquareCritical, chiSquareStatistic } from './stats.ts';

const ticketFor = (a: bigint): Uint8Array => {
  const t = new Uint8Array(32);
  for (let i = 7; i >= 0; i--) {
    t[i] = Number(a & 255n);
    a >>= 8n;
  }
  return t;
};

t.test('E = −ln u in 64-bit fixed point, against the floating-point logarithm', async (t) => {
  t.equal(expFromTicket(ticketFor(0n)), 65n * LN2_FIXED, 'a = 0: u = 2^-65, E = 65 ln 2 exactly as specified');
  t.ok(LN2_FIXED === 0xb17217f7d1cf79abn, 'floor(ln 2 · 2^64)');
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (a) => {
      const u = (2 * Number(a) + 1) / 2 ** 65;
      const want = -Math.log(u);
      const got = Number(expFromTicket(ticketFor(a))) / 2 ** 64;
      // Number(a) rounds a to 53 bits, so compare where that rounding does not matter.
      return want < 1e-9 || Math.abs(got - want) <= 1e-12 * want + 2 ** -50;
    }),
  );
});

t.test('E decreases as the ticket grows, and only the first 8 bytes count', async (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 2n }), (a) => expFromTicket(ticketFor(a)) >= expFromTicket(ticketFor(a + 1n))),
  );
  const x = ticketFor(12345n);
  const y = x.slice();
  y[20] = 99;
  t.equal(expFromTicket(x), expFromTicket(y));
});

t.test('keys compare as exact rationals E/w, also when their ranks tie', async (t) => {
  const tk = ticketFor(1n << 62n);
  const a = ppsKey(tk, 3);
  const b = ppsKey(tk, 6);
  t.equal(comparePpsKeys(b, a), -1, 'a larger weight gives a smaller key');
  const e = 3n << 64n;
  t.equal(comparePpsKeys({ e, w: 3n, rank: 5n }, { e: e + 1n, w: 3n, rank: 5n }), -1, 'equal ranks fall back to cross-multiplication');
  t.equal(comparePpsKeys({ e: 2n, w: 4n, rank: 0n }, { e: 1n, w: 2n, rank: 0n }), 0);
});

/** Exact ES (successive sampling) probability of each unordered pair for n = 2. */
function pairProbabilities(w: readonly number[]): Map<string, number> {
  const total = w.reduce((a, b) => a + b, 0);
  const p = new Map<string, number>();
  for (let i = 0; i < w.length; i++) {
    for (let j = 0; j < w.length; j++) {
      if (i === j) continue;
      const key = [i, j].sort().join(',');
      p.set(key, (p.get(key) ?? 0) + (w[i]! / total) * (w[j]! / (total - w[i]!)));
    }
  }
  return p;
}

t.test('PPS inclusion frequencies over 10 000 seeds match the exact Efraimidis–Spirakis probabilities (chi-square, α = 0.001)', async (t) => {
  const weights = [100, 200, 300, 400, 1000];
  const subjects: SubjectEntry[] = weights.map((w, i) => ({ id: `S${i}`, region: 'R', grade: 'A', subsidyPaidFen: w }));
  const design: SampleDesign = { method: 'pps', stratifyBy: [], strata: [{ key: [], count: 2 }] };
  const runs = 10_000;
  const probabilities = pairProbabilities(weights);
  const keys = [...probabilities.keys()];
  const counts = new Map(keys.map((k) => [k, 0]));
  const included = weights.map(() => 0);
  for (let r = 0; r < runs; r++) {
    const ids = selectStratified(subjects, design, sha256(utf8(`pps-${r}`))).drawn.map((d) => Number(d.id.slice(1)));
    counts.set(ids.sort().join(','), counts.get(ids.sort().join(','))! + 1);
    for (const i of ids) included[i]! += 1;
  }
  const stat = chiSquareStatistic(keys.map((k) => counts.get(k)!), keys.map((k) => probabilities.get(k)! * runs));
  const critical = chiSquareCritical(keys.length - 1, 0.001);
  t.ok(stat < critical, `pairs: χ² = ${stat.toFixed(2)} < ${critical.toFixed(3)} (df ${keys.length - 1})`);
  weights.forEach((_, i) => {
    const pi = keys.filter((k) => k.split(',').includes(String(i))).reduce((s, k) => s + probabilities.get(k)!, 0);
    const sd = Math.sqrt((pi * (1 - pi)) / runs);
    const freq = included[i]! / runs;
    t.ok(Math.abs(freq - pi) < 4 * sd, `S${i}: inclusion ${freq.toFixed(4)} vs π = ${pi.toFixed(4)} ± ${(4 * sd).toFixed(4)}`);
  });
});

t.test('subjects with no subsidy paid are never drawn by PPS', async (t) => {
  const subjects: SubjectEntry[] = [0, 0, 5, 7, 9].map((w, i) => ({ id: `S${i}`, region: 'R', grade: 'A', subsidyPaidFen: w }));
  const design: SampleDesign = { method: 'pps', stratifyBy: [], strata: [{ key: [], count: 3 }] };
  for (let r = 0; r < 50; r++) t.same(selectStratified(subjects, design, sha256(utf8(`z-${r}`))).drawn.map((d) => d.id).sort(), ['S2', 'S3', 'S4']);
});
