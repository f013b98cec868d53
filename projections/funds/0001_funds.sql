-- funds: each fund's money by bucket, as the fund aggregate folds it
-- (src/domain/fund/state.ts), plus what the bank confirmed and what went back and forth.
-- available = allocated + recovered + adjusted − committed − paid (computed by queries).

CREATE TABLE fund (
  fund_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  year INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  allocated_fen INTEGER NOT NULL,
  recovered_fen INTEGER NOT NULL,
  -- signed sum of adjustments
  adjusted_fen INTEGER NOT NULL,
  -- approved and not yet instructed
  committed_fen INTEGER NOT NULL,
  -- instructed and not bounced (in flight or confirmed)
  paid_fen INTEGER NOT NULL,
  -- confirmed by the bank (a confirmed payment never bounces: part of paid_fen)
  confirmed_fen INTEGER NOT NULL,
  -- cumulative: commitments given up, payments bounced
  released_fen INTEGER NOT NULL,
  bounced_fen INTEGER NOT NULL,
  allocations INTEGER NOT NULL,
  applications INTEGER NOT NULL,
  payments INTEGER NOT NULL,
  -- global position of the last event of this fund
  last_position INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX fund_by_region ON fund (region_code, year, fund_id);
CREATE INDEX fund_by_year ON fund (year, fund_id);
