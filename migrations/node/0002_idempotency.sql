-- Idempotency-Key records: the first request with a key claims it (pending), and its
-- answer is stored when done, so a replay gets the same status and body after a restart.
CREATE TABLE idempotency_keys (
  principal_id  TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  seed          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  status_code   INTEGER,
  response_body TEXT,
  completed_at  TEXT,
  PRIMARY KEY (principal_id, key)
) STRICT;
