import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CreditCodeSchema } from '../identity/credit-code.ts';
import { parseCommand, textSchema } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { OccupationSetSchema } from '../catalogue/occupation.ts';
import { CreditGradeSchema, NatureSchema, RegionCodeSchema } from './events.ts';

/**
 * Commands on one institution. The stream (`institution-{creditCode}`) is chosen by the
 * app layer; only the registration names the code.
 */

const Reason = textSchema(500);
const Reference = textSchema(200);

export const RegisterInstitutionSchema = z.strictObject({
  type: z.literal('RegisterInstitution'),
  creditCode: CreditCodeSchema,
  licenceNumber: textSchema(64),
  name: textSchema(200),
  address: textSchema(300),
  nature: NatureSchema,
  regionCode: RegionCodeSchema,
  occupations: OccupationSetSchema,
  creditGrade: CreditGradeSchema,
  registeredOn: BusinessDateSchema,
});

export const ListInstitutionSchema = z.strictObject({
  type: z.literal('ListInstitution'),
  listedOn: BusinessDateSchema,
  reason: Reason,
  reference: Reference.optional(),
  /** Required when re-listing a delisted institution: the review (复核) that allows it. */
  reviewRef: Reference.optional(),
});

export const ChangeOccupationsSchema = z.strictObject({
  type: z.literal('ChangeOccupations'),
  /** The full set from `effectiveOn`. */
  occupations: OccupationSetSchema,
  effectiveOn: BusinessDateSchema,
  reason: Reason,
});

export const ChangeCreditGradeSchema = z.strictObject({
  type: z.literal('ChangeCreditGrade'),
  creditGrade: CreditGradeSchema,
  effectiveOn: BusinessDateSchema,
  reason: Reason,
});

const dated = <T extends string>(type: T) =>
  z.strictObject({ type: z.literal(type), on: BusinessDateSchema, reason: Reason, reference: Reference.optional() });

export const InterviewInstitutionSchema = dated('InterviewInstitution');
export const IssueRectificationNoticeSchema = dated('IssueRectificationNotice').extend({ deadline: BusinessDateSchema });
export const SuspendInstitutionSchema = z.strictObject({
  type: z.literal('SuspendInstitution'),
  from: BusinessDateSchema,
  /** Last day of the suspension. */
  to: BusinessDateSchema,
  reason: Reason,
  reference: Reference.optional(),
});
export const LiftSuspensionSchema = dated('LiftSuspension');
export const DelistInstitutionSchema = dated('DelistInstitution');
export const BlacklistInstitutionSchema = z.strictObject({
  type: z.literal('BlacklistInstitution'),
  from: BusinessDateSchema,
  /** Last day of the term; omit for a permanent blacklisting. */
  until: BusinessDateSchema.optional(),
  reason: Reason,
  reference: Reference.optional(),
});
export const RemoveFromBlacklistSchema = dated('RemoveFromBlacklist');
export const RevokeLicenceSchema = dated('RevokeLicence');

export const InstitutionCommandSchema = z.discriminatedUnion('type', [
  RegisterInstitutionSchema,
  ListInstitutionSchema,
  ChangeOccupationsSchema,
  ChangeCreditGradeSchema,
  InterviewInstitutionSchema,
  IssueRectificationNoticeSchema,
  SuspendInstitutionSchema,
  LiftSuspensionSchema,
  DelistInstitutionSchema,
  BlacklistInstitutionSchema,
  RemoveFromBlacklistSchema,
  RevokeLicenceSchema,
]);

export type InstitutionCommand = z.infer<typeof InstitutionCommandSchema>;
export type InstitutionCommandOf<K extends InstitutionCommand['type']> = Extract<InstitutionCommand, { type: K }>;

export function parseInstitutionCommand(input: unknown): InstitutionCommand | Rejection {
  return parseCommand(InstitutionCommandSchema, input, 'institution');
}
