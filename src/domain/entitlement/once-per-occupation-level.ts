import { reject, type Rejection } from '../decider.ts';
import type { ClaimCandidate } from './claim.ts';
import { activeClaims, type EntitlementState } from './state.ts';

/**
 * The same occupation and level is subsidised once per person, ever, whichever subsidy
 * kind paid it. A reserved claim already blocks a second one: otherwise two applications
 * for one occupation and level submitted together could both be paid.
 */
export function requireOccupationLevelUnclaimed(state: EntitlementState, claim: ClaimCandidate): Rejection | undefined {
  const prior = activeClaims(state).find((c) => c.occupationCode === claim.occupationCode && c.level === claim.level);
  if (!prior) return undefined;
  return reject(
    'entitlement.occupation_level_already_claimed',
    `${claim.occupationCode} at level ${claim.level} is already ${prior.status} under application ${prior.applicationId}`,
    'certificate',
  );
}
