/**
 * Stratified selection of subjects, simple or PPS, with floors (docs/sampling.md §5–§7).
 * Every check that does not depend on the random value runs before any ticket is hashed,
 * so a plan that can never be drawn is refused the same way whatever the seed.
 */
import { compareUtf8 } from './bytes.ts';
import { SamplingInputError } from './errors.ts';
import { FLOOR_TAG, ppsColumn, sortedPositions, TICKET_TAG, TicketHasher, ticketColumn } from './tickets.ts';
import type { DrawnSubject, FloorSpec, SampleDesign, StratumOutcome, SubjectEntry } from './types.ts';

export interface Selection {
  readonly strata: readonly StratumOutcome[];
  /** In selection order: each stratum's allocation in key order, then floor additions. */
  readonly drawn: readonly DrawnSubject[];
  /** The roster entries of `drawn`, same order. */
  readonly entries: readonly SubjectEntry[];
}

interface Plan {
  readonly labels: readonly string[];
  readonly members: readonly number[][];
  readonly sizes: readonly number[];
  readonly labelOf: readonly string[];
}

/** n = ceil(N × rateBp / 10 000) in integers, or the fixed count. */
export function allocatedSize(population: number, rule: { readonly rateBp?: number; readonly count?: number }): number {
  if (rule.count !== undefined) return rule.count;
  return Math.floor((population * (rule.rateBp ?? 0) + 9_999) / 10_000);
}

function eligible(s: SubjectEntry, pps: boolean): boolean {
  return !pps || s.subsidyPaidFen > 0;
}

function planStrata(subjects: readonly SubjectEntry[], design: SampleDesign): Plan {
  const labels = design.strata.map((s) => s.key.join('|'));
  const index = new Map(labels.map((l, i) => [l, i]));
  const members: number[][] = labels.map(() => []);
  const [f0, f1] = design.stratifyBy;
  const labelOf = subjects.map((s, i) => {
    const label = f0 === undefined ? '' : f1 === undefined ? s[f0] : `${s[f0]}|${s[f1]}`;
    const h = index.get(label);
    if (h === undefined) {
      throw new SamplingInputError('sampling.subject_outside_strata', `subjects.${i}: stratum "${label}" is not declared in the plan`, `subjects.${i}`, { id: s.id, stratum: label });
    }
    members[h]!.push(i);
    return label;
  });
  const pps = design.method === 'pps';
  const sizes = design.strata.map((rule, h) => {
    const at = `design.strata.${h}`;
    const population = members[h]!.length;
    if (population === 0) throw new SamplingInputError('sampling.empty_stratum', `${at}: stratum "${labels[h]}" has no subjects in the roster`, `${at}.key`, { stratum: labels[h] });
    const n = allocatedSize(population, rule);
    if (n > population) {
      throw new SamplingInputError('sampling.count_exceeds_stratum', `${at}.count: ${n} exceeds the ${population} subjects of stratum "${labels[h]}"`, `${at}.count`, { stratum: labels[h], expected: population, actual: n });
    }
    const positive = members[h]!.filter((i) => eligible(subjects[i]!, pps)).length;
    if (n > positive) {
      throw new SamplingInputError('sampling.pps_weight_shortfall', `${at}: PPS needs ${n} subjects with subsidy paid > 0 in stratum "${labels[h]}", it has ${positive}`, at, { stratum: labels[h], expected: n, actual: positive });
    }
    return n;
  });
  return { labels, members, sizes, labelOf };
}

function floorGroups(subjects: readonly SubjectEntry[], floor: FloorSpec): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  subjects.forEach((s, i) => {
    const g = s[floor.by];
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  return new Map([...groups.entries()].sort((a, b) => compareUtf8(a[0], b[0])));
}

/** Each floor's groups, refusing a floor some group cannot reach whatever the seed. */
function checkFloors(subjects: readonly SubjectEntry[], design: SampleDesign): Map<string, number[]>[] {
  const pps = design.method === 'pps';
  return (design.floors ?? []).map((floor, r) => {
    const groups = floorGroups(subjects, floor);
    for (const [group, list] of groups) {
      const available = list.filter((i) => eligible(subjects[i]!, pps)).length;
      if (available < floor.min) {
        throw new SamplingInputError(
          'sampling.floor_unreachable',
          `design.floors.${r}: ${floor.by} "${group}" has ${available} drawable subjects, the floor asks for ${floor.min}`,
          `design.floors.${r}.min`,
          { by: floor.by, group, expected: floor.min, actual: available },
        );
      }
    }
    return groups;
  });
}

/** The first `count` of `candidates` (subject indexes) in ascending key order under `scope`. */
function firstByKey(
  subjects: readonly SubjectEntry[],
  candidates: readonly number[],
  count: number,
  hasher: TicketHasher,
  scope: string,
  pps: boolean,
): { readonly i: number; readonly key: string }[] {
  const ids = candidates.map((i) => subjects[i]!.id);
  const column = pps ? ppsColumn(hasher, scope, ids, candidates.map((i) => subjects[i]!.subsidyPaidFen)) : ticketColumn(hasher, scope, ids);
  return sortedPositions(column, candidates.length)
    .slice(0, count)
    .map((x) => ({ i: candidates[x]!, key: column.format(x) }));
}

export function selectStratified(subjects: readonly SubjectEntry[], design: SampleDesign, seed: Uint8Array): Selection {
  const plan = planStrata(subjects, design);
  const floorGroupsByRule = checkFloors(subjects, design);
  const pps = design.method === 'pps';
  const tickets = new TicketHasher(TICKET_TAG, seed);
  const floorTickets = new TicketHasher(FLOOR_TAG, seed);
  const drawn: DrawnSubject[] = [];
  const entries: SubjectEntry[] = [];
  const taken = new Uint8Array(subjects.length);
  const drawnPerStratum = [...plan.sizes];
  const stratumIndex = new Map(plan.labels.map((l, h) => [l, h]));
  plan.members.forEach((list, h) => {
    const candidates = pps ? list.filter((i) => eligible(subjects[i]!, true)) : list;
    for (const { i, key } of firstByKey(subjects, candidates, plan.sizes[h]!, tickets, plan.labels[h]!, pps)) {
      taken[i] = 1;
      entries.push(subjects[i]!);
      drawn.push({ id: subjects[i]!.id, stratum: plan.labels[h]!, via: 'allocation', key });
    }
  });
  (design.floors ?? []).forEach((floor, r) => {
    for (const [group, list] of floorGroupsByRule[r]!) {
      const have = list.filter((i) => taken[i]).length;
      if (have >= floor.min) continue;
      const candidates = list.filter((i) => !taken[i] && eligible(subjects[i]!, pps));
      for (const { i, key } of firstByKey(subjects, candidates, floor.min - have, floorTickets, `${r}|${floor.by}|${group}`, pps)) {
        taken[i] = 1;
        entries.push(subjects[i]!);
        const label = plan.labelOf[i]!;
        drawnPerStratum[stratumIndex.get(label)!]! += 1;
        drawn.push({ id: subjects[i]!.id, stratum: label, via: 'floor', floorIndex: r, key });
      }
    }
  });
  const strata = plan.labels.map((label, h) => ({ label, population: plan.members[h]!.length, allocated: plan.sizes[h]!, drawn: drawnPerStratum[h]! }));
  return { strata, drawn, entries };
}
