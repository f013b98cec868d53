import t from 'tap';
import fc from 'fast-check';
import { allocatedSize, selectStratified } from '../../src/sampling/select.ts';
import type { SampleDesign, SubjectEntry } from '../../src/sampling/types.ts';

const seed = (n: number): Uint8Array => new Uint8Array(32).map((_, i) => (i * 13 + n) & 255);

function roster(spec: Record<string, number>): SubjectEntry[] {
  const out: SubjectEntry[] = [];
  for (const [key, count] of Object.entries(spec)) {
    const [region, grade] = key.split('|') as [string, string];
    for (let i = 0; i < count; i++) out.push({ id: `${region}-${grade}-${i}`, region, grade, subsidyPaidFen: 1000 * (i + 1) });
  }
  return out;
}

const design = (strata: SampleDesign['strata'], extra: Partial<SampleDesign> = {}): SampleDesign => ({ method: 'simple', stratifyBy: ['region', 'grade'], strata, ...extra });

t.test('a rate rounds up: n = ceil(N × rateBp / 10 000), computed in integers', async (t) => {
  t.equal(allocatedSize(100, { rateBp: 300 }), 3);
  t.equal(allocatedSize(101, { rateBp: 300 }), 4, '3.03 → 4');
  t.equal(allocatedSize(7, { rateBp: 0 }), 0);
  t.equal(allocatedSize(7, { rateBp: 10_000 }), 7);
  t.equal(allocatedSize(1, { rateBp: 1 }), 1, 'any positive rate draws at least one');
  t.equal(allocatedSize(33, { count: 5 }), 5);
  t.equal(allocatedSize(9_999_999, { rateBp: 9_999 }), 9_999_000, '9 998 999.0001 rounds up, exactly');
});

t.test('each stratum draws its n, lowest tickets first, no subject twice', async (t) => {
  const subjects = roster({ 'R1|A': 40, 'R1|D': 10, 'R2|A': 25 });
  const sel = selectStratified(subjects, design([{ key: ['R1', 'A'], rateBp: 500 }, { key: ['R1', 'D'], count: 7 }, { key: ['R2', 'A'], rateBp: 1000 }]), seed(1));
  t.same(
    sel.strata.map((s) => [s.label, s.population, s.allocated, s.drawn]),
    [
      ['R1|A', 40, 2, 2],
      ['R1|D', 10, 7, 7],
      ['R2|A', 25, 3, 3],
    ],
  );
  t.equal(new Set(sel.drawn.map((d) => d.id)).size, sel.drawn.length);
  for (const s of sel.strata) {
    const keys = sel.drawn.filter((d) => d.stratum === s.label).map((d) => d.key);
    t.same(keys, [...keys].sort(), `${s.label}: ascending ticket order`);
  }
});

t.test('extending a draw keeps the subjects already drawn, in the same order', async (t) => {
  const subjects = roster({ 'R1|A': 60, 'R2|B': 30 });
  const small = selectStratified(subjects, design([{ key: ['R1', 'A'], count: 4 }, { key: ['R2', 'B'], count: 2 }]), seed(2));
  const large = selectStratified(subjects, design([{ key: ['R1', 'A'], count: 9 }, { key: ['R2', 'B'], count: 5 }]), seed(2));
  for (const label of ['R1|A', 'R2|B']) {
    const a = small.drawn.filter((d) => d.stratum === label).map((d) => d.id);
    const b = large.drawn.filter((d) => d.stratum === label).map((d) => d.id);
    t.same(b.slice(0, a.length), a, label);
  }
  const grown = selectStratified([...subjects, { id: 'zz-new', region: 'R1', grade: 'A', subsidyPaidFen: 1 }], design([{ key: ['R1', 'A'], count: 9 }, { key: ['R2', 'B'], count: 5 }]), seed(2));
  const before = large.drawn.map((d) => d.key);
  const after = grown.drawn.filter((d) => d.id !== 'zz-new').map((d) => d.key);
  t.ok(after.every((k) => before.includes(k)), 'tickets of existing subjects do not depend on the rest of the roster');
});

