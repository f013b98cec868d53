import type { CertificateLevel, SubsidyKind } from '../policy/certificate-level.ts';

/** A claim being asked for: what the eligibility rules compare with the claims on file. */
export interface ClaimCandidate {
  readonly applicationId: string;
  readonly subsidyKind: SubsidyKind;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly certificateSerial: string;
  /** Calendar year the claim counts against. */
  readonly year: number;
  readonly shortageOccupation: boolean;
}
