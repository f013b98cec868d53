-- applications: one row per subsidy application, its status as the application
-- aggregate folds it (src/domain/application/state.ts), and what the list queries filter
-- and page on: status, institution, region, subsidy kind and the submission date.

CREATE TABLE application (
  application_id TEXT PRIMARY KEY,
  subsidy_kind TEXT NOT NULL,
  applicant_kind TEXT NOT NULL,
  person_ref TEXT NOT NULL,
  institution_id TEXT,
  class_id TEXT,
  project_id TEXT,
  occupation_code TEXT NOT NULL,
  level TEXT NOT NULL,
  quota_year INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL,
  submitted_on TEXT NOT NULL,
  -- the institution's region; NULL without an institution (the person's regions then apply)
  region_code TEXT,
  status TEXT NOT NULL,
  -- business date the current status began (what review deadlines count from)
  status_since_on TEXT NOT NULL,
  initial_reviewer_id TEXT,
  final_reviewer_id TEXT,
  publicity_start_on TEXT,
  publicity_end_on TEXT,
  objections_open INTEGER NOT NULL,
  objections_raised INTEGER NOT NULL,
  rejection_stage TEXT,
  reason_code TEXT,
  fund_id TEXT,
  payments INTEGER NOT NULL,
  paid_fen INTEGER NOT NULL,
  recovered_fen INTEGER NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX application_by_date ON application (submitted_on, application_id);
CREATE INDEX application_by_status ON application (status, submitted_on, application_id);
CREATE INDEX application_by_institution ON application (institution_id, submitted_on, application_id);
CREATE INDEX application_by_region ON application (region_code, submitted_on, application_id);
CREATE INDEX application_by_person ON application (person_ref, submitted_on, application_id);
