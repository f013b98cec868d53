import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { HASH_SIZE_BYTES } from '../../src/integrity/hasher.ts';
import { TILE_WIDTH } from '../../src/integrity/tile-layout.ts';
import { BulkInsert } from '../../src/integrity-log/bulk-insert.ts';

/** One leaf of the log: which event it is. */
export interface LeafRow {
  leafIndex: number;
  eventId: string;
  position: bigint;
}

const POSITION_BYTES = 8;

/** The leaves of one leaf_tiles row, decoded. */
interface LeafTile {
  positions: Buffer;
  eventIds: string[];
}

function readLeafTile(db: SqliteDatabase, tile: number): LeafTile | undefined {
  const row = db.prepare('SELECT positions, event_ids FROM leaf_tiles WHERE tile = ?').get(tile) as { positions: Buffer; event_ids: string } | undefined;
  return row === undefined ? undefined : { positions: row.positions, eventIds: JSON.parse(row.event_ids) as string[] };
}

/** The first leaf of event `eventId` (ids are unique in the store; the lowest index if not). */
export function leafOfEvent(db: SqliteDatabase, eventId: string): LeafRow | undefined {
  const leafIndex = db.prepare('SELECT leaf_index FROM leaf_ids WHERE event_id = ?').pluck().get(eventId) as number | undefined;
  return leafIndex === undefined ? undefined : leafAt(db, leafIndex);
}

export function leafAt(db: SqliteDatabase, leafIndex: number): LeafRow | undefined {
  const tile = Math.floor(leafIndex / TILE_WIDTH);
  const leaves = readLeafTile(db, tile);
  const at = leafIndex - tile * TILE_WIDTH;
  const eventId = leaves?.eventIds[at];
  if (leaves === undefined || eventId === undefined) return undefined;
  return { leafIndex, eventId, position: leaves.positions.readBigInt64LE(at * POSITION_BYTES) };
}

/** Leaves [from, to) with their hashes, in order (for the export). */
export function leavesWithHashes(db: SqliteDatabase, from: number, to: number): { leafIndex: number; eventId: string; position: bigint; hash: Buffer }[] {
  const out: { leafIndex: number; eventId: string; position: bigint; hash: Buffer }[] = [];
  const hashesOf = db.prepare('SELECT hashes FROM tree_tiles WHERE tier = 0 AND tile = ?').pluck();
  for (let tile = Math.floor(from / TILE_WIDTH); tile * TILE_WIDTH < to; tile++) {
    const leaves = readLeafTile(db, tile);
    const hashes = hashesOf.get(tile) as Buffer | undefined;
    if (leaves === undefined || hashes === undefined) break;
    const first = Math.max(from, tile * TILE_WIDTH);
    const end = Math.min(to, tile * TILE_WIDTH + leaves.eventIds.length);
    for (let leafIndex = first; leafIndex < end; leafIndex++) {
      const at = leafIndex - tile * TILE_WIDTH;
      out.push({
        leafIndex,
        eventId: leaves.eventIds[at] as string,
        position: leaves.positions.readBigInt64LE(at * POSITION_BYTES),
        // Level-0 slots come first in a tile (tile-layout.ts): leaf `at` is slot `at`.
        hash: Buffer.from(hashes.subarray(at * HASH_SIZE_BYTES, (at + 1) * HASH_SIZE_BYTES)),
      });
    }
  }
  return out;
}

/** Position of the last leaf, undefined for an empty log. */
export function lastLeafPosition(db: SqliteDatabase): bigint | undefined {
  const row = db.prepare('SELECT tile, positions FROM leaf_tiles ORDER BY tile DESC LIMIT 1').get() as { tile: number; positions: Buffer } | undefined;
  return row === undefined ? undefined : row.positions.readBigInt64LE(row.positions.length - POSITION_BYTES);
}

/**
 * Appends leaves (event ids and positions) after leaf `first`, the tree's size before them:
 * the partial last row is read and rewritten, full rows are inserted, and each id's first
 * leaf is indexed.
 */
export class LeafAppender {
  readonly #db: SqliteDatabase;
  readonly #put;
  readonly #index;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#put = db.prepare('INSERT INTO leaf_tiles (tile, positions, event_ids) VALUES (?, ?, ?) ON CONFLICT (tile) DO UPDATE SET positions = excluded.positions, event_ids = excluded.event_ids');
    this.#index = new BulkInsert(db, 'leaf_ids', ['event_id', 'leaf_index'], { orIgnore: true });
  }

  append(first: number, leaves: readonly { id: string; position: bigint }[]): void {
    let tile = Math.floor(first / TILE_WIDTH);
    let current = first % TILE_WIDTH === 0 ? { positions: Buffer.alloc(0), eventIds: [] } : readLeafTile(this.#db, tile);
    if (current === undefined || current.eventIds.length !== first % TILE_WIDTH) throw new Error(`merkle-log: leaf row ${tile} does not end at leaf ${first}`);
    let positions = Buffer.alloc(TILE_WIDTH * POSITION_BYTES);
    current.positions.copy(positions);
    let ids = current.eventIds;
    let leafIndex = first;
    const index: unknown[] = [];
    for (const leaf of leaves) {
      positions.writeBigInt64LE(leaf.position, ids.length * POSITION_BYTES);
      ids.push(leaf.id);
      index.push(leaf.id, leafIndex++);
      if (ids.length === TILE_WIDTH) {
        this.#put.run(tile++, positions, JSON.stringify(ids));
        positions = Buffer.alloc(TILE_WIDTH * POSITION_BYTES);
        ids = [];
      }
    }
    if (ids.length > 0) this.#put.run(tile, positions.subarray(0, ids.length * POSITION_BYTES), JSON.stringify(ids));
    // OR IGNORE: an id met again keeps its first leaf.
    this.#index.run(index);
  }
}
