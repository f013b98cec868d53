/**
 * An independent feasibility oracle for the assignment tests: is there an assignment of
 * exactly k acceptable inspectors to every subject with every load in [lo, hi]? Decided by
 * a textbook reduction (circulation with lower bounds → max flow, Edmonds–Karp on a dense
 * matrix), sharing no code with src/sampling.
 */
function maxFlow(cap: number[][], s: number, t: number): number {
  const n = cap.length;
  const flow = cap.map((row) => row.map(() => 0));
  let total = 0;
  for (;;) {
    const parent = new Array<number>(n).fill(-1);
    parent[s] = s;
    const queue = [s];
    for (let q = 0; q < queue.length && parent[t] === -1; q++) {
      const u = queue[q]!;
      for (let v = 0; v < n; v++) {
        if (parent[v] === -1 && cap[u]![v]! - flow[u]![v]! > 0) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[t] === -1) return total;
    let push = Infinity;
    for (let v = t; v !== s; v = parent[v]!) push = Math.min(push, cap[parent[v]!]![v]! - flow[parent[v]!]![v]!);
    for (let v = t; v !== s; v = parent[v]!) {
      flow[parent[v]!]![v]! += push;
      flow[v]![parent[v]!]! -= push;
    }
    total += push;
  }
}

/** acceptable[s][i]: inspector i may inspect subject s. */
export function assignmentFeasible(acceptable: readonly (readonly boolean[])[], k: number, lo: number, hi: number): boolean {
  const m = acceptable.length;
  const n = acceptable[0]?.length ?? 0;
  if (lo > hi) return false;
  // Nodes: S, T, subjects, inspectors, S', T'.
  const S = 0;
  const T = 1;
  const subj = (s: number): number => 2 + s;
  const insp = (i: number): number => 2 + m + i;
  const S2 = 2 + m + n;
  const T2 = S2 + 1;
  const size = T2 + 1;
  const cap = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const excess = new Array<number>(size).fill(0);
  const lower = (u: number, v: number, l: number, c: number): void => {
    cap[u]![v]! += c - l;
    excess[v]! += l;
    excess[u]! -= l;
  };
  for (let s = 0; s < m; s++) lower(S, subj(s), k, k);
  for (let s = 0; s < m; s++) for (let i = 0; i < n; i++) if (acceptable[s]![i]) cap[subj(s)]![insp(i)] = 1;
  for (let i = 0; i < n; i++) lower(insp(i), T, lo, hi);
  cap[T]![S] = 1e9;
  let need = 0;
  for (let v = 0; v < S2; v++) {
    if (excess[v]! > 0) {
      cap[S2]![v] = excess[v]!;
      need += excess[v]!;
    } else if (excess[v]! < 0) {
      cap[v]![T2] = -excess[v]!;
    }
  }
  return maxFlow(cap, S2, T2) === need;
}
