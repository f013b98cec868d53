-- institutions: the catalogue of approved training institutions (the second of 两目录):
-- each institution's register entry, its status, occupation and grade timelines (a
-- status on a date is read from the timeline at query time, with `asOf`), and every
-- step of the sanctions ladder with its event.

CREATE TABLE institution (
  credit_code TEXT PRIMARY KEY,
  licence_number TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  nature TEXT NOT NULL,
  region_code TEXT NOT NULL,
  registered_on TEXT NOT NULL,
  sanctions INTEGER NOT NULL,
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX institution_by_region ON institution (region_code, credit_code);

-- From from_on on, the status holds (until the next row); a suspension's until_on is its
-- last day (listed again after it), a blacklisting's the last day of its term.
CREATE TABLE institution_status (
  credit_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  from_on TEXT NOT NULL,
  status TEXT NOT NULL,
  until_on TEXT,
  PRIMARY KEY (credit_code, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX institution_status_by_date ON institution_status (credit_code, from_on, position);

-- occupations: a JSON array of occupation codes, sorted
CREATE TABLE institution_occupations (
  credit_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  from_on TEXT NOT NULL,
  occupations TEXT NOT NULL,
  PRIMARY KEY (credit_code, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE institution_grade (
  credit_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  from_on TEXT NOT NULL,
  credit_grade TEXT NOT NULL,
  PRIMARY KEY (credit_code, position)
) STRICT, WITHOUT ROWID;

-- step: interview, rectificationNotice, suspend, liftSuspension, delist, blacklist,
-- removeFromBlacklist, revokeLicence (src/domain/institution/sanctions-ladder.ts)
CREATE TABLE institution_sanction (
  credit_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  step TEXT NOT NULL,
  on_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  reference TEXT,
  deadline TEXT,
  until_on TEXT,
  region_code TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  PRIMARY KEY (credit_code, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX institution_sanction_by_date ON institution_sanction (on_date, position);
