import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { EntityIdSchema } from '../command-input.ts';
import { OccupationCodeSchema } from '../catalogue/occupation.ts';
import { TraineeCategorySchema } from './category.ts';
import { MaskedAccountSchema, MaskedNameSchema, MaskedResidentIdSchema } from './masked-forms.ts';
import { PersonRefSchema } from './person-ref.ts';

/**
 * Events of one trainee, stream `trainee-{personRef}`: the pseudonym is the identity, so
 * one person is one stream, and a second registration of the same ID number (same ref)
 * is refused by the store's `no_stream` expectation.
 *
 * What is here and why (PIPL: the minimum needed):
 * - personRef, the masked ID number and masked name: to find and show the person without
 *   revealing them; the raw values stay in the vault.
 * - birth year only (not the date, not the sex): the minimum-age rule needs nothing more.
 * - category (and a graduate's year): the eligibility rules.
 * - masked card and account: to show where a payment goes; the raw numbers stay in the vault.
 * - insured months: the skill-upgrade rule.
 */

export const InsuranceSchema = z.object({ months: z.int().min(0).max(1200), asOf: BusinessDateSchema });
export const SerialNumberSchema = z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: 'expected 4–40 upper-case letters, digits or -' });

export const TraineeRegisteredSchema = z.object({
  personRef: PersonRefSchema,
  maskedId: MaskedResidentIdSchema,
  maskedName: MaskedNameSchema,
  birthYear: z.int().min(1900).max(9999),
  category: TraineeCategorySchema,
  graduationYear: z.int().min(1900).max(9999).optional(),
  socialSecurityCardMasked: MaskedAccountSchema.optional(),
  bankAccountMasked: MaskedAccountSchema.optional(),
  insurance: InsuranceSchema.optional(),
  registeredOn: BusinessDateSchema,
});

export const TraineeCategoryChangedSchema = z.object({
  category: TraineeCategorySchema,
  graduationYear: z.int().min(1900).max(9999).optional(),
  effectiveOn: BusinessDateSchema,
  reason: z.string().min(1).max(500),
});

export const TraineeInsuranceRecordedSchema = InsuranceSchema;

export const CertificateRecordedSchema = z.object({
  serialNumber: SerialNumberSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  issuedOn: BusinessDateSchema,
  issuer: z.string().min(1).max(200),
  /** The class whose assessment led to it, when known. */
  classId: EntityIdSchema.optional(),
});

/** Stream `certificate-{serialNumber}`: see serial-claim.ts. */
export const CertificateSerialClaimedSchema = z.object({ serialNumber: SerialNumberSchema, personRef: PersonRefSchema });

export const TraineeEventSchemas = {
  TraineeRegistered: TraineeRegisteredSchema,
  TraineeCategoryChanged: TraineeCategoryChangedSchema,
  TraineeInsuranceRecorded: TraineeInsuranceRecordedSchema,
  CertificateRecorded: CertificateRecordedSchema,
  CertificateSerialClaimed: CertificateSerialClaimedSchema,
} as const;

export type TraineeRegistered = z.infer<typeof TraineeRegisteredSchema>;
export type CertificateRecorded = z.infer<typeof CertificateRecordedSchema>;

export type TraineeEvent =
  | { type: 'TraineeRegistered'; data: TraineeRegistered }
  | { type: 'TraineeCategoryChanged'; data: z.infer<typeof TraineeCategoryChangedSchema> }
  | { type: 'TraineeInsuranceRecorded'; data: z.infer<typeof TraineeInsuranceRecordedSchema> }
  | { type: 'CertificateRecorded'; data: CertificateRecorded };

export type CertificateSerialEvent = { type: 'CertificateSerialClaimed'; data: z.infer<typeof CertificateSerialClaimedSchema> };