t.test('floors top up from the group, uniformly among its undrawn subjects', async (t) => {
  const subjects = roster({ 'R1|A': 50, 'R2|A': 4, 'R3|A': 2 });
  const d = design([{ key: ['R1', 'A'], rateBp: 1000 }, { key: ['R2', 'A'], rateBp: 1000 }, { key: ['R3', 'A'], count: 0 }], { floors: [{ by: 'region', min: 2 }] });
  const sel = selectStratified(subjects, d, seed(3));
  const inRegion = (r: string): number => sel.drawn.filter((x) => x.id.startsWith(`${r}-`)).length;
  t.equal(inRegion('R1'), 5, 'already above the floor: untouched');
  t.equal(inRegion('R2'), 2, '1 allocated + 1 floor');
  t.equal(inRegion('R3'), 2, '0 allocated + 2 floor');
  t.same(
    sel.drawn.filter((x) => x.via === 'floor').map((x) => x.floorIndex),
    [0, 0, 0],
  );
  t.same(sel.strata.find((s) => s.label === 'R3|A'), { label: 'R3|A', population: 2, allocated: 0, drawn: 2 });
});

t.test('properties: floors always met, allocations exact, nobody twice', async () => {
  const shape = fc.record({
    counts: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
    rates: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 6, maxLength: 6 }),
    floor: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 0, max: 255 }),
    method: fc.constantFrom('simple' as const, 'pps' as const),
  });
  fc.assert(
    fc.property(shape, ({ counts, rates, floor, seed: s, method }) => {
      const spec: Record<string, number> = {};
      counts.forEach((c, i) => (spec[`R${i % 3}|G${i}`] = c));
      const subjects = roster(spec);
      const keys = Object.keys(spec).map((k) => k.split('|'));
      const byRegion = new Map<string, number>();
      for (const sub of subjects) byRegion.set(sub.region, (byRegion.get(sub.region) ?? 0) + 1);
      const min = Math.min(floor, ...byRegion.values());
      const d: SampleDesign = { method, stratifyBy: ['region', 'grade'], strata: keys.map((key, i) => ({ key, rateBp: rates[i]! })), floors: [{ by: 'region', min }] };
      const sel = selectStratified(subjects, d, seed(s));
      const ids = sel.drawn.map((x) => x.id);
      if (new Set(ids).size !== ids.length) return false;
      for (const region of byRegion.keys()) if (sel.drawn.filter((x) => x.id.startsWith(`${region}-`)).length < min) return false;
      return sel.strata.every((st, i) => st.allocated === allocatedSize(st.population, { rateBp: rates[i]! }) && st.drawn >= st.allocated);
    }),
  );
});

t.test('plans that no random value could draw are typed errors, before any hashing', async (t) => {
  const subjects = roster({ 'R1|A': 3, 'R2|B': 1 });
  const ok = [{ key: ['R1', 'A'], count: 1 }, { key: ['R2', 'B'], count: 1 }];
  t.throws(() => selectStratified(subjects, design([...ok, { key: ['R3', 'C'], count: 1 }]), seed(0)), { code: 'sampling.empty_stratum', field: 'design.strata.2.key' });
  t.throws(() => selectStratified(subjects, design([ok[0]!]), seed(0)), { code: 'sampling.subject_outside_strata', field: 'subjects.3' });
  t.throws(() => selectStratified(subjects, design([{ key: ['R1', 'A'], count: 4 }, ok[1]!]), seed(0)), { code: 'sampling.count_exceeds_stratum', field: 'design.strata.0.count' });
  t.throws(() => selectStratified(subjects, design(ok, { floors: [{ by: 'region', min: 2 }] }), seed(0)), {
    code: 'sampling.floor_unreachable',
    field: 'design.floors.0.min',
    details: { by: 'region', group: 'R2', expected: 2, actual: 1 },
  });
  const unpaid = subjects.map((s) => (s.region === 'R1' ? { ...s, subsidyPaidFen: 0 } : s));
  t.throws(() => selectStratified(unpaid, design(ok, { method: 'pps' }), seed(0)), { code: 'sampling.pps_weight_shortfall', field: 'design.strata.0' });
});
