import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema } from '../command-input.ts';
import { FenSchema, RegionCodeSchema } from '../fund/schemas-common.ts';
import { StoredCreditCodeSchema } from '../institution/events.ts';
import { EvidenceRefSchema } from '../inspection/evidence.ts';
import { holdsPersonalNumber } from '../inspection/free-text.ts';
import { FindingCategorySchema } from './categories.ts';
import { ResponsiblePersonSchema } from './responsible-person.ts';
import { SanctionStepSchema } from './sanction-steps.ts';

/**
 * Events of one finding, stream `finding-{findingId}`: one row of the problem ledger
 * (问题台账) from the day it is raised until it is closed (销号) or withdrawn. Nothing is
 * ever deleted: a mistaken finding is withdrawn by an event with its reason, and every
 * rectification, verification, extension and sanction stays on the record.
 *
 * Deadlines are business dates computed by the decider with the working-day calendar
 * and written into the events, so the ledger never recounts them (and never disagrees
 * with the decision) when the calendar data gains a year.
 */

const Ref = EntityIdSchema;
const Text = (max: number) => z.string().min(1).max(max).refine((v) => !holdsPersonalNumber(v), { message: 'must not contain an identity, account or phone number' });
const Refs = (max: number) => z.array(Ref).max(max);

export const FindingRaisedSchema = z.strictObject({
  findingId: Ref,
  /** The ledger number the office gives the finding (台账编号). */
  number: z.string().min(1).max(64),
  /** The inspection that found it; null for a finding from an audit or a complaint. */
  inspectionId: Ref.nullable(),
  category: FindingCategorySchema,
  description: Text(2000),
  institutionId: StoredCreditCodeSchema,
  regionCode: RegionCodeSchema,
  classIds: Refs(200),
  applicationIds: Refs(1000),
  paymentIds: Refs(1000),
  amountInvolvedFen: FenSchema,
  responsibleUnit: Text(200),
  responsiblePerson: ResponsiblePersonSchema.nullable(),
  measuresRequired: Text(2000),
  /** Working days from the notice to the deadline. */
  deadlineWorkingDays: z.number().int().min(1).max(250),
  /** The day the rectification notice was served; the start day is not counted. */
  noticeOn: BusinessDateSchema,
  /** Last day for the rectification (24:00 Asia/Shanghai). */
  deadlineOn: BusinessDateSchema,
  evidence: z.array(EvidenceRefSchema).max(50),
  raisedBy: Ref,
  raisedOn: BusinessDateSchema,
});

/** 回避: an inspector with a conflict of interest stays out of this finding's verification. */
export const FindingInspectorRecusedSchema = z.strictObject({
  inspectorId: Ref,
  reason: Text(500),
  declaredOn: BusinessDateSchema,
});

export const FindingRectificationSubmittedSchema = z.strictObject({
  submissionId: Ref,
  measuresTaken: Text(2000),
  evidence: z.array(EvidenceRefSchema).min(1).max(50),
  submittedBy: Ref,
  submittedOn: BusinessDateSchema,
  /** Submitted on or before the deadline in force. */
  onTime: z.boolean(),
});

export const FindingRectificationRejectedSchema = z.strictObject({
  submissionId: Ref,
  verifierId: Ref,
  reasons: Text(2000),
  rejectedOn: BusinessDateSchema,
});

export const FindingRectificationVerifiedSchema = z.strictObject({
  submissionId: Ref,
  verifierId: Ref,
  /** 查验结论. */
  conclusion: Text(2000),
  verifiedOn: BusinessDateSchema,
});

/** 销号. */
export const FindingClosedSchema = z.strictObject({
  submissionId: Ref,
  closedBy: Ref,
  closedOn: BusinessDateSchema,
});

export const FindingDeadlineExtensionRequestedSchema = z.strictObject({
  extensionId: Ref,
  additionalWorkingDays: z.number().int().min(1).max(250),
  reason: Text(1000),
  requestedBy: Ref,
  requestedOn: BusinessDateSchema,
});

export const FindingDeadlineExtendedSchema = z.strictObject({
  extensionId: Ref,
  additionalWorkingDays: z.number().int().min(1).max(250),
  previousDeadlineOn: BusinessDateSchema,
  deadlineOn: BusinessDateSchema,
  approvedBy: Ref,
  approvedOn: BusinessDateSchema,
});

export const FindingDeadlineExtensionRefusedSchema = z.strictObject({
  extensionId: Ref,
  refusedBy: Ref,
  reason: Text(1000),
  refusedOn: BusinessDateSchema,
});

export const FindingWithdrawnSchema = z.strictObject({
  reason: Text(1000),
  withdrawnBy: Ref,
  withdrawnOn: BusinessDateSchema,
});

/** A sanction the institution's stream recorded because of this finding. */
export const FindingSanctionRecordedSchema = z.strictObject({
  sanctionId: Ref,
  step: SanctionStepSchema,
  /** `overdue`: issued because the rectification deadline passed (policy rule). */
  trigger: z.enum(['finding', 'overdue']),
  reason: Text(500),
  on: BusinessDateSchema,
});

export const FindingEventSchemas = {
  FindingRaised: FindingRaisedSchema,
  FindingInspectorRecused: FindingInspectorRecusedSchema,
  FindingRectificationSubmitted: FindingRectificationSubmittedSchema,
  FindingRectificationRejected: FindingRectificationRejectedSchema,
  FindingRectificationVerified: FindingRectificationVerifiedSchema,
  FindingClosed: FindingClosedSchema,
  FindingDeadlineExtensionRequested: FindingDeadlineExtensionRequestedSchema,
  FindingDeadlineExtended: FindingDeadlineExtendedSchema,
  FindingDeadlineExtensionRefused: FindingDeadlineExtensionRefusedSchema,
  FindingWithdrawn: FindingWithdrawnSchema,
  FindingSanctionRecorded: FindingSanctionRecordedSchema,
} as const;

type Schemas = typeof FindingEventSchemas;
export type FindingEventType = keyof Schemas;
export type FindingEventOf<T extends FindingEventType> = { readonly type: T; readonly data: z.output<Schemas[T]> };
export type FindingEvent = { [T in FindingEventType]: FindingEventOf<T> }[FindingEventType];
