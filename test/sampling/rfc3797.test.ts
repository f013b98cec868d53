import t from 'tap';
import { readFileSync } from 'node:fs';
import { runDraw } from '../../src/sampling/draw.ts';
import { rfc3797KeyString } from '../../src/sampling/rfc3797-key.ts';
import { rfc3797Select } from '../../src/sampling/rfc3797.ts';
import type { DrawInput } from '../../src/sampling/types.ts';

interface Vector {
  name: string;
  sources: number[][];
  keyString: string;
  poolSize: number;
  steps: { index: number; digest: string; remaining: number; selected: number }[];
}
const vectors = (JSON.parse(readFileSync(new URL('./vectors/rfc3797.json', import.meta.url), 'utf8')) as { cases: Vector[] }).cases;

for (const v of vectors) {
  t.test(`${v.name}: key string, digests and selections exactly`, async (t) => {
    t.equal(rfc3797KeyString(v.sources), v.keyString);
    const steps = rfc3797Select(v.keyString, v.poolSize, v.steps.length);
    t.same(
      steps.map((s) => ({ ...s, digestHex: s.digestHex.toUpperCase() })),
      v.steps.map((s) => ({ index: s.index, digestHex: s.digest, remaining: s.remaining, selected: s.selected })),
    );
  });
}

t.test('the key string sorts each source, keeps source order, writes whole numbers plainly', async (t) => {
  t.equal(rfc3797KeyString([[3, 1, 2], [0]]), '1.2.3./0./');
  t.equal(rfc3797KeyString([[0], [3, 1, 2]]), '0./1.2.3./', 'sources are not reordered');
  t.equal(rfc3797KeyString([[10n ** 30n, 7]]), '7.1000000000000000000000000000000./');
});

t.test('selecting more than the pool or than the 2-byte counter allows is refused', async (t) => {
  t.throws(() => rfc3797Select('1./', 3, 4), RangeError);
  t.throws(() => rfc3797Select('1./', 70_000, 65_537), RangeError);
  t.equal(rfc3797Select('1./', 5, 5).map((s) => s.selected).sort().join(','), '1,2,3,4,5', 'the whole pool, each once');
});

t.test('a draw in rfc3797 mode selects the RFC section 6 volunteers from a roster numbered by id', async (t) => {
  const v = vectors[0]!;
  const id = (n: number): string => `V${String(n).padStart(2, '0')}`;
  const input: DrawInput = {
    planId: 'nomcom-example',
    randomness: { source: { kind: 'lottery', name: 'RFC 3797 §6 example', drawDate: '2004-06-01' }, value: { kind: 'lottery', numbers: v.sources } },
    subjects: Array.from({ length: 25 }, (_, i) => ({ id: id(i + 1), region: 'R', grade: 'A', subsidyPaidFen: 0 })),
    inspectors: Array.from({ length: 6 }, (_, i) => ({ id: `I${i}`, region: 'X' })),
    design: { method: 'rfc3797', stratifyBy: [], strata: [{ key: [], count: 10 }] },
    assignment: { inspectorsPerSubject: 2, excludeOwnRegion: false },
  };
  const out = runDraw(input);
  if (!out.ok) throw new Error(out.message);
  t.equal(out.rfc3797KeyString, v.keyString);
  t.same(
    out.subjects.map((s) => s.id),
    v.steps.map((s) => id(s.selected)),
  );
  t.same(
    out.subjects.map((s) => s.key.toUpperCase()),
    v.steps.map((s) => s.digest),
  );
});

t.test('rfc3797 mode refuses strata and floors, which the RFC procedure does not have', async (t) => {
  const base = {
    planId: 'p',
    randomness: { source: { kind: 'lottery' as const, name: 'L', drawDate: '2026-01-01' }, value: { kind: 'lottery' as const, numbers: [[1, 2, 3]] } },
    subjects: [{ id: 'a', region: 'R', grade: 'A', subsidyPaidFen: 1 }],
    inspectors: [{ id: 'i', region: 'X' }],
    assignment: { inspectorsPerSubject: 1, excludeOwnRegion: false },
  };
  t.throws(() => runDraw({ ...base, design: { method: 'rfc3797', stratifyBy: ['region'], strata: [{ key: ['R'], count: 1 }] } }), { code: 'sampling.rfc3797_unsupported', field: 'design.stratifyBy' });
  t.throws(() => runDraw({ ...base, design: { method: 'rfc3797', stratifyBy: [], strata: [{ key: [], count: 1 }], floors: [{ by: 'region', min: 1 }] } }), {
    code: 'sampling.rfc3797_unsupported',
    field: 'design.floors',
  });
});
