-- merkle-log: the RFC 9162 Merkle tree over every event of the log, as stored (not upcast),
-- in global position order. `$` events and `pii-` streams are not in it.
--
-- Every complete subtree (level, idx) covering leaves [idx·2^level, (idx+1)·2^level): with
-- them any root, inclusion or consistency proof for any size up to the tree's is answered with
-- O(log n) primary-key reads (src/integrity/sqlite-node-store.ts). The tree size is the number
-- of level-0 rows, so it moves with the nodes in the projection's batch transaction.
CREATE TABLE tree_nodes (
  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 53),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- Which event each leaf is: `inclusion?event=ID`, `taizhang prove`, and the export, which
-- reads the store at these positions and checks each event still hashes to its leaf.
CREATE TABLE leaves (
  leaf_index INTEGER PRIMARY KEY CHECK (leaf_index >= 0),
  event_id TEXT NOT NULL,
  position INTEGER NOT NULL
) STRICT;

CREATE INDEX leaves_by_event_id ON leaves (event_id);
