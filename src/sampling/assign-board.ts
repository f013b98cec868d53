/**
 * The assignment state shared by the deal and the augmenting-path repairs: who holds whom,
 * loads, and the per-inspector capacity the repairs may fill up to.
 */
import { isRecused, type InspectorPool, type SubjectRecusal } from './recusal.ts';

export class Board {
  /** Per subject (ascending id), the pool indexes of its inspectors. */
  readonly holds: number[][];
  /** Per inspector, the subject indexes holding it. */
  readonly holders: number[][];
  readonly load: Int32Array;
  readonly cap: Int32Array;

  /**
   * Scratch for the searches, reused between them: a search marks a node by writing the
   * current stamp, so nothing is cleared or reallocated per search (a draw of everyone has
   * 100 000 subjects).
   */
  readonly markS: Int32Array;
  readonly markI: Int32Array;
  readonly parentOfS: Int32Array;
  readonly parentOfI: Int32Array;
  private stamp = 0;

  constructor(
    readonly pool: InspectorPool,
    readonly recusals: readonly SubjectRecusal[],
    readonly perSubject: number,
  ) {
    this.holds = recusals.map(() => []);
    this.holders = pool.inspectors.map(() => []);
    this.load = new Int32Array(pool.inspectors.length);
    this.cap = new Int32Array(pool.inspectors.length);
    this.markS = new Int32Array(recusals.length);
    this.markI = new Int32Array(pool.inspectors.length);
    this.parentOfS = new Int32Array(recusals.length);
    this.parentOfI = new Int32Array(pool.inspectors.length);
  }

  /** Starts a search: every node is unmarked again. */
  newSearch(): number {
    this.stamp += 1;
    return this.stamp;
  }

  get subjectCount(): number {
    return this.holds.length;
  }

  get inspectorCount(): number {
    return this.load.length;
  }

  /** Inspector i may be added to subject s: not recused, not already there. */
  canTake(s: number, i: number): boolean {
    return !isRecused(this.pool, this.recusals[s]!, i) && !this.holds[s]!.includes(i);
  }

  give(s: number, i: number): void {
    this.holds[s]!.push(i);
    this.holders[i]!.push(s);
    this.load[i]! += 1;
  }

  /** Subject s gives up inspector `from` and takes `to` instead. */
  replace(s: number, from: number, to: number): void {
    const h = this.holds[s]!;
    h[h.indexOf(from)] = to;
    const list = this.holders[from]!;
    list.splice(list.indexOf(s), 1);
    this.holders[to]!.push(s);
    this.load[from]! -= 1;
    this.load[to]! += 1;
  }

  /** Holders of i in ascending subject order (the order the searches visit them). */
  holdersOf(i: number): number[] {
    return [...this.holders[i]!].sort((a, b) => a - b);
  }
}
