import { reject, type Rejection } from '../decider.ts';
import type { FundTotals } from './state.ts';

/**
 * available = allocated + recovered + adjusted − committed − paid.
 *
 * Adjustments count on the incoming side with their sign: a positive adjustment (a
 * top-up, a correction in the fund's favour) is money the fund has, a negative one
 * (money clawed back by the treasury) money it no longer has. So the conservation law
 * is allocated + recovered + adjusted = available + committed + paid, and "never below
 * zero" means no commitment and no negative adjustment may exceed what is available.
 */
export function availableFen(t: Readonly<FundTotals>): number {
  return t.allocatedFen + t.recoveredFen + t.adjustedFen - t.committedFen - t.paidFen;
}

/** Rule "no payment from a fund without the available amount", applied at commitment. */
export function requireAvailable(t: Readonly<FundTotals>, amountFen: number, field: string): Rejection | undefined {
  const available = availableFen(t);
  if (amountFen <= available) return undefined;
  return reject('fund.insufficient_available', `the fund has ${available} fen available, ${amountFen} fen needed`, field);
}
