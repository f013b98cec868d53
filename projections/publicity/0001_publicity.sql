-- publicity (公示): the lists of recipients and amounts published before payment, as the
-- public sees them: a masked name (张*), never an identity number or a personRef in an
-- answer. Which applications are on the list on a date is a query with `asOf`.

CREATE TABLE pub_application (
  application_id TEXT PRIMARY KEY,
  -- kept to find the masked name; never returned by a query
  person_ref TEXT NOT NULL,
  subsidy_kind TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  level TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  institution_id TEXT,
  -- the institution's region; NULL without an institution
  region_code TEXT,
  start_on TEXT,
  end_on TEXT,
  working_days INTEGER,
  objections_open INTEGER NOT NULL,
  -- 1 once rejected or withdrawn: off the list
  withdrawn INTEGER NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX pub_by_end ON pub_application (end_on, start_on, application_id);
CREATE INDEX pub_by_region ON pub_application (region_code, end_on);

CREATE TABLE pub_trainee (
  person_ref TEXT PRIMARY KEY,
  masked_name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE pub_institution (
  institution_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  region_code TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- the latest name the catalogue gave the occupation
CREATE TABLE pub_occupation (
  occupation_code TEXT PRIMARY KEY,
  occupation_name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE pub_project (
  catalogue_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  PRIMARY KEY (catalogue_id, project_id)
) STRICT, WITHOUT ROWID;
