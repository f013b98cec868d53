import { z } from 'zod';
import { CertificateLevelSchema, SubsidyKindSchema } from '../policy/certificate-level.ts';
import {
  BusinessDateSchema,
  CertificateSerialSchema,
  OccupationCodeSchema,
  PersonRefSchema,
  ReasonCodeSchema,
  RefSchema,
} from '../fund/schemas-common.ts';

/**
 * Events of `entitlement-{personRef}`: one stream per person, holding every subsidy
 * claim that person has made, so the rules that span applications (yearly quota, once
 * per occupation and level, no lower level after a higher, one subsidy per certificate)
 * are decided against one stream. Only the pseudonym appears, never an identity number.
 */

/** A claim reserved when an application is submitted; it counts from that moment. */
export const EntitlementClaimReservedSchema = z.strictObject({
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  subsidyKind: SubsidyKindSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  certificateSerial: CertificateSerialSchema,
  /** Calendar year the claim counts against: the year of `reservedOn`. */
  year: z.number().int().min(2000).max(2999),
  /** Whether the occupation was on the shortage list (it raises the skill-upgrade limit). */
  shortageOccupation: z.boolean(),
  reservedOn: BusinessDateSchema,
});

/** The application was rejected or withdrawn: the claim no longer counts. */
export const EntitlementClaimReleasedSchema = z.strictObject({
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  reasonCode: ReasonCodeSchema,
  releasedOn: BusinessDateSchema,
});

/** The bank confirmed the payment (to the person or, by proxy, to the institution). */
export const EntitlementClaimPaidSchema = z.strictObject({
  personRef: PersonRefSchema,
  applicationId: RefSchema,
  paymentId: RefSchema,
  paidOn: BusinessDateSchema,
});

export const EntitlementEventSchemas = {
  EntitlementClaimReserved: EntitlementClaimReservedSchema,
  EntitlementClaimReleased: EntitlementClaimReleasedSchema,
  EntitlementClaimPaid: EntitlementClaimPaidSchema,
} as const;

type Schemas = typeof EntitlementEventSchemas;
export type EntitlementEventType = keyof Schemas;
export type EntitlementEventOf<T extends EntitlementEventType> = { readonly type: T; readonly data: z.infer<Schemas[T]> };
export type EntitlementEvent = { [T in EntitlementEventType]: EntitlementEventOf<T> }[EntitlementEventType];
