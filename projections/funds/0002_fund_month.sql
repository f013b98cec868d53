-- fund_month: each fund's money movements per calendar month (YYYY-MM, Asia/Shanghai), the
-- month taken from the event's own business date (committedOn, instructedOn, …), never from
-- when it was projected. Gross flows, not balances: a bounced payment stays in paid_fen of
-- its month and appears again in bounced_fen of the month the bank returned it.

CREATE TABLE fund_month (
  fund_id TEXT NOT NULL,
  month TEXT NOT NULL,
  -- approvals that set money aside (FundCommitted)
  committed_fen INTEGER NOT NULL,
  -- instructions to the bank (FundPaymentInstructed)
  paid_fen INTEGER NOT NULL,
  -- money that came back by recovery (FundRecoveryReceived)
  recovered_fen INTEGER NOT NULL,
  -- payments the bank returned (FundPaymentBounced)
  bounced_fen INTEGER NOT NULL,
  PRIMARY KEY (fund_id, month)
) STRICT, WITHOUT ROWID;

CREATE INDEX fund_month_by_month ON fund_month (month, fund_id);
