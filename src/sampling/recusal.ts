/**
 * Recusal (回避, docs/sampling.md §8): an inspector may not inspect an institution they
 * declared a conflict with or used to work for, one they inspected last time (rotation), or
 * one in their own region when the plan says so. Rules are never relaxed.
 */
import { sortById } from './sort-by-id.ts';
import type { AssignmentRules, InspectorEntry, RecusalProblem, RecusalRule, SubjectEntry } from './types.ts';

export interface InspectorPool {
  /** Inspectors holding the required qualification, ascending id: the base order. */
  readonly inspectors: readonly InspectorEntry[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly regionCount: ReadonlyMap<string, number>;
  readonly conflictsBy: ReadonlyMap<string, readonly number[]>;
  readonly employedBy: ReadonlyMap<string, readonly number[]>;
  readonly excludeOwnRegion: boolean;
}

function invert(inspectors: readonly InspectorEntry[], ids: (i: InspectorEntry) => readonly string[] | undefined): Map<string, number[]> {
  const map = new Map<string, number[]>();
  inspectors.forEach((ins, i) => {
    for (const id of new Set(ids(ins) ?? [])) {
      const list = map.get(id);
      if (list) list.push(i);
      else map.set(id, [i]);
    }
  });
  return map;
}

export function buildPool(inspectors: readonly InspectorEntry[], rules: AssignmentRules): InspectorPool {
  const q = rules.requiredQualification;
  const pool = sortById(inspectors.filter((i) => q === undefined || (i.qualifications ?? []).includes(q)));
  const regionCount = new Map<string, number>();
  for (const i of pool) regionCount.set(i.region, (regionCount.get(i.region) ?? 0) + 1);
  return {
    inspectors: pool,
    indexOf: new Map(pool.map((ins, i) => [ins.id, i])),
    regionCount,
    conflictsBy: invert(pool, (i) => i.conflictInstitutionIds),
    employedBy: invert(pool, (i) => i.formerEmployerIds),
    excludeOwnRegion: rules.excludeOwnRegion,
  };
}

/** The pool inspectors one subject may not have, split into the region rule and the rest. */
export interface SubjectRecusal {
  readonly region: string;
  /** Recused by declared conflict, former employer or rotation (pool indexes; a few at most). */
  readonly listed: readonly number[];
  readonly acceptableCount: number;
}

const NONE: readonly number[] = [];

export function recusalOf(pool: InspectorPool, subject: SubjectEntry): SubjectRecusal {
  const conflicts = pool.conflictsBy.get(subject.id);
  const employers = pool.employedBy.get(subject.id);
  const last = subject.lastInspectorIds;
  let listed: readonly number[] = NONE;
  if (conflicts !== undefined || employers !== undefined || (last !== undefined && last.length > 0)) {
    const list: number[] = [];
    const add = (i: number): void => void (list.includes(i) || list.push(i));
    for (const i of conflicts ?? NONE) add(i);
    for (const i of employers ?? NONE) add(i);
    for (const id of last ?? []) {
      const i = pool.indexOf.get(id);
      if (i !== undefined) add(i);
    }
    listed = list;
  }
  let recused = pool.excludeOwnRegion ? (pool.regionCount.get(subject.region) ?? 0) : 0;
  for (const i of listed) if (!(pool.excludeOwnRegion && pool.inspectors[i]!.region === subject.region)) recused += 1;
  return { region: subject.region, listed, acceptableCount: pool.inspectors.length - recused };
}

export function isRecused(pool: InspectorPool, r: SubjectRecusal, inspector: number): boolean {
  return (pool.excludeOwnRegion && pool.inspectors[inspector]!.region === r.region) || r.listed.includes(inspector);
}

/** Which rules recuse which inspectors from a subject, for a failure report. */
export function explainRecusal(pool: InspectorPool, subject: SubjectEntry, needed: number): RecusalProblem {
  const recusedBy: Record<RecusalRule, string[]> = { declared_conflict: [], former_employer: [], own_region: [], rotation: [] };
  const last = new Set(subject.lastInspectorIds ?? []);
  let acceptable = 0;
  for (const ins of pool.inspectors) {
    const rules: RecusalRule[] = [];
    if ((ins.conflictInstitutionIds ?? []).includes(subject.id)) rules.push('declared_conflict');
    if ((ins.formerEmployerIds ?? []).includes(subject.id)) rules.push('former_employer');
    if (pool.excludeOwnRegion && ins.region === subject.region) rules.push('own_region');
    if (last.has(ins.id)) rules.push('rotation');
    for (const rule of rules) recusedBy[rule].push(ins.id);
    if (rules.length === 0) acceptable += 1;
  }
  return { subjectId: subject.id, needed, acceptable, recusedBy };
}
