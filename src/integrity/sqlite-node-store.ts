/**
 * TreeNodeStore in a SQLite file: the table
 *
 *   tree_nodes (level INTEGER, idx INTEGER, hash BLOB(32), PRIMARY KEY (level, idx)) WITHOUT ROWID
 *
 * holding every complete subtree of the tree (projections/merkle-log creates it). The tree
 * size is not a separate row: it is the number of leaves, the level-0 nodes, read with one
 * primary-key seek. So the size and the nodes can never disagree, and whatever transaction
 * writes nodes (the merkle-log projection's batch, which also moves the projection's
 * checkpoint) moves the size with them, all or nothing.
 *
 * Synchronous like better-sqlite3; a proof is O(log n) primary-key lookups.
 */
import { invariant } from '../domain/decider.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { MissingNodeError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import type { StoredNode, TreeNodeStore } from './node-store.ts';
import type { NodeId } from './tree-math.ts';

export const TREE_NODES_TABLE = 'tree_nodes';

export class SqliteNodeStore implements TreeNodeStore {
  readonly #db: SqliteDatabase;
  readonly #sql;

  /** Over `db`, which holds the tree_nodes table. A query-only connection can answer reads. */
  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#sql = {
      lastLeaf: db.prepare('SELECT idx FROM tree_nodes WHERE level = 0 ORDER BY idx DESC LIMIT 1').pluck(),
      node: db.prepare('SELECT hash FROM tree_nodes WHERE level = ? AND idx = ?').pluck(),
      insert: db.prepare('INSERT INTO tree_nodes (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT (level, idx) DO NOTHING'),
    };
  }

  readTreeSize(): number {
    const last = this.#sql.lastLeaf.get() as number | undefined;
    return last === undefined ? 0 : last + 1;
  }

  readNodes(ids: readonly NodeId[]): Uint8Array[] {
    if (ids.length === 0) return [];
    return this.#db.transaction(() =>
      ids.map(({ level, index }) => {
        const hash = this.#sql.node.get(level, index) as Buffer | undefined;
        if (hash === undefined) throw new MissingNodeError(level, index, this.readTreeSize());
        return hash;
      }),
    )();
  }

  /**
   * Inserts the nodes and checks that the tree then has `treeSize` leaves, in one
   * transaction (a savepoint inside the caller's). A node already stored with the same
   * hash is left alone; with another hash it is refused: complete subtrees never change.
   */
  writeNodes(nodes: readonly StoredNode[], treeSize: number): void {
    this.#db.transaction(() => {
      for (const node of nodes) this.#insertNode(node.level, node.index, node.hash);
      const size = this.readTreeSize();
      invariant(size === treeSize, `the node store holds ${size} leaves after the write, not ${treeSize}`);
    })();
  }

  /** One node: a node already stored must have the same hash (complete subtrees never change). */
  #insertNode(level: number, index: number, hash: Uint8Array): void {
    invariant(hash.length === HASH_SIZE_BYTES, 'node hashes are 32 bytes');
    if (this.#sql.insert.run(level, index, hash).changes === 1) return;
    const stored = this.#sql.node.get(level, index) as Buffer;
    invariant(stored.equals(hash), `node (${level}, ${index}) is stored with another hash: a complete subtree never changes`);
  }
}
