-- The Merkle-log leaf hash of each event, SHA-256(0x00 || RFC 8785 of its envelope),
-- computed by the writer at append (src/eventstore/sqlite/leaf-hash.ts) so the log
-- integrates 32 bytes per event instead of re-reading and re-canonicalising its text.
-- Rows appended before this migration keep NULL, and so does an event whose envelope has
-- no canonical form: the log hashes those from their text, as it always did.
ALTER TABLE events ADD COLUMN leaf_hash BLOB CHECK (leaf_hash IS NULL OR length(leaf_hash) = 32);
