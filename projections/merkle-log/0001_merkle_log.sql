-- merkle-log: the RFC 9162 Merkle tree over every event of the log, as stored (not upcast),
-- in global position order. `$` events and `pii-` streams are not in it.
--
-- Every complete subtree's hash, 510 to a row (src/integrity/tile-layout.ts): tile `tile` of
-- tier `tier` holds levels 8·tier … 8·tier+7 above nodes [256·tile, 256·tile + 256) of level
-- 8·tier; `width` is how many of those bottom nodes it has. With them any root, inclusion or
-- consistency proof for any size up to the tree's is answered with one primary-key read per
-- tier (src/integrity/sqlite-tile-store.ts). The tree size is 256 × the last tier-0 tile +
-- its width, so it moves with the hashes in the projection's batch transaction.
CREATE TABLE tree_tiles (
  tier INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 6),
  tile INTEGER NOT NULL CHECK (tile >= 0),
  width INTEGER NOT NULL CHECK (width BETWEEN 1 AND 256),
  hashes BLOB NOT NULL CHECK (length(hashes) = 16320),
  PRIMARY KEY (tier, tile)
) STRICT;

-- Which event each leaf is, 256 leaves to a row (those of tier-0 tile `tile`): the export
-- reads the store at these positions and checks each event still hashes to its leaf.
-- `positions` is one 8-byte little-endian integer per leaf; `event_ids` a JSON array.
CREATE TABLE leaf_tiles (
  tile INTEGER PRIMARY KEY CHECK (tile >= 0),
  positions BLOB NOT NULL,
  event_ids TEXT NOT NULL
) STRICT;

-- `inclusion?event=ID` and `taizhang prove`: the first leaf of each event id.
CREATE TABLE leaf_ids (
  event_id TEXT PRIMARY KEY,
  leaf_index INTEGER NOT NULL CHECK (leaf_index >= 0)
) STRICT, WITHOUT ROWID;
