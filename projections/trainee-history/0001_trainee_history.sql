-- trainee-history: every subsidy claim of each person (entitlement-{personRef} streams),
-- what the yearly quota and the once-per-occupation-and-level rules count, with the
-- amount and recoveries of the application behind each claim.

CREATE TABLE claim (
  person_ref TEXT NOT NULL,
  application_id TEXT NOT NULL,
  subsidy_kind TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  level TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  year INTEGER NOT NULL,
  shortage_occupation INTEGER NOT NULL,
  reserved_on TEXT NOT NULL,
  -- reserved (counts), paid (counts), released (no longer counts)
  status TEXT NOT NULL,
  released_on TEXT,
  release_reason TEXT,
  paid_on TEXT,
  payment_id TEXT,
  -- from the application (NULL until it is submitted, right after the claim)
  amount_fen INTEGER,
  recovered_fen INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  PRIMARY KEY (person_ref, application_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX claim_by_application ON claim (application_id);
