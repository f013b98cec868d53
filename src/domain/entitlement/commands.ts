import { z } from 'zod';
import type { Rejection } from '../decider.ts';
import { CertificateLevelSchema, SubsidyKindSchema } from '../policy/certificate-level.ts';
import {
  BusinessDateSchema,
  CertificateSerialSchema,
  OccupationCodeSchema,
  PersonRefSchema,
  ReasonCodeSchema,
  RefSchema,
  parseCommand,
} from '../fund/schemas-common.ts';

/**
 * Commands of the entitlement stream. They are issued by the application saga (see
 * ../application/saga.ts), not by people: reserve at submission, release on rejection or
 * withdrawal, mark paid when the bank confirms.
 */

export const ReserveClaimSchema = z.strictObject({
  type: z.literal('ReserveClaim'),
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  subsidyKind: SubsidyKindSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  certificateSerial: CertificateSerialSchema,
  shortageOccupation: z.boolean(),
  reservedOn: BusinessDateSchema,
});

export const ReleaseClaimSchema = z.strictObject({
  type: z.literal('ReleaseClaim'),
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  reasonCode: ReasonCodeSchema,
  releasedOn: BusinessDateSchema,
});

export const MarkClaimPaidSchema = z.strictObject({
  type: z.literal('MarkClaimPaid'),
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  paymentId: RefSchema,
  paidOn: BusinessDateSchema,
});

export const EntitlementCommandSchema = z.discriminatedUnion('type', [ReserveClaimSchema, ReleaseClaimSchema, MarkClaimPaidSchema]);

export type EntitlementCommand = z.output<typeof EntitlementCommandSchema>;
export type EntitlementCommandOf<T extends EntitlementCommand['type']> = Extract<EntitlementCommand, { type: T }>;

export function parseEntitlementCommand(input: unknown): EntitlementCommand | Rejection {
  return parseCommand(EntitlementCommandSchema, input, 'entitlement');
}
