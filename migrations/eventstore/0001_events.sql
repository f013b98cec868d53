-- The event log. `position` is the rowid: SQLite assigns max(position) + 1 inside the
-- writing transaction, and rows are never deleted, so positions are dense from 1 in
-- commit order (the Merkle log numbers its leaves by them).
CREATE TABLE events (
  position INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  -- JSON text exactly as acknowledged: JSON.stringify of the caller's data and metadata.
  data TEXT NOT NULL,
  metadata TEXT NOT NULL
) STRICT;

-- Revision check and readStream; also makes (stream, revision) unique.
CREATE UNIQUE INDEX events_stream_revision ON events (stream, revision);
-- Idempotency key. UUIDv7 ids grow with time, so this index fills at its right edge.
CREATE UNIQUE INDEX events_id ON events (id);

-- Append-only, enforced by the file itself, not only by the code that writes it.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;
