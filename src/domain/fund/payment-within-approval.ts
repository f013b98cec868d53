import { reject, type Rejection } from '../decider.ts';
import type { ApplicationLedger } from './state.ts';

/**
 * No payment above its approval: a payment may use at most what is still committed for
 * the application. Since committed + paid never exceeds the approved amount (commitment
 * is set once; instruction and bounce only move money between the two), this caps every
 * application's payments at its approval.
 */
export function requireWithinCommitment(app: Readonly<ApplicationLedger>, amountFen: number): Rejection | undefined {
  if (amountFen <= app.committedFen) return undefined;
  return reject(
    'fund.payment_exceeds_commitment',
    `payment of ${amountFen} fen exceeds the ${app.committedFen} fen committed for application ${app.applicationId} (approved ${app.approvedFen})`,
    'amountFen',
  );
}
