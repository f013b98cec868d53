import { reject, type Rejection } from '../decider.ts';
import type { FundTotals } from './state.ts';

/**
 * The most money one fund may ever take in: 10^13 fen (10^11 yuan), far above any
 * province's subsidy fund for a year, and the most one command may move.
 *
 * Why a limit at all: every amount is a JSON number, exact only up to 2^53 − 1 (about
 * 9·10^15 fen). Without a bound per fund, two allocations of 2^53 − 1 fen made the fund's
 * totals inexact, the fund's reads answered 500, and the read model's SQLite integer sums
 * overflowed after about a thousand of them. With it, every bucket of one fund stays within
 * [−10^13, 10^13], and the sums over ~900 such funds still fit 2^53 (the read side refuses
 * rather than rounds beyond that: projections/funds/queries.ts).
 */
export const MAX_FUND_TOTAL_FEN = 10 ** 13;

/**
 * What the limit bounds: allocated + recovered + the adjustments' sum where positive.
 *
 * Not the net inflow (allocated + recovered + adjusted): money taken out by a negative
 * adjustment would then make room for new allocations, and allocating, taking out and
 * allocating again would grow allocatedFen without end. Bounding this gross figure bounds
 * every bucket of FundTotals:
 *   allocated, recovered ∈ [0, limit], adjusted ≤ limit;
 *   committed + paid ≤ allocated + recovered + adjusted ≤ limit (available never below zero),
 *   and both are ≥ 0, so each lies in [0, limit];
 *   adjusted ≥ committed + paid − allocated − recovered ≥ −limit (same reason);
 *   available = inflow − committed − paid ∈ [0, limit].
 * Recoveries count in: paid stays gross when money comes back, so commit, pay and recover
 * over and over would otherwise grow paid and recovered without end.
 */
export function boundedInflowFen(t: Readonly<FundTotals>): number {
  return t.allocatedFen + t.recoveredFen + Math.max(t.adjustedFen, 0);
}

/** Rule "a fund takes in at most MAX_FUND_TOTAL_FEN", for what an allocation, a positive adjustment or a recovery adds. */
export function requireWithinTotalLimit(t: Readonly<FundTotals>, added: Partial<Pick<FundTotals, 'allocatedFen' | 'recoveredFen' | 'adjustedFen'>>, field: string): Rejection | undefined {
  const after = {
    ...t,
    allocatedFen: t.allocatedFen + (added.allocatedFen ?? 0),
    recoveredFen: t.recoveredFen + (added.recoveredFen ?? 0),
    adjustedFen: t.adjustedFen + (added.adjustedFen ?? 0),
  };
  const inflow = boundedInflowFen(after);
  if (inflow <= MAX_FUND_TOTAL_FEN) return undefined;
  return reject('fund.total_limit_exceeded', `this would take the fund's inflow to ${inflow} fen; a fund takes in at most ${MAX_FUND_TOTAL_FEN} fen`, field);
}
