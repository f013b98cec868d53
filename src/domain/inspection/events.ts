import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema } from '../command-input.ts';
import { RegionCodeSchema } from '../fund/schemas-common.ts';
import { StoredCreditCodeSchema } from '../institution/events.ts';
import { Sha256HexSchema } from './evidence.ts';
import { holdsPersonalNumber } from './free-text.ts';

/**
 * Events of one inspection, stream `inspection-{inspectionId}`: who inspected what, under
 * which basis, what was checked, on what evidence, and the result per subject. An
 * inspection drawn by 双随机 refers to its draw and assignment by id only (the draw is
 * another aggregate); a special inspection states its basis.
 *
 * No event holds personal data: inspectors and subjects are referred to by id, evidence
 * by the hash of its file.
 */

const Ref = EntityIdSchema;
/** Checked again on append: no identity, account or phone number in free text. */
const Text = z.string().min(1).max(2000).refine((v) => !holdsPersonalNumber(v), { message: 'must not contain an identity, account or phone number' });

export const InspectionBasisSchema = z.discriminatedUnion('kind', [
  /** Drawn at random: the draw and the assignment (subject × inspectors) it produced. */
  z.strictObject({ kind: z.literal('draw'), drawId: Ref, assignmentId: Ref }),
  /** 专项检查: a complaint, a lead, a higher office's instruction; stated, with its document. */
  z.strictObject({ kind: z.literal('special'), statedBasis: Text, documentRef: z.string().min(1).max(200).nullable() }),
]);
export type InspectionBasis = z.output<typeof InspectionBasisSchema>;

/** What an inspection looks at: the institution, or one of its classes. */
export const SubjectRefSchema = z.strictObject({ kind: z.enum(['institution', 'class']), id: Ref });
export type SubjectRef = z.output<typeof SubjectRefSchema>;

export const InspectionOpenedSchema = z.strictObject({
  inspectionId: Ref,
  basis: InspectionBasisSchema,
  institutionId: StoredCreditCodeSchema,
  regionCode: RegionCodeSchema,
  classIds: z.array(Ref).max(200),
  /** Codes of the matters (事项) on the published list this inspection covers. */
  matterCodes: z.array(Ref).min(1).max(50),
  inspectorIds: z.array(Ref).min(2).max(10),
  startedOn: BusinessDateSchema,
  openedBy: Ref,
});

export const InspectionMatterCheckedSchema = z.strictObject({
  matterCode: Ref,
  inspectorId: Ref,
  checkedOn: BusinessDateSchema,
  note: Text.nullable(),
});

export const InspectionEvidenceAttachedSchema = z.strictObject({
  evidenceId: Ref,
  sha256: Sha256HexSchema,
  description: Text,
  attachedBy: Ref,
  attachedOn: BusinessDateSchema,
});

export const InspectionSubjectResultRecordedSchema = z.strictObject({
  subject: SubjectRefSchema,
  outcome: z.enum(['no_problem', 'findings']),
  /** The findings raised on this subject (empty for no problem). */
  findingIds: z.array(Ref).max(100),
  evidenceIds: z.array(Ref).max(200),
  recordedBy: Ref,
  recordedOn: BusinessDateSchema,
});

/** The inspection's end starts the clock for publishing its results. */
export const InspectionCompletedSchema = z.strictObject({
  endedOn: BusinessDateSchema,
  completedBy: Ref,
  /** Last day on which the results may be published (working days after endedOn). */
  publicationDueOn: BusinessDateSchema,
  subjectsWithFindings: z.number().int().nonnegative(),
});

export const InspectionResultsPublishedSchema = z.strictObject({
  publishedOn: BusinessDateSchema,
  /** Where the results were published (a web page, a bulletin number). */
  publicationRef: z.string().min(1).max(200),
  publishedBy: Ref,
  /** publishedOn ≤ publicationDueOn. A late publication is still recorded, as late. */
  onTime: z.boolean(),
});

export const InspectionEventSchemas = {
  InspectionOpened: InspectionOpenedSchema,
  InspectionMatterChecked: InspectionMatterCheckedSchema,
  InspectionEvidenceAttached: InspectionEvidenceAttachedSchema,
  InspectionSubjectResultRecorded: InspectionSubjectResultRecordedSchema,
  InspectionCompleted: InspectionCompletedSchema,
  InspectionResultsPublished: InspectionResultsPublishedSchema,
} as const;

type Schemas = typeof InspectionEventSchemas;
export type InspectionEventType = keyof Schemas;
export type InspectionEventOf<T extends InspectionEventType> = { readonly type: T; readonly data: z.output<Schemas[T]> };
export type InspectionEvent = { [T in InspectionEventType]: InspectionEventOf<T> }[InspectionEventType];
