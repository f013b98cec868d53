-- payment-trace: every event on the way of an application's money, from the fund that
-- received the allocation to the bank's answer and any recovery, each with its event id,
-- global position, actor, time and amount. Rows are the events' own facts; the chain of
-- one application is its links (and its fund's links before the commitment) in position order.

CREATE TABLE trace_application (
  application_id TEXT PRIMARY KEY,
  subsidy_kind TEXT NOT NULL,
  person_ref TEXT NOT NULL,
  institution_id TEXT,
  -- the institution's region; NULL when there is no institution (the person's regions then apply)
  region_code TEXT,
  amount_fen INTEGER NOT NULL,
  -- the fund that committed the money, and where (NULL until approved)
  fund_id TEXT,
  committed_position INTEGER
) STRICT, WITHOUT ROWID;

-- step: submitted, initial_review, final_review, rejected, publicity, objection_raised,
-- objection_resolved, commitment, approval, commitment_released, withdrawn,
-- payment_instructed (fund), instruction_recorded (application), bank_confirmed (fund),
-- paid (application), bank_bounced (fund), bounce_recorded (application),
-- recovery_received (fund), recovery_recorded (application)
CREATE TABLE trace_link (
  -- global positions are unique: the rowid, so links are appended in order
  position INTEGER PRIMARY KEY,
  application_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  -- the event's type and stream follow from the step (steps.ts)
  step TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  amount_fen INTEGER,
  fund_id TEXT,
  payment_id TEXT,
  -- small JSON object of the event's codes and references (never personal data)
  detail TEXT NOT NULL
) STRICT;

CREATE INDEX trace_link_by_application ON trace_link (application_id, position);

-- step: fund_opened, allocation, adjustment
CREATE TABLE trace_fund_link (
  fund_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  step TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  business_date TEXT NOT NULL,
  amount_fen INTEGER,
  detail TEXT NOT NULL,
  PRIMARY KEY (fund_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE trace_payment (
  payment_id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL,
  fund_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;
