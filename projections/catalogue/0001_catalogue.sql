-- catalogue: the catalogue of subsidised training projects (the first of 两目录), one
-- row per project and one per version of its terms; the terms in force on a date are a
-- query with `asOf` (queries.ts mirrors termsOn of src/domain/catalogue/project-in-force.ts).

CREATE TABLE project (
  catalogue_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  level TEXT NOT NULL,
  first_day TEXT NOT NULL,
  -- last day in force (inclusive); NULL while open-ended
  last_day TEXT,
  retired INTEGER NOT NULL,
  retired_reason TEXT,
  source TEXT NOT NULL,
  last_position INTEGER NOT NULL,
  PRIMARY KEY (catalogue_id, project_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX project_by_occupation ON project (occupation_code, level, catalogue_id, project_id);

CREATE TABLE project_terms (
  catalogue_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  occupation_name TEXT NOT NULL,
  standard_hours INTEGER NOT NULL,
  rate_fen INTEGER NOT NULL,
  source TEXT NOT NULL,
  reason TEXT,
  PRIMARY KEY (catalogue_id, project_id, position)
) STRICT, WITHOUT ROWID;
