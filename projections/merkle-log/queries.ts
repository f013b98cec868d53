import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';

/** One leaf of the log: which event it is. */
export interface LeafRow {
  leafIndex: number;
  eventId: string;
  position: bigint;
}

/** The first leaf of event `eventId` (ids are unique in the store; the lowest index if not). */
export function leafOfEvent(db: SqliteDatabase, eventId: string): LeafRow | undefined {
  const row = db.prepare('SELECT leaf_index, event_id, position FROM leaves WHERE event_id = ? ORDER BY leaf_index LIMIT 1').safeIntegers(true).get(eventId) as RawLeaf | undefined;
  return row === undefined ? undefined : toLeaf(row);
}

export function leafAt(db: SqliteDatabase, leafIndex: number): LeafRow | undefined {
  const row = db.prepare('SELECT leaf_index, event_id, position FROM leaves WHERE leaf_index = ?').safeIntegers(true).get(leafIndex) as RawLeaf | undefined;
  return row === undefined ? undefined : toLeaf(row);
}

/** Leaves [from, to) with their hashes, in order, a page at a time (for the export). */
export function leavesWithHashes(db: SqliteDatabase, from: number, to: number): { leafIndex: number; eventId: string; position: bigint; hash: Buffer }[] {
  const rows = db
    .prepare(
      `SELECT l.leaf_index, l.event_id, l.position, n.hash FROM leaves l JOIN tree_nodes n ON n.level = 0 AND n.idx = l.leaf_index
       WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index`,
    )
    .safeIntegers(true)
    .all(from, to) as (RawLeaf & { hash: Buffer })[];
  return rows.map((r) => ({ ...toLeaf(r), hash: r.hash }));
}

interface RawLeaf {
  leaf_index: bigint;
  event_id: string;
  position: bigint;
}

function toLeaf(row: RawLeaf): LeafRow {
  return { leafIndex: Number(row.leaf_index), eventId: row.event_id, position: row.position };
}
