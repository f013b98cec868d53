import { reject, type Rejection } from '../decider.ts';
import type { ClaimCandidate } from './claim.ts';
import { activeClaims, type EntitlementState } from './state.ts';

/**
 * The training subsidy and the skill-upgrade subsidy are never both paid for one
 * certificate; nor is either paid twice for it. So one active claim per certificate.
 */
export function requireCertificateUnclaimed(state: EntitlementState, claim: ClaimCandidate): Rejection | undefined {
  const prior = activeClaims(state).find((c) => c.certificateSerial === claim.certificateSerial);
  if (!prior) return undefined;
  return reject(
    'entitlement.certificate_already_claimed',
    `certificate ${claim.certificateSerial} is already claimed for a ${prior.subsidyKind} subsidy (application ${prior.applicationId})`,
    'certificate',
  );
}
