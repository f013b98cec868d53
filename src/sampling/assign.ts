/**
 * Inspector assignment (docs/sampling.md §9): k inspectors per drawn subject, none recused,
 * loads as even as recusal allows. A seeded deck of inspector cards is dealt to the
 * subjects in id order; exact augmenting-path searches repair what the deal could not place.
 */
import { Board } from './assign-board.ts';
import { augmentFromSubject, augmentToInspector } from './assign-repair.ts';
import { explainRecusal, recusalOf, type InspectorPool } from './recusal.ts';
import { sortById } from './sort-by-id.ts';
import { DECK_TAG, sortedPositions, TicketHasher, ticketColumn } from './tickets.ts';
import type { LoadSummary, RecusalProblem, SubjectAssignment, SubjectEntry } from './types.ts';

export type AssignmentOutcome =
  | { readonly ok: true; readonly assignments: readonly SubjectAssignment[]; readonly load: LoadSummary }
  | { readonly ok: false; readonly problems: readonly RecusalProblem[] };

/**
 * The deck: rounds r = 0, 1, … each a permutation of the pool by ascending
 * SHA-256(lp(tag) ‖ seed ‖ lp(r) ‖ lp(id)), concatenated and cut at `slots` cards.
 */
export function buildDeck(pool: InspectorPool, slots: number, seed: Uint8Array): Int32Array {
  const n = pool.inspectors.length;
  const cards = new Int32Array(slots);
  const hasher = new TicketHasher(DECK_TAG, seed);
  const ids = pool.inspectors.map((i) => i.id);
  let at = 0;
  for (let round = 0; at < slots; round++) {
    const order = sortedPositions(ticketColumn(hasher, String(round), ids), n);
    for (let j = 0; j < n && at < slots; j++) cards[at++] = order[j]!;
  }
  return cards;
}

/** Each subject in turn takes the first cards, in deck order, it may take. */
function deal(b: Board, cards: Int32Array): void {
  const next = new Int32Array(cards.length);
  for (let p = 0; p < cards.length; p++) next[p] = p + 1 < cards.length ? p + 1 : -1;
  let head = cards.length > 0 ? 0 : -1;
  for (let s = 0; s < b.subjectCount; s++) {
    let prev = -1;
    for (let p = head; p !== -1 && b.holds[s]!.length < b.perSubject; p = next[p]!) {
      if (b.canTake(s, cards[p]!)) {
        b.give(s, cards[p]!);
        if (prev === -1) head = next[p]!;
        else next[prev] = next[p]!;
      } else {
        prev = p;
      }
    }
  }
}

/** Fills every subject to k; caps start at the deck's counts and rise only when no path exists. */
function fill(b: Board, ceil: number): void {
  let cap = ceil;
  let uniform = false;
  for (let s = 0; s < b.subjectCount; s++) {
    while (b.holds[s]!.length < b.perSubject) {
      if (augmentFromSubject(b, s)) continue;
      if (!uniform) uniform = true;
      else cap += 1;
      b.cap.fill(cap);
    }
  }
}

/** Raises every load to at least `floor`, lowering the floor only when no path exists. */
function lift(b: Board, floor: number): void {
  let target = floor;
  search: while (target > 0) {
    for (let i = 0; i < b.inspectorCount; i++) {
      while (b.load[i]! < target) {
        if (!augmentToInspector(b, i, target)) {
          target -= 1;
          continue search;
        }
      }
    }
    return;
  }
}

export function assignInspectors(drawn: readonly SubjectEntry[], pool: InspectorPool, k: number, seed: Uint8Array): AssignmentOutcome {
  const subjects = sortById(drawn);
  const recusals = subjects.map((s) => recusalOf(pool, s));
  const problems = subjects.filter((_, j) => recusals[j]!.acceptableCount < k).map((s) => explainRecusal(pool, s, k));
  if (problems.length > 0) return { ok: false, problems };
  const n = pool.inspectors.length;
  const slots = subjects.length * k;
  const b = new Board(pool, recusals, k);
  const cards = buildDeck(pool, slots, seed);
  for (const c of cards) b.cap[c]! += 1;
  deal(b, cards);
  fill(b, Math.ceil(slots / n));
  lift(b, Math.floor(slots / n));
  const assignments = subjects.map((s, j) => ({
    subjectId: s.id,
    inspectorIds: [...b.holds[j]!].sort((x, y) => x - y).map((i) => pool.inspectors[i]!.id),
  }));
  let min = Infinity;
  let max = 0;
  for (const l of b.load) {
    min = Math.min(min, l);
    max = Math.max(max, l);
  }
  const load: LoadSummary = {
    eligibleInspectors: n,
    slots,
    targetMin: Math.floor(slots / n),
    targetMax: Math.ceil(slots / n),
    min,
    max,
    balanced: max - min <= 1,
  };
  return { ok: true, assignments, load };
}
