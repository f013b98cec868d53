-- Bearer tokens: only the SHA-256 of a token is stored; the token itself is shown once.
CREATE TABLE tokens (
  token_hash   TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL,
  region       TEXT,
  created_at   TEXT NOT NULL,
  revoked_at   TEXT
) STRICT;
