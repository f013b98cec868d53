/**
 * Read answers of the Merkle log from a merkle-log projection file (the served reader of a
 * running server, or a read-only connection of a CLI): sizes, leaves, roots and RFC 9162
 * proofs, each from O(log n) stored subtrees. Every answer reads inside one read
 * transaction, so it is of one tree even while the writer appends.
 */
import { leafAt, leafOfEvent, type LeafRow } from '../../projections/merkle-log/queries.ts';
import { MerkleTree } from '../integrity/merkle-tree.ts';
import { SqliteTileStore } from '../integrity/sqlite-tile-store.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';

export interface InclusionAnswer {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: Uint8Array[];
}

export class LogView {
  readonly #db: SqliteDatabase;
  readonly tree: MerkleTree;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.tree = new MerkleTree(new SqliteTileStore(db));
  }

  /** Runs `read` in one read transaction (a snapshot of the tree). */
  snapshot<T>(read: (view: LogView) => T): T {
    return this.#db.transaction(() => read(this))();
  }

  size(): number {
    return this.tree.size();
  }

  leafOfEvent(eventId: string): LeafRow | undefined {
    return leafOfEvent(this.#db, eventId);
  }

  leafAt(leafIndex: number): LeafRow | undefined {
    return leafAt(this.#db, leafIndex);
  }

  /** Inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves (TreeRangeError outside the tree). */
  inclusion(leafIndex: number, treeSize: number): InclusionAnswer {
    return this.snapshot(() => {
      const proof = this.tree.inclusionProof(leafIndex, treeSize);
      return { leafIndex, treeSize, leafHash: this.tree.leafHash(leafIndex), proof };
    });
  }

  consistency(size1: number, size2: number): Uint8Array[] {
    return this.snapshot(() => this.tree.consistencyProof(size1, size2));
  }

  root(treeSize: number): Uint8Array {
    return this.snapshot(() => this.tree.rootHash(treeSize));
  }
}
