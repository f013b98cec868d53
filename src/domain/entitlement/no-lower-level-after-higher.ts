import { reject, type Rejection } from '../decider.ts';
import { compareLevels } from '../policy/certificate-level.ts';
import type { ClaimCandidate } from './claim.ts';
import { activeClaims, type EntitlementState } from './state.ts';

/**
 * After a higher level of an occupation has been PAID, a lower level of it is refused
 * (domain.md says "paid", so a higher level merely applied for does not block). Levels
 * without a grade (专项职业能力, 培训合格) have no order and never trigger this rule.
 */
export function requireNoHigherLevelPaid(state: EntitlementState, claim: ClaimCandidate): Rejection | undefined {
  const higher = activeClaims(state).find(
    (c) => c.status === 'paid' && c.occupationCode === claim.occupationCode && (compareLevels(c.level, claim.level) ?? 0) > 0,
  );
  if (!higher) return undefined;
  return reject(
    'entitlement.lower_level_after_higher',
    `${claim.occupationCode}: level ${higher.level} was already paid (application ${higher.applicationId}); ${claim.level} is lower`,
    'certificate',
  );
}
