-- Public disclosure (双随机、一公开) of inspection results: one row per inspection, from its
-- opening to the publication of its results. Only what may be public is kept: the basis
-- kind (never a special inspection's stated basis, which is free text), the institution,
-- the region, the matters checked, the dates, and whether and when results were published.
-- Inspectors, evidence and notes stay in the event log. Whether an unpublished result is
-- overdue depends on the day asked, so it is computed at query time (asOf).

CREATE TABLE disclosure_inspection (
  inspection_id TEXT PRIMARY KEY,
  basis_kind TEXT NOT NULL,             -- draw | special
  institution_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  matter_codes TEXT NOT NULL,           -- JSON array of matter codes
  started_on TEXT NOT NULL,
  ended_on TEXT,                        -- set on completion; the publication clock starts here
  publication_due_on TEXT,
  subjects_with_findings INTEGER,
  published_on TEXT,
  publication_ref TEXT,
  published_on_time INTEGER             -- 1 on or before publication_due_on, 0 late
) STRICT, WITHOUT ROWID;

CREATE INDEX disclosure_inspection_by_due ON disclosure_inspection (publication_due_on, inspection_id);
CREATE INDEX disclosure_inspection_by_region ON disclosure_inspection (region_code);
