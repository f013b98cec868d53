/**
 * Where a complete subtree's hash lives when hashes are kept 510 to a row (sqlite-tile-store.ts).
 *
 * Tier t holds tree levels 8t … 8t+7. Tile T of tier t is the height-8 slice of the tree
 * whose bottom row is nodes [256·T, 256·T + 256) of level 8t: 256 + 128 + … + 2 = 510 slots,
 * level by level, bottom first. The tile's top (level 8t+8) is a bottom slot of tier t+1,
 * so every complete subtree has exactly one slot. Its `width` is how many bottom nodes it
 * has; a slot above is filled once the subtree under it is complete. Like C2SP tlog-tiles,
 * but with the inner levels stored rather than recomputed, so a proof reads one row per
 * tier (≤ 7) and hashes nothing.
 */
import { HASH_SIZE_BYTES } from './hasher.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;
/** Slots per tile: levels 0 … 7 of the tile, 256 + 128 + … + 2. */
export const TILE_SLOTS = 2 * TILE_WIDTH - 2;
export const TILE_BYTES = TILE_SLOTS * HASH_SIZE_BYTES;

export interface SlotAddress {
  tier: number;
  tile: number;
  /** Index into the tile's slots (times 32 for the byte offset). */
  slot: number;
  /** Level inside the tile, 0 … 7. */
  localLevel: number;
  /** Index of the node within its level inside the tile. */
  localIndex: number;
}

/** First slot of local level l: 256 + 128 + … for the levels below it. */
function levelStart(localLevel: number): number {
  return 2 * TILE_WIDTH - (2 * TILE_WIDTH >> localLevel);
}

/** The slot of node `index` at tree level `level`. */
export function slotOf(level: number, index: number): SlotAddress {
  const tier = Math.floor(level / TILE_HEIGHT);
  const localLevel = level - tier * TILE_HEIGHT;
  const perTile = TILE_WIDTH >> localLevel;
  const tile = Math.floor(index / perTile);
  const localIndex = index - tile * perTile;
  return { tier, tile, slot: levelStart(localLevel) + localIndex, localLevel, localIndex };
}

/** Whether the slot holds a hash in a tile of `width` bottom nodes (its subtree is complete). */
export function slotFilled(address: SlotAddress, width: number): boolean {
  return (address.localIndex + 1) << address.localLevel <= width;
}
