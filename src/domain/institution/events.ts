import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { isValidCreditCode } from '../identity/credit-code.ts';
import { OccupationCodeSchema } from '../catalogue/occupation.ts';

/**
 * Events of one training institution, stream `institution-{creditCode}`. The unified
 * social credit code is the institution's identity: it never changes for a legal entity,
 * and using it as the stream id lets the store's `no_stream` expectation refuse a second
 * registration of the same code, whatever the concurrency.
 *
 * An institution's name, address and codes are not personal data: they identify an
 * organisation and are public in the catalogue.
 */

const Text = z.string().min(1).max(500);
const Reference = z.string().min(1).max(200);

export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export const CreditGradeSchema = z.enum(CREDIT_GRADES);
export type CreditGrade = (typeof CREDIT_GRADES)[number];

export const NatureSchema = z.enum(['public', 'private']);
/** GB/T 2260 administrative division code. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, { message: 'expected a 6-digit region code (GB/T 2260)' });
/** Stored already normalised: a check, not a transform, so events stay byte-stable. */
export const StoredCreditCodeSchema = z.string().refine(isValidCreditCode, { message: 'not a valid unified social credit code' });
const Occupations = z.array(OccupationCodeSchema).min(1).max(500);

export const InstitutionRegisteredSchema = z.object({
  creditCode: StoredCreditCodeSchema,
  licenceNumber: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  address: z.string().min(1).max(300),
  nature: NatureSchema,
  regionCode: RegionCodeSchema,
  occupations: Occupations,
  creditGrade: CreditGradeSchema,
  registeredOn: BusinessDateSchema,
});

/** Listed in the catalogue of approved institutions; `reviewRef` on a re-listing. */
export const InstitutionListedSchema = z.object({
  listedOn: BusinessDateSchema,
  reason: Text,
  reference: Reference.optional(),
  reviewRef: Reference.optional(),
});

export const InstitutionOccupationsChangedSchema = z.object({ occupations: Occupations, effectiveOn: BusinessDateSchema, reason: Text });
export const InstitutionCreditGradeChangedSchema = z.object({ creditGrade: CreditGradeSchema, effectiveOn: BusinessDateSchema, reason: Text });

/** A step of the ladder taking effect on one day. */
const DatedSanction = z.object({ on: BusinessDateSchema, reason: Text, reference: Reference.optional() });

export const InstitutionInterviewedSchema = DatedSanction;
export const InstitutionRectificationNoticeIssuedSchema = DatedSanction.extend({ deadline: BusinessDateSchema });
export const InstitutionSuspendedSchema = z.object({ from: BusinessDateSchema, to: BusinessDateSchema, reason: Text, reference: Reference.optional() });
export const InstitutionSuspensionLiftedSchema = DatedSanction;
export const InstitutionDelistedSchema = DatedSanction;
/** `until`: last day of the term; absent for a permanent blacklisting. */
export const InstitutionBlacklistedSchema = z.object({
  from: BusinessDateSchema,
  until: BusinessDateSchema.optional(),
  reason: Text,
  reference: Reference.optional(),
});
export const InstitutionRemovedFromBlacklistSchema = DatedSanction;
export const InstitutionLicenceRevokedSchema = DatedSanction;

export const InstitutionEventSchemas = {
  InstitutionRegistered: InstitutionRegisteredSchema,
  InstitutionListed: InstitutionListedSchema,
  InstitutionOccupationsChanged: InstitutionOccupationsChangedSchema,
  InstitutionCreditGradeChanged: InstitutionCreditGradeChangedSchema,
  InstitutionInterviewed: InstitutionInterviewedSchema,
  InstitutionRectificationNoticeIssued: InstitutionRectificationNoticeIssuedSchema,
  InstitutionSuspended: InstitutionSuspendedSchema,
  InstitutionSuspensionLifted: InstitutionSuspensionLiftedSchema,
  InstitutionDelisted: InstitutionDelistedSchema,
  InstitutionBlacklisted: InstitutionBlacklistedSchema,
  InstitutionRemovedFromBlacklist: InstitutionRemovedFromBlacklistSchema,
  InstitutionLicenceRevoked: InstitutionLicenceRevokedSchema,
} as const;

type Schemas = typeof InstitutionEventSchemas;
export type InstitutionEvent = { [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> } }[keyof Schemas];
export type InstitutionEventOf<K extends InstitutionEvent['type']> = Extract<InstitutionEvent, { type: K }>;
