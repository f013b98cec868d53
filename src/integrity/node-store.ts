/**
 * Where the Merkle tree keeps its hashes: the hash of every complete subtree
 * (level, index) of the tree integrated so far (fewer than 2n for n leaves; a complete
 * subtree's hash never changes), plus the tree size. With them any root, any
 * inclusion and any consistency proof for any size up to the stored one is answered
 * with O(log n) reads and no recomputation: a complete subtree of a smaller tree is a
 * complete subtree of every larger one.
 *
 * Reads and writes are batched so that a SQLite implementation (the integrity
 * projection) makes one statement round per proof or per append batch. Synchronous on
 * purpose: better-sqlite3 is, and the tree's callers run inside the projection's
 * transaction.
 */
import type { NodeId } from './tree-math.ts';

export interface StoredNode extends NodeId {
  /** SHA-256 node hash, 32 bytes. */
  readonly hash: Uint8Array;
}

export interface TreeNodeStore {
  /** Number of leaves integrated; 0 for a new store. */
  readTreeSize(): number;
  /**
   * The hashes of the given complete subtrees, in the order asked. Throws
   * MissingNodeError if one is absent: the tree only asks for nodes that must exist.
   */
  readNodes(ids: readonly NodeId[]): Uint8Array[];
  /**
   * Records new complete-subtree hashes and the tree size they bring the tree to, all
   * or nothing. Nodes already stored are never rewritten (append-only).
   */
  writeNodes(nodes: readonly StoredNode[], treeSize: number): void;
}
