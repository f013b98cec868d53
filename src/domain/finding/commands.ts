import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema, parseCommand } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { FenSchema, RegionCodeSchema } from '../fund/schemas-common.ts';
import { CreditCodeSchema } from '../identity/credit-code.ts';
import { evidenceListSchema } from '../inspection/evidence.ts';
import { freeTextSchema } from '../inspection/free-text.ts';
import { FindingCategorySchema } from './categories.ts';
import { ResponsiblePersonSchema } from './responsible-person.ts';
import { SanctionStepSchema } from './sanction-steps.ts';

/**
 * Commands on one finding (`finding-{findingId}`). The actor of each step is named in the
 * command (raisedBy, submittedBy, verifierId, approvedBy …): the app layer fills it from
 * the authenticated principal and its access matrix decides which roles may send which
 * command (an extension is decided by an admin); the decider checks the rules between
 * people (four eyes, recusal).
 */

const Ref = EntityIdSchema;
const uniqueRefs = (max: number, what: string) =>
  z
    .array(Ref)
    .max(max, { message: `at most ${max} ${what}` })
    .refine((ids) => new Set(ids).size === ids.length, { message: `an id is listed twice in ${what}` })
    .default([]);
const WorkingDays = z.number().int().min(1, { message: 'at least 1 working day' }).max(250, { message: 'at most 250 working days' });

export const RaiseFindingSchema = z.strictObject({
  type: z.literal('RaiseFinding'),
  findingId: Ref,
  number: z.string().trim().min(1).max(64),
  inspectionId: Ref.nullable().default(null),
  category: FindingCategorySchema,
  description: freeTextSchema(2000),
  institutionId: CreditCodeSchema,
  regionCode: RegionCodeSchema,
  classIds: uniqueRefs(200, 'classIds'),
  applicationIds: uniqueRefs(1000, 'applicationIds'),
  paymentIds: uniqueRefs(1000, 'paymentIds'),
  amountInvolvedFen: FenSchema,
  responsibleUnit: freeTextSchema(200),
  responsiblePerson: ResponsiblePersonSchema.nullable().default(null),
  measuresRequired: freeTextSchema(2000),
  deadlineWorkingDays: WorkingDays,
  noticeOn: BusinessDateSchema,
  evidence: evidenceListSchema(0, 50).default([]),
  raisedBy: Ref,
  raisedOn: BusinessDateSchema,
});

export const DeclareRecusalSchema = z.strictObject({
  type: z.literal('DeclareRecusal'),
  findingId: Ref,
  inspectorId: Ref,
  reason: freeTextSchema(500),
  declaredOn: BusinessDateSchema,
});

export const SubmitRectificationSchema = z.strictObject({
  type: z.literal('SubmitRectification'),
  findingId: Ref,
  submissionId: Ref,
  measuresTaken: freeTextSchema(2000),
  evidence: evidenceListSchema(1, 50),
  submittedBy: Ref,
  submittedOn: BusinessDateSchema,
});

export const VerifyRectificationSchema = z.strictObject({
  type: z.literal('VerifyRectification'),
  findingId: Ref,
  submissionId: Ref,
  verifierId: Ref,
  decision: z.enum(['accept', 'reject']),
  /** The conclusion when accepted, the reasons when rejected. */
  conclusion: freeTextSchema(2000),
  verifiedOn: BusinessDateSchema,
});

export const CloseFindingSchema = z.strictObject({
  type: z.literal('CloseFinding'),
  findingId: Ref,
  closedBy: Ref,
  closedOn: BusinessDateSchema,
});

export const RequestDeadlineExtensionSchema = z.strictObject({
  type: z.literal('RequestDeadlineExtension'),
  findingId: Ref,
  extensionId: Ref,
  additionalWorkingDays: WorkingDays,
  reason: freeTextSchema(1000),
  requestedBy: Ref,
  requestedOn: BusinessDateSchema,
});

export const DecideDeadlineExtensionSchema = z.strictObject({
  type: z.literal('DecideDeadlineExtension'),
  findingId: Ref,
  extensionId: Ref,
  decision: z.enum(['approve', 'refuse']),
  decidedBy: Ref,
  /** Required to refuse. */
  reason: freeTextSchema(1000).nullable().default(null),
  decidedOn: BusinessDateSchema,
});

export const WithdrawFindingSchema = z.strictObject({
  type: z.literal('WithdrawFinding'),
  findingId: Ref,
  reason: freeTextSchema(1000),
  withdrawnBy: Ref,
  withdrawnOn: BusinessDateSchema,
});

/** Records on the finding a sanction its saga issued on the institution (sanction-saga.ts). */
export const RecordSanctionSchema = z.strictObject({
  type: z.literal('RecordSanction'),
  findingId: Ref,
  sanctionId: Ref,
  step: SanctionStepSchema,
  trigger: z.enum(['finding', 'overdue']).default('finding'),
  reason: freeTextSchema(500),
  on: BusinessDateSchema,
});

export const FindingCommandSchema = z.discriminatedUnion('type', [
  RaiseFindingSchema,
  DeclareRecusalSchema,
  SubmitRectificationSchema,
  VerifyRectificationSchema,
  CloseFindingSchema,
  RequestDeadlineExtensionSchema,
  DecideDeadlineExtensionSchema,
  WithdrawFindingSchema,
  RecordSanctionSchema,
]);

export type FindingCommand = z.output<typeof FindingCommandSchema>;
export type FindingCommandOf<T extends FindingCommand['type']> = Extract<FindingCommand, { type: T }>;

/** Validates raw input; `finding.invalid_command` naming the field at fault otherwise. */
export function parseFindingCommand(input: unknown): FindingCommand | Rejection {
  return parseCommand(FindingCommandSchema, input, 'finding');
}
