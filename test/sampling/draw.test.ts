import t from 'tap';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { inspectorRosterHash, subjectRosterHash } from '../../src/sampling/roster-hash.ts';
import type { DrawInput, DrawOutcome } from '../../src/sampling/types.ts';
import { ALGORITHM_VERSION } from '../../src/sampling/version.ts';
import { scenario } from './fixtures.ts';

const base = scenario({ subjects: 1500, inspectors: 90, seed: 5 });
const baseOutcome = runDraw(base);
const digest = (o: DrawOutcome): string => drawOutcomeHash(o);

t.test('a draw records the algorithm version, seed, roster hashes, strata, subjects and teams', async (t) => {
  if (!baseOutcome.ok) throw new Error(baseOutcome.message);
  t.equal(baseOutcome.algorithm, ALGORITHM_VERSION);
  t.match(baseOutcome.seed, /^[0-9a-f]{64}$/);
  t.same(baseOutcome.rosterHashes, { subjects: subjectRosterHash(base.subjects), inspectors: inspectorRosterHash(base.inspectors) });
  t.equal(baseOutcome.subjects.length, baseOutcome.assignments.length);
  t.equal(baseOutcome.strata.reduce((n, s) => n + s.drawn, 0), baseOutcome.subjects.length);
  t.ok(baseOutcome.load.balanced);
  t.same(runDraw(base), baseOutcome, 'a pure function of its input');
});

t.test('changing any one input changes the outcome', async (t) => {
  const variants: [string, DrawInput][] = [
    ['one subject roster entry', { ...base, subjects: base.subjects.map((s, i) => (i === 700 ? { ...s, subsidyPaidFen: s.subsidyPaidFen + 1 } : s)) }],
    ['one inspector roster entry', { ...base, inspectors: base.inspectors.map((s, i) => (i === 40 ? { ...s, formerEmployerIds: ['INST-999999'] } : s)) }],
    ['the random value', { ...base, randomness: { ...base.randomness, value: { kind: 'drand', randomness: 'f'.repeat(64) } } }],
    ['the beacon round', { ...base, randomness: { ...base.randomness, source: { ...base.randomness.source, round: 1 } as DrawInput['randomness']['source'] } }],
    ['the plan id', { ...base, planId: 'plan-other' }],
    ['one ratio', { ...base, design: { ...base.design, strata: base.design.strata.map((s, i) => (i === 3 ? { ...s, rateBp: (s.rateBp ?? 0) + 2000 } : s)) } }],
    ['the team size', { ...base, assignment: { ...base.assignment, inspectorsPerSubject: 3 } }],
    ['the own-region rule', { ...base, assignment: { ...base.assignment, excludeOwnRegion: false } }],
    ['the method', { ...base, design: { ...base.design, method: 'pps' } }],
  ];
  const seen = new Set([digest(baseOutcome)]);
  for (const [what, input] of variants) {
    const h = digest(runDraw(input));
    t.notOk(seen.has(h), what);
    seen.add(h);
  }
});

t.test('a plan snapshot that does not match the rosters refuses the draw', async (t) => {
  if (!baseOutcome.ok) throw new Error('expected success');
  t.same(runDraw({ ...base, expectedRosterHashes: baseOutcome.rosterHashes }), baseOutcome);
  t.throws(() => runDraw({ ...base, expectedRosterHashes: { subjects: '0'.repeat(64) } }), {
    code: 'sampling.roster_hash_mismatch',
    field: 'expectedRosterHashes.subjects',
    details: { expected: '0'.repeat(64), actual: baseOutcome.rosterHashes.subjects },
  });
});

t.test('bad plans are typed errors naming the field', async (t) => {
  const tiny: DrawInput = {
    ...base,
    subjects: [{ id: 'S0', region: 'R', grade: 'A', subsidyPaidFen: 1 }],
    inspectors: [
      { id: 'I0', region: 'X', qualifications: ['q'] },
      { id: 'I1', region: 'X' },
    ],
    design: { method: 'simple', stratifyBy: [], strata: [{ key: [], count: 1 }] },
    assignment: { inspectorsPerSubject: 2, excludeOwnRegion: false },
  };
  t.ok(runDraw(tiny).ok);
  t.throws(() => runDraw({ ...tiny, assignment: { ...tiny.assignment, inspectorsPerSubject: 3 } }), { code: 'sampling.k_exceeds_eligible', field: 'assignment.inspectorsPerSubject', details: { expected: 2, actual: 3 } });
  t.throws(() => runDraw({ ...tiny, assignment: { ...tiny.assignment, requiredQualification: 'q' } }), { code: 'sampling.k_exceeds_eligible', details: { expected: 1, actual: 2 } });
  t.throws(() => runDraw({ ...tiny, subjects: [] }), { code: 'sampling.empty_roster', field: 'subjects' });
  t.throws(() => runDraw({ ...tiny, planId: '' }), { code: 'sampling.invalid_field', field: 'planId' });
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, strata: [] } }), { code: 'sampling.invalid_field', field: 'design.strata' });
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, strata: [{ key: [], count: 1, rateBp: 5 }] } }), { code: 'sampling.invalid_field', field: 'design.strata.0' });
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, strata: [{ key: [], rateBp: 10_001 }] } }), { code: 'sampling.invalid_field', field: 'design.strata.0.rateBp' });
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, strata: [{ key: ['R'], count: 1 }] } }), { code: 'sampling.invalid_field', field: 'design.strata.0.key' });
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, stratifyBy: ['region', 'region'] } }), { code: 'sampling.invalid_field', field: 'design.stratifyBy' });
  t.throws(
    () => runDraw({ ...tiny, design: { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['R'], count: 1 }, { key: ['R'], count: 1 }] } }),
    { code: 'sampling.duplicate_stratum', field: 'design.strata.1.key' },
  );
  t.throws(() => runDraw({ ...tiny, design: { ...tiny.design, method: 'lottery' as 'simple' } }), { code: 'sampling.invalid_field', field: 'design.method' });
  t.throws(() => runDraw({ ...tiny, assignment: { inspectorsPerSubject: 0, excludeOwnRegion: false } }), { code: 'sampling.invalid_field', field: 'assignment.inspectorsPerSubject' });
});

t.test('when recusal leaves a drawn subject short of inspectors the draw fails with a report, relaxing nothing', async (t) => {
  const input: DrawInput = {
    ...base,
    subjects: [
      { id: 'S0', region: 'R1', grade: 'A', subsidyPaidFen: 1 },
      { id: 'S1', region: 'R2', grade: 'A', subsidyPaidFen: 1 },
    ],
    inspectors: [
      { id: 'I0', region: 'R1' },
      { id: 'I1', region: 'R1' },
      { id: 'I2', region: 'R2', conflictInstitutionIds: ['S0'] },
    ],
    design: { method: 'simple', stratifyBy: [], strata: [{ key: [], count: 2 }] },
    assignment: { inspectorsPerSubject: 2, excludeOwnRegion: true },
  };
  const out = runDraw(input);
  if (out.ok) throw new Error('expected failure');
  t.equal(out.rule, 'recusal');
  t.match(out.message, /S0/);
  t.same(out.subjects.map((s) => s.id).sort(), ['S0', 'S1'], 'the drawn subjects are part of the record');
  t.same(out.problems, [{ subjectId: 'S0', needed: 2, acceptable: 0, recusedBy: { declared_conflict: ['I2'], former_employer: [], own_region: ['I0', 'I1'], rotation: [] } }]);
  t.same(runDraw(input), out, 'the failure is reproducible too');
});
