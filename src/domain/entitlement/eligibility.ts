import type { Rejection } from '../decider.ts';
import type { QuotaRule } from '../policy/rules.ts';
import type { ClaimCandidate } from './claim.ts';
import { requireNoHigherLevelPaid } from './no-lower-level-after-higher.ts';
import { requireOccupationLevelUnclaimed } from './once-per-occupation-level.ts';
import { requireCertificateUnclaimed } from './one-subsidy-per-certificate.ts';
import { withoutClaim, type EntitlementState } from './state.ts';
import { requireWithinYearlyQuota } from './yearly-quota.ts';

/**
 * Every rule that spans a person's applications, in the order their rejections are
 * reported (the most specific first). The application decider runs this against the
 * state it was handed to refuse early; the entitlement decider runs it again against
 * the stream's own latest state, and that second run is the one that counts.
 */
export function checkEntitlement(state: EntitlementState, claim: ClaimCandidate, quota: QuotaRule): Rejection | undefined {
  // A saga re-run after a crash may find this application's own claim already reserved:
  // it must not count against itself.
  const others = withoutClaim(state, claim.applicationId);
  return (
    requireCertificateUnclaimed(others, claim) ??
    requireOccupationLevelUnclaimed(others, claim) ??
    requireNoHigherLevelPaid(others, claim) ??
    requireWithinYearlyQuota(others, claim, quota)
  );
}
