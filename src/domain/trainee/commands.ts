import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { EntityIdSchema, parseCommand, textSchema } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { OccupationCodeSchema } from '../catalogue/occupation.ts';
import { TraineeCategorySchema } from './category.ts';
import { InsuranceSchema, SerialNumberSchema } from './events.ts';
import { MaskedAccountSchema, MaskedNameSchema, MaskedResidentIdSchema } from './masked-forms.ts';
import { PersonRefSchema } from './person-ref.ts';

/**
 * Commands at the domain boundary receive personal data ALREADY pseudonymised and
 * masked: the app layer validates the raw ID number (ResidentIdSchema), writes the
 * vault, computes personRef, masks the name and accounts and derives the birth year,
 * then builds RegisterTrainee. Nothing raw ever reaches a decider.
 */

export const RegisterTraineeSchema = z.strictObject({
  type: z.literal('RegisterTrainee'),
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

export const ChangeTraineeCategorySchema = z.strictObject({
  type: z.literal('ChangeTraineeCategory'),
  category: TraineeCategorySchema,
  graduationYear: z.int().min(1900).max(9999).optional(),
  effectiveOn: BusinessDateSchema,
  reason: textSchema(500),
});

export const RecordInsuranceSchema = z.strictObject({
  type: z.literal('RecordInsurance'),
  months: z.int().min(0).max(1200),
  asOf: BusinessDateSchema,
});

export const RecordCertificateSchema = z.strictObject({
  type: z.literal('RecordCertificate'),
  serialNumber: z.string().trim().toUpperCase().pipe(SerialNumberSchema),
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  issuedOn: BusinessDateSchema,
  issuer: textSchema(200),
  classId: EntityIdSchema.optional(),
});

export const TraineeCommandSchema = z.discriminatedUnion('type', [
  RegisterTraineeSchema,
  ChangeTraineeCategorySchema,
  RecordInsuranceSchema,
  RecordCertificateSchema,
]);

export type TraineeCommand = z.infer<typeof TraineeCommandSchema>;
export type TraineeCommandOf<K extends TraineeCommand['type']> = Extract<TraineeCommand, { type: K }>;

export function parseTraineeCommand(input: unknown): TraineeCommand | Rejection {
  return parseCommand(TraineeCommandSchema, input, 'trainee');
}

/** Claims a certificate serial for one person (stream `certificate-{serialNumber}`). */
export const ClaimCertificateSerialSchema = z.strictObject({
  type: z.literal('ClaimCertificateSerial'),
  serialNumber: z.string().trim().toUpperCase().pipe(SerialNumberSchema),
  personRef: PersonRefSchema,
});
export type ClaimCertificateSerial = z.infer<typeof ClaimCertificateSerialSchema>;

export function parseClaimCertificateSerial(input: unknown): ClaimCertificateSerial | Rejection {
  return parseCommand(ClaimCertificateSerialSchema, input, 'certificate');
}
