import { assertNever, invariant } from '../decider.ts';
import type { CertificateLevel, SubsidyKind } from '../policy/certificate-level.ts';
import type { EntitlementEvent } from './events.ts';

export type ClaimStatus = 'reserved' | 'paid' | 'released';

export interface Claim {
  readonly applicationId: string;
  readonly subsidyKind: SubsidyKind;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly certificateSerial: string;
  readonly year: number;
  readonly shortageOccupation: boolean;
  readonly reservedOn: string;
  readonly status: ClaimStatus;
}

/** The claims one person has made. Small (a handful a year), so evolve copies. */
export interface EntitlementState {
  readonly personRef: string | null;
  readonly claims: ReadonlyMap<string, Claim>;
}

export function initialEntitlementState(): EntitlementState {
  return { personRef: null, claims: new Map() };
}

/** Reserved and paid claims count against the rules; released ones do not. */
export function isActive(claim: Claim): boolean {
  return claim.status !== 'released';
}

export function activeClaims(state: EntitlementState): Claim[] {
  return [...state.claims.values()].filter(isActive);
}

/** The state as if `applicationId` had no claim. */
export function withoutClaim(state: EntitlementState, applicationId: string): EntitlementState {
  if (!state.claims.has(applicationId)) return state;
  const claims = new Map(state.claims);
  claims.delete(applicationId);
  return { ...state, claims };
}

export function evolveEntitlement(state: EntitlementState, event: EntitlementEvent): EntitlementState {
  const claims = new Map(state.claims);
  switch (event.type) {
    case 'EntitlementClaimReserved': {
      const { personRef, applicationId, subsidyKind, occupationCode, level, certificateSerial, year, shortageOccupation, reservedOn } = event.data;
      claims.set(applicationId, { applicationId, subsidyKind, occupationCode, level, certificateSerial, year, shortageOccupation, reservedOn, status: 'reserved' });
      return { personRef, claims };
    }
    case 'EntitlementClaimReleased':
      claims.set(event.data.applicationId, { ...claimOf(state, event.data.applicationId), status: 'released' });
      return { ...state, claims };
    case 'EntitlementClaimPaid':
      claims.set(event.data.applicationId, { ...claimOf(state, event.data.applicationId), status: 'paid' });
      return { ...state, claims };
    default:
      return assertNever(event);
  }
}

function claimOf(state: EntitlementState, applicationId: string): Claim {
  const claim = state.claims.get(applicationId);
  invariant(claim, `entitlement event for application ${applicationId} that never reserved a claim`);
  return claim;
}
