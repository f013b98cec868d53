import t from 'tap';
import fc from 'fast-check';
import { Board } from '../../src/sampling/assign-board.ts';
import { augmentFromSubject } from '../../src/sampling/assign-repair.ts';
import { assignInspectors } from '../../src/sampling/assign.ts';
import { buildPool, recusalOf } from '../../src/sampling/recusal.ts';
import type { AssignmentRules, InspectorEntry, SubjectEntry } from '../../src/sampling/types.ts';
import { assignmentFeasible } from './flow-oracle.ts';

const seed = (n: number): Uint8Array => new Uint8Array(32).map((_, i) => (i * 7 + n * 13) & 255);

/** Recusal restated from the rules, independently of recusal.ts. */
function recused(s: SubjectEntry, i: InspectorEntry, excludeOwnRegion: boolean): boolean {
  return (
    (i.conflictInstitutionIds ?? []).includes(s.id) ||
    (i.formerEmployerIds ?? []).includes(s.id) ||
    (excludeOwnRegion && i.region === s.region) ||
    (s.lastInspectorIds ?? []).includes(i.id)
  );
}

const REGIONS = ['R1', 'R2', 'R3'];
const instance = fc
  .record({ m: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 7 }), k: fc.integer({ min: 1, max: 3 }), excludeOwnRegion: fc.boolean(), seed: fc.integer({ min: 0, max: 1000 }) })
  .chain(({ m, n, k, excludeOwnRegion, seed }) => {
    const sid = fc.integer({ min: 0, max: m - 1 }).map((x) => `S${x}`);
    const iid = fc.integer({ min: 0, max: n - 1 }).map((x) => `I${x}`);
    return fc.record({
      subjects: fc.tuple(...Array.from({ length: m }, (_, x) => fc.record({ id: fc.constant(`S${x}`), region: fc.constantFrom(...REGIONS), grade: fc.constant('A'), subsidyPaidFen: fc.constant(1), lastInspectorIds: fc.array(iid, { maxLength: 2 }) }))),
      inspectors: fc.tuple(...Array.from({ length: n }, (_, x) => fc.record({ id: fc.constant(`I${x}`), region: fc.constantFrom(...REGIONS), conflictInstitutionIds: fc.array(sid, { maxLength: 2 }), formerEmployerIds: fc.array(sid, { maxLength: 1 }) }))),
      k: fc.constant(Math.min(k, n)),
      excludeOwnRegion: fc.constant(excludeOwnRegion),
      seed: fc.constant(seed),
    });
  });

t.test('properties: never a recused inspector, exactly k each, failure exactly when recusal forbids, loads balanced whenever feasible and optimal otherwise', async () => {
  fc.assert(
    fc.property(instance, ({ subjects, inspectors, k, excludeOwnRegion, seed: s }) => {
      const rules: AssignmentRules = { inspectorsPerSubject: k, excludeOwnRegion };
      const pool = buildPool(inspectors, rules);
      const out = assignInspectors(subjects, pool, k, seed(s));
      const sorted = [...subjects].sort((a, b) => (a.id < b.id ? -1 : 1));
      const ins = [...inspectors].sort((a, b) => (a.id < b.id ? -1 : 1));
      const acceptable = sorted.map((sub) => ins.map((i) => !recused(sub, i, excludeOwnRegion)));
      const short = sorted.filter((_, j) => acceptable[j]!.filter(Boolean).length < k).map((x) => x.id);
      if (!out.ok) {
        if (short.length === 0) throw new Error('failed although every subject has k acceptable inspectors');
        if (out.problems.map((p) => p.subjectId).join() !== short.join()) throw new Error(`problems name ${out.problems.map((p) => p.subjectId)} not ${short}`);
        for (const p of out.problems) {
          const sub = sorted.find((x) => x.id === p.subjectId)!;
          const all = new Set(Object.values(p.recusedBy).flat());
          if (ins.some((i) => recused(sub, i, excludeOwnRegion) !== all.has(i.id))) throw new Error('report lists the wrong inspectors');
        }
        return true;
      }
      if (short.length > 0) throw new Error(`drew although ${short} cannot have ${k}`);
      const load = new Map<string, number>(ins.map((i) => [i.id, 0]));
      out.assignments.forEach((a, j) => {
        const sub = sorted[j]!;
        if (a.subjectId !== sub.id || a.inspectorIds.length !== k || new Set(a.inspectorIds).size !== k) throw new Error(`bad team for ${sub.id}`);
        for (const id of a.inspectorIds) {
          if (recused(sub, ins.find((i) => i.id === id)!, excludeOwnRegion)) throw new Error(`${id} is recused from ${sub.id}`);
          load.set(id, load.get(id)! + 1);
        }
      });
      const loads = [...load.values()];
      const [min, max] = [Math.min(...loads), Math.max(...loads)];
      if (min !== out.load.min || max !== out.load.max) throw new Error('load summary disagrees with the assignments');
      const slots = sorted.length * k;
      const balancedFeasible = assignmentFeasible(acceptable, k, Math.floor(slots / ins.length), Math.ceil(slots / ins.length));
      if (balancedFeasible !== out.load.balanced || (balancedFeasible && max - min > 1)) throw new Error(`balanced=${out.load.balanced} but feasible=${balancedFeasible}`);
      if (!balancedFeasible) {
        if (assignmentFeasible(acceptable, k, 0, max - 1)) throw new Error(`max load ${max} is not the least possible`);
        if (assignmentFeasible(acceptable, k, min + 1, max)) throw new Error(`min load ${min} is not the most possible under max ${max}`);
      }
      return true;
    }),
    { numRuns: 400 },
  );
});

