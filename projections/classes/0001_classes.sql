-- classes: each real-name class (实名制培训) with its attendance and hours totals, and
-- per trainee (personRef) the sessions and hours checked in, the hours declared at
-- completion and the assessment result.

CREATE TABLE class (
  class_id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  project_id TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  level TEXT NOT NULL,
  standard_hours INTEGER NOT NULL,
  planned_hours INTEGER NOT NULL,
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  roster_size INTEGER NOT NULL,
  teachers INTEGER NOT NULL,
  -- requested, approved, refused, completed (src/domain/class/state.ts)
  status TEXT NOT NULL,
  decided_on TEXT,
  reviewer_id TEXT,
  refusal_reason TEXT,
  completed_on TEXT,
  sessions INTEGER NOT NULL,
  -- hours taught: the sum of the sessions' hours
  session_hours INTEGER NOT NULL,
  check_ins INTEGER NOT NULL,
  check_ins_passed INTEGER NOT NULL,
  check_ins_by_face INTEGER NOT NULL,
  -- trainee-hours checked in: each passed check-in counts its session's hours
  attended_hours INTEGER NOT NULL,
  -- declared at completion: trainees with hours, and their hours summed
  completed_trainees INTEGER NOT NULL,
  completed_hours INTEGER NOT NULL,
  last_assessed_on TEXT,
  assessed INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX class_by_start ON class (start_on, class_id);
CREATE INDEX class_by_institution ON class (institution_id, start_on, class_id);
CREATE INDEX class_by_region ON class (region_code, start_on, class_id);

CREATE TABLE class_trainee (
  class_id TEXT NOT NULL,
  person_ref TEXT NOT NULL,
  sessions_attended INTEGER NOT NULL,
  hours_checked_in INTEGER NOT NULL,
  check_ins_failed INTEGER NOT NULL,
  -- declared at completion (NULL before, or when left out)
  completed_hours INTEGER,
  -- 1 passed, 0 failed, NULL not assessed
  passed INTEGER,
  certificate_level TEXT,
  PRIMARY KEY (class_id, person_ref)
) STRICT, WITHOUT ROWID;

CREATE TABLE pl_institution (
  institution_id TEXT PRIMARY KEY,
  region_code TEXT NOT NULL
) STRICT, WITHOUT ROWID;
