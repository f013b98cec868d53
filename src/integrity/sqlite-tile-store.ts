/**
 * TreeNodeStore in a SQLite file, 510 complete-subtree hashes to a row (tile-layout.ts):
 *
 *   tree_tiles (tier, tile, width, hashes BLOB(510 × 32), PRIMARY KEY (tier, tile))
 *
 * (projections/merkle-log creates it). A row per node cost more in crossing into SQLite and
 * in B-tree work than hashing the leaf itself; a row per 256 leaves costs next to nothing.
 * The tree size is not a separate row: it is 256 × the last tier-0 tile + its width, so the
 * size and the hashes are written together, all or nothing, by whatever transaction writes
 * tiles (the merkle-log projection's batch, which also moves the projection's checkpoint).
 *
 * A proof reads one row per tier it touches (at most 7) and recomputes nothing.
 */
import { invariant } from '../domain/decider.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { MissingNodeError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import type { StoredNode, TreeNodeStore } from './node-store.ts';
import { slotFilled, slotOf, TILE_BYTES, TILE_WIDTH } from './tile-layout.ts';
import type { NodeId } from './tree-math.ts';

/** One number per (tier, tile): tiers are < 8 and tiles < 2^45, so it stays below 2^53. */
const tileKey = (tier: number, tile: number): number => tile * 8 + tier;

interface TileRow {
  width: number;
  hashes: Buffer;
}

/** Prepared statements over the tree_tiles table. */
class TileSql {
  readonly #last;
  readonly #get;
  readonly #put;

  constructor(db: SqliteDatabase) {
    this.#last = db.prepare('SELECT tile, width FROM tree_tiles WHERE tier = 0 ORDER BY tile DESC LIMIT 1');
    this.#get = db.prepare('SELECT width, hashes FROM tree_tiles WHERE tier = ? AND tile = ?');
    this.#put = db.prepare('INSERT INTO tree_tiles (tier, tile, width, hashes) VALUES (?, ?, ?, ?) ON CONFLICT (tier, tile) DO UPDATE SET width = excluded.width, hashes = excluded.hashes');
  }

  treeSize(): number {
    const last = this.#last.get() as { tile: number; width: number } | undefined;
    return last === undefined ? 0 : last.tile * TILE_WIDTH + last.width;
  }

  get(tier: number, tile: number): TileRow | undefined {
    return this.#get.get(tier, tile) as TileRow | undefined;
  }

  put(tier: number, tile: number, row: TileRow): void {
    this.#put.run(tier, tile, row.width, row.hashes);
  }
}

/**
 * Gathers new nodes into their tiles and writes each touched tile once. Tiles are read
 * from the file on first touch, so the writer holds nothing across transactions: a batch
 * that rolled back leaves no tile behind in memory.
 */
export class TileWriter {
  readonly #sql: TileSql;
  /** Touched tiles; `storedWidth` is the width in the file, which says which slots were already written. */
  readonly #dirty = new Map<number, { tier: number; tile: number; row: TileRow; storedWidth: number }>();

  constructor(db: SqliteDatabase) {
    this.#sql = new TileSql(db);
  }

  /** Puts one complete node's hash in its slot (a node already there must have the same hash). */
  set(level: number, index: number, hash: Uint8Array): void {
    const address = slotOf(level, index);
    const key = tileKey(address.tier, address.tile);
    let entry = this.#dirty.get(key);
    if (entry === undefined) {
      const row = this.#sql.get(address.tier, address.tile) ?? { width: 0, hashes: Buffer.alloc(TILE_BYTES) };
      entry = { tier: address.tier, tile: address.tile, row, storedWidth: row.width };
      this.#dirty.set(key, entry);
    }
    const offset = address.slot * HASH_SIZE_BYTES;
    if (slotFilled(address, entry.storedWidth)) {
      invariant(entry.row.hashes.compare(hash, 0, HASH_SIZE_BYTES, offset, offset + HASH_SIZE_BYTES) === 0, `node (${level}, ${index}) is stored with another hash: a complete subtree never changes`);
      return;
    }
    entry.row.hashes.set(hash, offset);
    if (address.localLevel === 0) entry.row.width = Math.max(entry.row.width, address.localIndex + 1);
  }

  /** Writes every touched tile; the writer is then empty. */
  flush(): void {
    for (const { tier, tile, row } of this.#dirty.values()) this.#sql.put(tier, tile, row);
    this.#dirty.clear();
  }

  /** Forgets touched tiles without writing them (the transaction is rolling back). */
  discard(): void {
    this.#dirty.clear();
  }
}

export class SqliteTileStore implements TreeNodeStore {
  readonly #db: SqliteDatabase;
  readonly #sql: TileSql;

  /** Over `db`, which holds the tree_tiles table. A query-only connection can answer reads. */
  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#sql = new TileSql(db);
  }

  readTreeSize(): number {
    return this.#sql.treeSize();
  }

  /** One read transaction, one row per tile touched (a proof's nodes share a tile per tier). */
  readNodes(ids: readonly NodeId[]): Uint8Array[] {
    if (ids.length === 0) return [];
    return this.#db.transaction(() => {
      const tiles = new Map<number, TileRow | undefined>();
      return ids.map(({ level, index }) => {
        const address = slotOf(level, index);
        const key = tileKey(address.tier, address.tile);
        if (!tiles.has(key)) tiles.set(key, this.#sql.get(address.tier, address.tile));
        const row = tiles.get(key);
        if (row === undefined || !slotFilled(address, row.width)) throw new MissingNodeError(level, index, this.readTreeSize());
        const offset = address.slot * HASH_SIZE_BYTES;
        return row.hashes.subarray(offset, offset + HASH_SIZE_BYTES);
      });
    })();
  }

  /**
   * Inserts the nodes and checks that the tree then has `treeSize` leaves, in one
   * transaction (a savepoint inside the caller's). A node already stored with the same
   * hash is left alone; with another hash it is refused: complete subtrees never change.
   */
  writeNodes(nodes: readonly StoredNode[], treeSize: number): void {
    this.#db.transaction(() => {
      const writer = new TileWriter(this.#db);
      for (const node of nodes) {
        invariant(node.hash.length === HASH_SIZE_BYTES, 'node hashes are 32 bytes');
        writer.set(node.level, node.index, node.hash);
      }
      writer.flush();
      const size = this.readTreeSize();
      invariant(size === treeSize, `the node store holds ${size} leaves after the write, not ${treeSize}`);
    })();
  }
}