t.test('a stuck subject is served by an augmenting path that moves another subject', async (t) => {
  const subjects: SubjectEntry[] = [
    { id: 'S0', region: 'R', grade: 'A', subsidyPaidFen: 1 },
    { id: 'S1', region: 'R', grade: 'A', subsidyPaidFen: 1 },
  ];
  const inspectors: InspectorEntry[] = [
    { id: 'IA', region: 'X' },
    { id: 'IB', region: 'X', conflictInstitutionIds: ['S1'] },
  ];
  const pool = buildPool(inspectors, { inspectorsPerSubject: 1, excludeOwnRegion: false });
  const b = new Board(pool, subjects.map((s) => recusalOf(pool, s)), 1);
  b.cap.fill(1);
  b.give(0, 0); // S0 took IA, the only inspector S1 may have
  t.ok(augmentFromSubject(b, 1));
  t.same(b.holds, [[1], [0]], 'S0 moved to IB so that S1 could take IA');
  t.same([...b.load], [1, 1]);
});

t.test('when recusal makes balance impossible the draw still succeeds and says so', async (t) => {
  const subjects: SubjectEntry[] = ['S0', 'S1', 'S2', 'S3'].map((id) => ({ id, region: 'R', grade: 'A', subsidyPaidFen: 1 }));
  const inspectors: InspectorEntry[] = [
    { id: 'I0', region: 'X' },
    { id: 'I1', region: 'X' },
    { id: 'I2', region: 'X', conflictInstitutionIds: ['S0', 'S1', 'S2', 'S3'] },
  ];
  const out = assignInspectors(subjects, buildPool(inspectors, { inspectorsPerSubject: 1, excludeOwnRegion: false }), 1, seed(1));
  if (!out.ok) throw new Error('expected success');
  t.same(out.load, { eligibleInspectors: 3, slots: 4, targetMin: 1, targetMax: 2, min: 0, max: 2, balanced: false });
  const onlyOne = inspectors.map((i) => (i.id === 'I0' ? i : { ...i, conflictInstitutionIds: ['S0', 'S1', 'S2'] }));
  const three = assignInspectors(subjects.slice(0, 3), buildPool(onlyOne, { inspectorsPerSubject: 1, excludeOwnRegion: false }), 1, seed(1));
  if (!three.ok) throw new Error('expected success');
  t.same([three.load.min, three.load.max], [0, 3], 'the cap rises step by step until the one free inspector takes all three');
});

t.test('the failure report names each subject and, per rule, the inspectors it recuses', async (t) => {
  const subjects: SubjectEntry[] = [
    { id: 'S0', region: 'R1', grade: 'A', subsidyPaidFen: 1, lastInspectorIds: ['I2'] },
    { id: 'S1', region: 'R2', grade: 'A', subsidyPaidFen: 1 },
  ];
  const inspectors: InspectorEntry[] = [
    { id: 'I0', region: 'R1' },
    { id: 'I1', region: 'R2', conflictInstitutionIds: ['S0'], formerEmployerIds: ['S0'] },
    { id: 'I2', region: 'R3' },
    { id: 'I3', region: 'R3' },
  ];
  const out = assignInspectors(subjects, buildPool(inspectors, { inspectorsPerSubject: 2, excludeOwnRegion: true }), 2, seed(2));
  t.same(out, {
    ok: false,
    problems: [{ subjectId: 'S0', needed: 2, acceptable: 1, recusedBy: { declared_conflict: ['I1'], former_employer: ['I1'], own_region: ['I0'], rotation: ['I2'] } }],
  });
});

t.test('a different seed gives a different, equally valid assignment', async (t) => {
  const subjects: SubjectEntry[] = Array.from({ length: 12 }, (_, x) => ({ id: `S${String(x).padStart(2, '0')}`, region: 'R', grade: 'A', subsidyPaidFen: 1 }));
  const inspectors: InspectorEntry[] = Array.from({ length: 10 }, (_, x) => ({ id: `I${x}`, region: 'X' }));
  const pool = buildPool(inspectors, { inspectorsPerSubject: 2, excludeOwnRegion: false });
  const a = assignInspectors(subjects, pool, 2, seed(3));
  const b = assignInspectors(subjects, pool, 2, seed(4));
  t.not(JSON.stringify(a), JSON.stringify(b));
  t.same(assignInspectors(subjects, pool, 2, seed(3)), a, 'and the same seed the same one');
});

t.test('raising a starved inspector to the floor (found by the property test with the lift step removed)', async (t) => {
  const regions = ['R1', 'R3', 'R1', 'R1', 'R2', 'R1'];
  const subjects: SubjectEntry[] = regions.map((region, x) => ({ id: `S${x}`, region, grade: 'A', subsidyPaidFen: 1 }));
  const inspectors: InspectorEntry[] = ['R3', 'R1', 'R1', 'R2'].map((region, x) => ({ id: `I${x}`, region }));
  const rules: AssignmentRules = { inspectorsPerSubject: 1, excludeOwnRegion: true };
  const acceptable = subjects.map((s) => inspectors.map((i) => i.region !== s.region));
  t.ok(assignmentFeasible(acceptable, 1, 1, 2), 'loads 1–2 are possible');
  const out = assignInspectors(subjects, buildPool(inspectors, rules), 1, seed(3));
  if (!out.ok) throw new Error('expected success');
  t.same([out.load.min, out.load.max, out.load.balanced], [1, 2, true]);
});
