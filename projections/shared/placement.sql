-- placement: created by the runtime in the file of every projection that lists
-- PLACEMENT_INCLUDE in its includes (projections/shared/placement.ts says why they exist).
-- Editing this file changes those projections' schema: bump their versions.
CREATE TABLE pl_institution (
  institution_id TEXT PRIMARY KEY,
  region_code TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE pl_class (
  class_id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  approved INTEGER NOT NULL,
  refused INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE pl_roster (
  person_ref TEXT NOT NULL,
  class_id TEXT NOT NULL,
  PRIMARY KEY (person_ref, class_id)
) STRICT, WITHOUT ROWID;
