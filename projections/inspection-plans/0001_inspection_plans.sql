-- inspection-plans: one row per inspection plan (双随机 draws), enough to list plans by
-- region and open one; the plan itself (rosters, design, outcome) is read from its stream
-- (GET /api/v1/inspection-plans/:planId). Drafts are included: only inspectors, admins
-- and auditors read this list.

CREATE TABLE inspection_plan (
  plan_id TEXT PRIMARY KEY,
  -- the region whose office runs the plan (its draft's)
  region_code TEXT NOT NULL,
  title TEXT NOT NULL,
  matter_list_id TEXT NOT NULL,
  matter_id TEXT NOT NULL,
  subjects INTEGER NOT NULL,
  -- drafted | committed | entered | drawn | draw_failed
  stage TEXT NOT NULL,
  replaces_plan_id TEXT,
  drafted_at TEXT NOT NULL,
  -- when the stage was reached (the event's own time field)
  stage_at TEXT NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX inspection_plan_by_region ON inspection_plan (region_code, plan_id);
