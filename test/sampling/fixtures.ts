/**
 * Deterministic roster and plan generators for the sampling tests and bench
 * (bench/sampling.bench.ts imports this file). A seeded PRNG, never Math.random, so a
 * failing case can be replayed.
 */
import type { DrawInput, InspectorEntry, SampleDesign, StratumSpec, SubjectEntry } from '../../src/sampling/types.ts';

/** mulberry32: tiny, fast, good enough to shape test data (not used by the algorithm). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Jiangxi's eleven prefecture-level divisions. */
export const REGIONS = ['360100', '360200', '360300', '360400', '360500', '360600', '360700', '360800', '360900', '361000', '361100'];
export const GRADES = ['A', 'B', 'C', 'D'];
/** Credit-weighted rates in basis points (domain.md: A ≤ 5 %, B 5–20 %, C 21–60 %, D 61–100 %). */
export const RATE_BP_BY_GRADE: Readonly<Record<string, number>> = { A: 300, B: 500, C: 2100, D: 6100 };

export interface RosterShape {
  readonly subjects: number;
  readonly inspectors: number;
  readonly seed: number;
  /** Declared conflicts per inspector, at most. */
  readonly conflictsMax?: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function makeSubjects(shape: RosterShape): SubjectEntry[] {
  const rnd = prng(shape.seed);
  const gradeOf = (): string => {
    const x = rnd();
    return x < 0.55 ? 'A' : x < 0.85 ? 'B' : x < 0.97 ? 'C' : 'D';
  };
  return Array.from({ length: shape.subjects }, (_, i) => {
    const last = rnd() < 0.5 ? [`INSP-${pad(Math.floor(rnd() * shape.inspectors), 5)}`, `INSP-${pad(Math.floor(rnd() * shape.inspectors), 5)}`] : [];
    return {
      id: `INST-${pad(i, 6)}`,
      region: REGIONS[Math.floor(rnd() * REGIONS.length)]!,
      grade: gradeOf(),
      subsidyPaidFen: Math.floor(Math.exp(rnd() * 8) * 100_000),
      lastInspectorIds: [...new Set(last)],
    };
  });
}

export function makeInspectors(shape: RosterShape): InspectorEntry[] {
  const rnd = prng(shape.seed ^ 0x5bd1e995);
  const conflictsMax = shape.conflictsMax ?? 3;
  return Array.from({ length: shape.inspectors }, (_, i) => ({
    id: `INSP-${pad(i, 5)}`,
    region: REGIONS[Math.floor(rnd() * REGIONS.length)]!,
    qualifications: rnd() < 0.9 ? ['subsidy-audit'] : ['general'],
    conflictInstitutionIds: Array.from({ length: Math.floor(rnd() * (conflictsMax + 1)) }, () => `INST-${pad(Math.floor(rnd() * shape.subjects), 6)}`),
    formerEmployerIds: rnd() < 0.2 ? [`INST-${pad(Math.floor(rnd() * shape.subjects), 6)}`] : [],
  }));
}

/** Region × grade strata for every combination present, rates by grade. */
export function creditWeightedDesign(subjects: readonly SubjectEntry[], method: 'simple' | 'pps' = 'simple', floorPerRegion = 3): SampleDesign {
  const keys = new Set(subjects.map((s) => `${s.region}|${s.grade}`));
  const strata: StratumSpec[] = [...keys].sort().map((k) => {
    const [region, grade] = k.split('|') as [string, string];
    return { key: [region, grade], rateBp: RATE_BP_BY_GRADE[grade]! };
  });
  return { method, stratifyBy: ['region', 'grade'], strata, floors: floorPerRegion > 0 ? [{ by: 'region', min: floorPerRegion }] : [] };
}

export const DRAND_RANDOMNESS = '8f2ec6a45ec8ab3ad2a1d5ab8b1c34b5b2a8e3d6cdb0b2f1a9b7c6d5e4f30211';

export function scenario(shape: RosterShape, method: 'simple' | 'pps' = 'simple'): DrawInput {
  const subjects = makeSubjects(shape);
  return {
    planId: `plan-${shape.seed}`,
    randomness: {
      source: { kind: 'drand', chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971', round: 1_000_000 + shape.seed },
      value: { kind: 'drand', randomness: DRAND_RANDOMNESS },
    },
    subjects,
    inspectors: makeInspectors(shape),
    design: creditWeightedDesign(subjects, method),
    assignment: { inspectorsPerSubject: 2, excludeOwnRegion: true, requiredQualification: 'subsidy-audit' },
  };
}
