/**
 * Index arithmetic of the RFC 9162 §2.1 tree, no hashing. Leaves are numbered from 0;
 * node (level, index) is the complete subtree over leaves [index·2^level, (index+1)·2^level).
 * In the RFC's tree of n leaves (split at the largest power of two below n, §2.1.1),
 * every complete subtree aligned like this is a node, and the only other nodes are the
 * "ephemeral" ones on the right border, whose hash is the MTH of a range [start, n).
 *
 * Arithmetic is on JavaScript numbers with division, not bit operators (those are
 * 32-bit): sizes stay exact up to 2^53 leaves, which no log here will reach.
 */
import { invariant } from '../domain/decider.ts';
import { TreeRangeError } from './errors.ts';

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * One hash of an audit path, bottom up: a stored complete subtree, or the MTH of a
 * right-border range that is not complete, folded from the stored `nodes` covering it.
 */
export type PathStep =
  | { readonly kind: 'node'; readonly node: NodeId }
  | { readonly kind: 'range'; readonly start: number; readonly end: number; readonly nodes: readonly NodeId[] };

/** A tree over 2^53 leaves is beyond exact number arithmetic; levels are bounded by this. */
export const TREE_LEVELS_MAX = 53;

export function pow2(level: number): number {
  return 2 ** level;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && n === pow2(trailingZeros(n));
}

/** Number of trailing zero bits of n > 0. */
export function trailingZeros(n: number): number {
  invariant(Number.isSafeInteger(n) && n > 0, 'trailingZeros of a positive integer');
  let zeros = 0;
  while (n % 2 === 0 && zeros < TREE_LEVELS_MAX) {
    n /= 2;
    zeros++;
  }
  return zeros;
}

/** How many complete nodes of `level` a tree of `treeSize` leaves has. */
export function completeNodeCount(level: number, treeSize: number): number {
  return Math.floor(treeSize / pow2(level));
}

/** Throws TreeRangeError unless `value` is an integer in [min, max]. */
export function assertIndex(field: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new TreeRangeError(field, `an integer in [${min}, ${max}]`, String(value));
  }
}

/**
 * The complete subtrees that tile [start, end), left to right, each as large as its
 * alignment allows. Folding their hashes right to left, hashChildren(left, acc), gives
 * MTH(D[start:end]) whenever start is a multiple of a power of two ≥ end − start (true
 * for start = 0 and for every right-border range): then the sizes strictly decrease
 * exactly as the RFC's recursive split produces them.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  invariant(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end, 'range within the tree');
  const nodes: NodeId[] = [];
  while (start < end) {
    let level = 0;
    while (level < TREE_LEVELS_MAX && start % pow2(level + 1) === 0 && start + pow2(level + 1) <= end) level++;
    nodes.push({ level, index: start / pow2(level) });
    start += pow2(level);
  }
  return nodes;
}

/**
 * The audit path from complete node (level, index) to the root of the tree of `treeSize`
 * leaves, bottom up, in the order of RFC 9162 §2.1.3.1 PATH (level 0: the inclusion
 * proof of a leaf). Below the level where the node's path and the last leaf's path
 * meet, every sibling is complete except possibly the last, which holds the last leaf;
 * above it the path runs along the right border, where only left siblings exist.
 */
export function pathSteps(level: number, index: number, treeSize: number): PathStep[] {
  invariant((index + 1) * pow2(level) <= treeSize, 'path starts at a complete node of the tree');
  const steps: PathStep[] = [];
  let mine = index;
  let last = Math.floor((treeSize - 1) / pow2(level));
  let height = level;
  while (mine !== last) {
    invariant(height < TREE_LEVELS_MAX, 'path height within bound');
    const sibling = mine % 2 === 0 ? mine + 1 : mine - 1;
    const start = sibling * pow2(height);
    const end = Math.min(start + pow2(height), treeSize);
    steps.push(end - start === pow2(height) ? { kind: 'node', node: { level: height, index: sibling } } : { kind: 'range', start, end, nodes: rangeNodes(start, end) });
    mine = Math.floor(mine / 2);
    last = Math.floor(last / 2);
    height++;
  }
  while (mine > 0) {
    invariant(height < TREE_LEVELS_MAX, 'path height within bound');
    if (mine % 2 === 1) steps.push({ kind: 'node', node: { level: height, index: mine - 1 } });
    mine = Math.floor(mine / 2);
    height++;
  }
  return steps;
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) for 0 < m < n, as an audit path: the last complete
 * node of the old tree (omitted when m is a power of two, because it is the old root the
 * verifier already holds) followed by its path to the new root.
 */
export function consistencySteps(size1: number, size2: number): PathStep[] {
  invariant(0 < size1 && size1 < size2, 'consistency between a non-empty tree and a larger one');
  const level = trailingZeros(size1);
  const index = size1 / pow2(level) - 1;
  const seed: PathStep[] = index === 0 ? [] : [{ kind: 'node', node: { level, index } }];
  return [...seed, ...pathSteps(level, index, size2)];
}

/** Every stored node an audit path reads, in order, for one batched read. */
export function nodesOfSteps(steps: readonly PathStep[]): NodeId[] {
  const nodes: NodeId[] = [];
  for (const step of steps) {
    if (step.kind === 'node') nodes.push(step.node);
    else nodes.push(...step.nodes);
  }
  return nodes;
}
