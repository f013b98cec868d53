/**
 * Augmenting-path repairs of the deal (docs/sampling.md §9.4–§9.5): breadth-first searches
 * over "subject takes inspector / subject gives inspector up" moves, visiting subjects and
 * inspectors in ascending id order, so an independent implementation finds the same path.
 * Each search is exact: when it fails no assignment within the current bounds exists
 * (max-flow/min-cut), which is what lets the bounds be relaxed only when unavoidable.
 */
import type { Board } from './assign-board.ts';

/**
 * Gives subject s0 one more inspector: s0 takes i1, the subject s1 holding i1 takes i2
 * instead, …, until an inspector with load < cap is reached.
 */
export function augmentFromSubject(b: Board, s0: number): boolean {
  const mark = b.newSearch();
  const { markS, markI, parentOfI, parentOfS } = b;
  const queue = [s0];
  markS[s0] = mark;
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q]!;
    for (let i = 0; i < b.inspectorCount; i++) {
      if (markI[i] === mark || !b.canTake(s, i)) continue;
      markI[i] = mark;
      parentOfI[i] = s;
      if (b.load[i]! < b.cap[i]!) {
        let at = i;
        let holder = s;
        while (holder !== s0) {
          const gaveUp = parentOfS[holder]!;
          b.replace(holder, gaveUp, at);
          at = gaveUp;
          holder = parentOfI[at]!;
        }
        b.give(s0, at);
        return true;
      }
      for (const s2 of b.holdersOf(i)) {
        if (markS[s2] === mark) continue;
        markS[s2] = mark;
        parentOfS[s2] = i;
        queue.push(s2);
      }
    }
  }
  return false;
}

/**
 * Raises inspector x0's load by one without changing any subject's count: some subject
 * takes x0 and gives up y1, another takes y1 and gives up y2, …, until the inspector given
 * up has load > floor.
 */
export function augmentToInspector(b: Board, x0: number, floor: number): boolean {
  const mark = b.newSearch();
  const { markS, markI, parentOfI, parentOfS } = b;
  const queue = [x0];
  markI[x0] = mark;
  for (let q = 0; q < queue.length; q++) {
    const x = queue[q]!;
    for (let s = 0; s < b.subjectCount; s++) {
      if (markS[s] === mark || !b.canTake(s, x)) continue;
      markS[s] = mark;
      parentOfS[s] = x;
      for (const y of [...b.holds[s]!].sort((p, r) => p - r)) {
        if (markI[y] === mark) continue;
        markI[y] = mark;
        parentOfI[y] = s;
        if (b.load[y]! > floor) {
          let gaveUp = y;
          let subject = s;
          for (;;) {
            const took = parentOfS[subject]!;
            b.replace(subject, gaveUp, took);
            if (took === x0) return true;
            gaveUp = took;
            subject = parentOfI[gaveUp]!;
          }
        }
        queue.push(y);
      }
    }
  }
  return false;
}
