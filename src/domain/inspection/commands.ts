import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema, parseCommand } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { RegionCodeSchema } from '../fund/schemas-common.ts';
import { CreditCodeSchema } from '../identity/credit-code.ts';
import { Sha256HexSchema } from './evidence.ts';
import { SubjectRefSchema } from './events.ts';
import { freeTextSchema } from './free-text.ts';

/**
 * Commands on one inspection (`inspection-{inspectionId}`). Who acts is named in the
 * command (openedBy, inspectorId …); the app layer fills it from the authenticated
 * principal, and the decider checks that the person is on the inspection's team.
 */

const Ref = EntityIdSchema;
const uniqueRefs = (min: number, max: number, what: string) =>
  z
    .array(Ref)
    .min(min, { message: `at least ${min} ${what}` })
    .max(max, { message: `at most ${max} ${what}` })
    .refine((ids) => new Set(ids).size === ids.length, { message: `the same ${what.replace(/s$/, '')} is listed twice` });

const BasisInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('draw'), drawId: Ref, assignmentId: Ref }),
  z.strictObject({ kind: z.literal('special'), statedBasis: freeTextSchema(2000), documentRef: z.string().trim().min(1).max(200).nullable().default(null) }),
]);

export const OpenInspectionSchema = z.strictObject({
  type: z.literal('OpenInspection'),
  inspectionId: Ref,
  basis: BasisInputSchema,
  institutionId: CreditCodeSchema,
  regionCode: RegionCodeSchema,
  classIds: uniqueRefs(0, 200, 'classes').default([]),
  matterCodes: uniqueRefs(1, 50, 'matters'),
  /** 双随机 sends at least two inspectors to every subject; so does law enforcement. */
  inspectorIds: uniqueRefs(2, 10, 'inspectors'),
  startedOn: BusinessDateSchema,
  openedBy: Ref,
});

export const RecordMatterCheckedSchema = z.strictObject({
  type: z.literal('RecordMatterChecked'),
  inspectionId: Ref,
  matterCode: Ref,
  inspectorId: Ref,
  checkedOn: BusinessDateSchema,
  note: freeTextSchema(2000).nullable().default(null),
});

export const AttachEvidenceSchema = z.strictObject({
  type: z.literal('AttachEvidence'),
  inspectionId: Ref,
  evidenceId: Ref,
  sha256: Sha256HexSchema,
  description: freeTextSchema(2000),
  attachedBy: Ref,
  attachedOn: BusinessDateSchema,
});

export const RecordSubjectResultSchema = z.strictObject({
  type: z.literal('RecordSubjectResult'),
  inspectionId: Ref,
  subject: SubjectRefSchema,
  outcome: z.enum(['no_problem', 'findings']),
  findingIds: uniqueRefs(0, 100, 'findings').default([]),
  evidenceIds: uniqueRefs(0, 200, 'evidence ids').default([]),
  recordedBy: Ref,
  recordedOn: BusinessDateSchema,
});

export const CompleteInspectionSchema = z.strictObject({
  type: z.literal('CompleteInspection'),
  inspectionId: Ref,
  endedOn: BusinessDateSchema,
  completedBy: Ref,
});

export const PublishInspectionResultsSchema = z.strictObject({
  type: z.literal('PublishInspectionResults'),
  inspectionId: Ref,
  publishedOn: BusinessDateSchema,
  publicationRef: z.string().trim().min(1).max(200),
  publishedBy: Ref,
});

export const InspectionCommandSchema = z.discriminatedUnion('type', [
  OpenInspectionSchema,
  RecordMatterCheckedSchema,
  AttachEvidenceSchema,
  RecordSubjectResultSchema,
  CompleteInspectionSchema,
  PublishInspectionResultsSchema,
]);

export type InspectionCommand = z.output<typeof InspectionCommandSchema>;
export type InspectionCommandOf<T extends InspectionCommand['type']> = Extract<InspectionCommand, { type: T }>;

/** Validates raw input; `inspection.invalid_command` naming the field at fault otherwise. */
export function parseInspectionCommand(input: unknown): InspectionCommand | Rejection {
  return parseCommand(InspectionCommandSchema, input, 'inspection');
}
