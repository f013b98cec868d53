/**
 * The compact range of a tree of n leaves: the hashes of the complete subtrees that
 * tile [0, n), one per set bit of n, largest on the left. It is all the state needed
 * to append the next leaf and to give the root, MTH(D[0:n]) of RFC 9162 §2.1.1, without
 * touching any other node: appending leaf n merges it with the subtrees of the
 * trailing one-bits of n, producing exactly the complete nodes that become full.
 */
import { invariant } from '../domain/decider.ts';
import { EMPTY_ROOT_HASH, hashChildren } from './hasher.ts';
import { rangeNodes, TREE_LEVELS_MAX } from './tree-math.ts';

/** Called for every complete node an append makes full, the leaf itself (level 0) first. */
export type NodeSink = (level: number, index: number, hash: Uint8Array) => void;

export class CompactRange {
  #size: number;
  /** #byLevel[l] is the complete subtree of height l in the tiling, when bit l of size is set. */
  readonly #byLevel: (Uint8Array | undefined)[];

  private constructor(size: number, byLevel: (Uint8Array | undefined)[]) {
    this.#size = size;
    this.#byLevel = byLevel;
  }

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** From the hashes of rangeNodes(0, size), in that order (as a node store returns them). */
  static fromTiling(size: number, hashes: readonly Uint8Array[]): CompactRange {
    const nodes = rangeNodes(0, size);
    invariant(nodes.length === hashes.length, 'one hash per tiling node');
    const byLevel: (Uint8Array | undefined)[] = [];
    nodes.forEach((node, i) => {
      byLevel[node.level] = hashes[i];
    });
    return new CompactRange(size, byLevel);
  }

  get size(): number {
    return this.#size;
  }

  /** Integrates the next leaf hash; reports each node that became complete to `sink`. */
  append(leafHash: Uint8Array, sink?: NodeSink): void {
    let hash = leafHash;
    let level = 0;
    let index = this.#size;
    sink?.(level, index, hash);
    while (index % 2 === 1) {
      const left = this.#byLevel[level];
      invariant(left !== undefined && level < TREE_LEVELS_MAX, 'a right child has its left sibling in the range');
      this.#byLevel[level] = undefined;
      hash = hashChildren(left, hash);
      level++;
      index = (index - 1) / 2;
      sink?.(level, index, hash);
    }
    this.#byLevel[level] = hash;
    this.#size++;
  }

  /** MTH(D[0:size]): the tiling folded right to left. */
  root(): Uint8Array {
    let root: Uint8Array | undefined;
    for (const hash of this.#byLevel) {
      if (hash !== undefined) root = root === undefined ? hash : hashChildren(hash, root);
    }
    return root ?? EMPTY_ROOT_HASH;
  }
}

/**
 * MTH of a range from the hashes of its tiling (rangeNodes order): folded right to left,
 * hashChildren(left, accumulated). Valid for the ranges rangeNodes documents.
 */
export function foldTiling(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1];
  if (acc === undefined) return EMPTY_ROOT_HASH;
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i] as Uint8Array, acc);
  return acc;
}
