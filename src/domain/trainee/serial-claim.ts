import { reject, type Decider, type Decision } from '../decider.ts';
import type { ClaimCertificateSerial } from './commands.ts';
import type { CertificateSerialEvent } from './events.ts';

/**
 * A certificate serial number belongs to one person. The trainee stream can only see its
 * own certificates, so two trainees recording the same serial concurrently would both
 * pass there. The race is closed by a stream per serial, `certificate-{serialNumber}`:
 * the app layer first appends the claim there (expected revision `no_stream`, so exactly
 * one of two concurrent claims wins), then records the certificate on the trainee stream.
 * A crash between the two leaves a claim without a certificate; the same person retrying
 * finds the claim already theirs (no new event) and goes on.
 *
 * Rejection codes: certificate.invalid_command (schema), certificate.serial_taken.
 */
export interface SerialClaimState {
  readonly claimedBy: string | undefined;
}

export function decideSerialClaim(c: ClaimCertificateSerial, s: SerialClaimState): Decision<CertificateSerialEvent> {
  if (s.claimedBy === c.personRef) return [];
  if (s.claimedBy !== undefined) return reject('certificate.serial_taken', 'this certificate serial is recorded for another person', 'serialNumber');
  return [{ type: 'CertificateSerialClaimed', data: { serialNumber: c.serialNumber, personRef: c.personRef } }];
}

export const serialClaimDecider: Decider<ClaimCertificateSerial, SerialClaimState, CertificateSerialEvent> & { name: string } = {
  name: 'certificate-serial',
  decide: decideSerialClaim,
  evolve: (_s, e) => ({ claimedBy: e.data.personRef }),
  initialState: () => ({ claimedBy: undefined }),
};
