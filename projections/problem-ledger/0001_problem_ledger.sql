-- problem-ledger: the 问题台账. One row per finding with every field the register keeps,
-- from its raising to its closing (销号) or withdrawal; recovery orders and the money the
-- funds recorded as recovered for each finding; institution names for the register.
-- Deadlines are the business dates the finding's events carry: whether a row is overdue
-- or due soon depends on the day asked, so it is computed at query time (asOf), never stored.

CREATE TABLE ledger_finding (
  finding_id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  inspection_id TEXT,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  institution_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  class_ids TEXT NOT NULL,              -- JSON array of ids
  application_ids TEXT NOT NULL,        -- JSON array of ids
  payment_ids TEXT NOT NULL,            -- JSON array of ids
  amount_involved_fen INTEGER NOT NULL,
  responsible_unit TEXT NOT NULL,
  responsible_person_masked TEXT,       -- masked name only (张*); never the name
  responsible_person_ref TEXT,          -- keyed pseudonym, when known
  responsible_person_role TEXT,
  measures_required TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  raised_on TEXT NOT NULL,
  notice_on TEXT NOT NULL,
  deadline_working_days INTEGER NOT NULL,
  deadline_on TEXT NOT NULL,            -- in force: moved by approved extensions
  extension_count INTEGER NOT NULL,
  status TEXT NOT NULL,                 -- open | rectification_submitted | verified | closed | withdrawn
  submission_count INTEGER NOT NULL,
  last_submitted_on TEXT,
  last_submitted_on_time INTEGER,       -- 1 on or before the deadline in force, 0 late
  measures_taken TEXT,
  rejection_count INTEGER NOT NULL,
  last_rejection_reasons TEXT,
  verification_conclusion TEXT,
  verified_by TEXT,
  verified_on TEXT,
  closed_by TEXT,
  closed_on TEXT,
  withdrawn_on TEXT,
  withdrawal_reason TEXT,
  sanction_count INTEGER NOT NULL,
  last_sanction_step TEXT
) STRICT, WITHOUT ROWID;

CREATE INDEX ledger_finding_by_number ON ledger_finding (number, finding_id);
CREATE INDEX ledger_finding_by_deadline ON ledger_finding (status, deadline_on);
CREATE INDEX ledger_finding_by_institution ON ledger_finding (institution_id);
CREATE INDEX ledger_finding_by_region ON ledger_finding (region_code);
CREATE INDEX ledger_finding_by_category ON ledger_finding (category);

-- What each order asks back (withdrawn orders kept, marked).
CREATE TABLE ledger_recovery_order (
  order_id TEXT PRIMARY KEY,
  finding_id TEXT NOT NULL,
  ordered_fen INTEGER NOT NULL,
  status TEXT NOT NULL,                 -- issued | withdrawn
  issued_on TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX ledger_recovery_order_by_finding ON ledger_recovery_order (finding_id);

-- Money back per finding, from the funds' FundRecoveryReceived (the authority on money),
-- whether it came under an order or was recorded on the application directly.
CREATE TABLE ledger_finding_recovery (
  finding_id TEXT PRIMARY KEY,
  recovered_fen INTEGER NOT NULL,
  recovery_count INTEGER NOT NULL,
  last_recovered_on TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Institution names (public catalogue data) for the register's rows.
CREATE TABLE ledger_institution (
  institution_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL
) STRICT, WITHOUT ROWID;
