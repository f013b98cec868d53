/**
 * The append-only Merkle tree of RFC 9162 §2.1 over a TreeNodeStore: integrates leaf
 * hashes in log order, and answers roots and proofs for any size up to the current one.
 *
 * It keeps no state of its own between calls: every call reads what it needs (the
 * tree size and the O(log n) hashes of the compact range) from the store. So a caller
 * whose transaction rolled back, or another process that appended meanwhile, never
 * leaves it holding a stale frontier. Each append batch is one read and one write.
 */
import { CompactRange, foldTiling } from './compact-range.ts';
import { buildConsistencyProof } from './consistency-proof.ts';
import { TreeRangeError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import { buildInclusionProof } from './inclusion-proof.ts';
import type { StoredNode, TreeNodeStore } from './node-store.ts';
import { assertIndex, rangeNodes } from './tree-math.ts';

export class MerkleTree {
  readonly #store: TreeNodeStore;

  constructor(store: TreeNodeStore) {
    this.#store = store;
  }

  /** Number of leaves integrated. */
  size(): number {
    return this.#store.readTreeSize();
  }

  /**
   * Integrates leaf hashes (SHA-256(0x00 || entry), see hasher.ts) as leaves size,
   * size + 1, ..., writing every subtree they complete in one batch. Returns the new size.
   */
  appendLeafHashes(leafHashes: readonly Uint8Array[]): number {
    leafHashes.forEach((hash, i) => {
      if (hash.length !== HASH_SIZE_BYTES) throw new TreeRangeError(`leafHashes[${i}].length`, String(HASH_SIZE_BYTES), String(hash.length));
    });
    const range = this.#compactRange(this.size());
    const written: StoredNode[] = [];
    const sink = (level: number, index: number, hash: Uint8Array): void => {
      written.push({ level, index, hash });
    };
    for (const hash of leafHashes) range.append(hash, sink);
    this.#store.writeNodes(written, range.size);
    return range.size;
  }

  /** MTH(D[0:treeSize]) for any treeSize ≤ size() (RFC 9162 §2.1.1); the current root by default. */
  rootHash(treeSize: number = this.size()): Uint8Array {
    assertIndex('treeSize', treeSize, 0, this.size());
    return foldTiling(this.#store.readNodes(rangeNodes(0, treeSize)));
  }

  /** The stored leaf hash of entry `leafIndex`. */
  leafHash(leafIndex: number): Uint8Array {
    assertIndex('leafIndex', leafIndex, 0, this.size() - 1);
    const [hash] = this.#store.readNodes([{ level: 0, index: leafIndex }]);
    return hash as Uint8Array;
  }

  /** RFC 9162 §2.1.3.1 inclusion proof of `leafIndex` in the tree of `treeSize` leaves (default: current). */
  inclusionProof(leafIndex: number, treeSize: number = this.size()): Uint8Array[] {
    return buildInclusionProof(this.#store, leafIndex, treeSize);
  }

  /** RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` leaves (default: current). */
  consistencyProof(size1: number, size2: number = this.size()): Uint8Array[] {
    return buildConsistencyProof(this.#store, size1, size2);
  }

  #compactRange(treeSize: number): CompactRange {
    if (treeSize === 0) return CompactRange.empty();
    return CompactRange.fromTiling(treeSize, this.#store.readNodes(rangeNodes(0, treeSize)));
  }
}

/** MTH(D[0:n]) of a list of leaf hashes, streaming, without a store (e.g. to check a bundle). */
export function merkleTreeHash(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const range = CompactRange.empty();
  for (const hash of leafHashes) range.append(hash);
  return range.root();
}
