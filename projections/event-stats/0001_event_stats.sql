-- event-stats: how many events of each type and of each stream category the log holds,
-- and where each first and last appears. Positions and times are the events' own.

CREATE TABLE event_type_stats (
  event_type TEXT PRIMARY KEY,
  event_count INTEGER NOT NULL,
  first_position INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  first_recorded_at TEXT NOT NULL,
  last_recorded_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- category: the stream name before its first hyphen (`{category}-{id}`, EventStoreDB's
-- $by_category convention). stream_count counts revision-0 events: each stream has one.
CREATE TABLE stream_category_stats (
  category TEXT PRIMARY KEY,
  event_count INTEGER NOT NULL,
  stream_count INTEGER NOT NULL,
  first_position INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  first_recorded_at TEXT NOT NULL,
  last_recorded_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
