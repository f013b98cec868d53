import { z } from 'zod';
import { BusinessDateSchema, InstantSchema } from '../calendar/business-date.ts';
import { EntityIdSchema, parseCommand, textSchema } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { CreditCodeSchema } from '../identity/credit-code.ts';
import { RegionCodeSchema } from '../institution/events.ts';
import {
  AssignmentRulesSchema,
  DrandChainTimingSchema,
  ID_LIST_MAX,
  INSPECTORS_MAX,
  InspectorEntrySchema,
  RandomnessValueSchema,
  SampleDesignSchema,
  SubjectEntrySchema,
  SUBJECTS_MAX,
  SubsidyPeriodSchema,
} from './schemas.ts';

/**
 * Commands on one inspection plan. The stream (`inspectionplan-{planId}`) is chosen by the
 * app layer from the planId of the draft. Every command carries `at`, the instant it is
 * made (the app layer's clock): the commitment rules compare it with when the random
 * value can exist.
 *
 * Credit codes are accepted in any case and stored normalised (upper case). Roster entries
 * are strict: a stray key (an inspector's `name`) is refused and named, because names are
 * never written into events nor published with the draw.
 */

const CreditCodes = z.array(CreditCodeSchema).max(ID_LIST_MAX);

export const SubjectInputSchema = SubjectEntrySchema.extend({ id: CreditCodeSchema });
export const InspectorInputSchema = InspectorEntrySchema.extend({
  conflictInstitutionIds: CreditCodes.optional(),
  formerEmployerIds: CreditCodes.optional(),
});

const PlanContentInput = {
  /** A matter of the province's published list (随机抽查事项清单). */
  matterId: EntityIdSchema,
  title: textSchema(200),
  subsidyPeriod: SubsidyPeriodSchema,
  subjects: z.array(SubjectInputSchema).min(1).max(SUBJECTS_MAX),
  inspectors: z.array(InspectorInputSchema).max(INSPECTORS_MAX),
  design: SampleDesignSchema,
  assignment: AssignmentRulesSchema,
};

export const DraftInspectionPlanSchema = z.strictObject({
  type: z.literal('DraftInspectionPlan'),
  planId: EntityIdSchema,
  regionCode: RegionCodeSchema,
  replacesPlanId: EntityIdSchema.optional(),
  ...PlanContentInput,
  at: InstantSchema,
});

/** Replaces the whole content of a plan not yet committed. */
export const ReviseInspectionPlanSchema = z.strictObject({
  type: z.literal('ReviseInspectionPlan'),
  ...PlanContentInput,
  at: InstantSchema,
});

/** drand: chain timing may be omitted for the chains the system knows (see commitment.ts). */
export const CommittedSourceInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('drand'),
    chainHash: z.string().regex(/^[0-9a-fA-F]{64}$/, { message: 'expected 64 hexadecimal digits' }).transform((s) => s.toLowerCase()),
    round: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    chain: DrandChainTimingSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('lottery'), name: textSchema(200), drawDate: BusinessDateSchema }),
]);

export const CommitPlanRandomnessSchema = z.strictObject({
  type: z.literal('CommitPlanRandomness'),
  source: CommittedSourceInputSchema,
  at: InstantSchema,
});

const HexLower = (max: number) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{2,${max}}$`), { message: 'expected hexadecimal digits' })
    .transform((s) => s.toLowerCase());

export const RandomnessValueInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('drand'),
    randomness: HexLower(64).refine((s) => s.length === 64, { message: 'expected 64 hexadecimal digits' }),
    signature: HexLower(1024).optional(),
  }),
  RandomnessValueSchema.options[1],
]);

export const EnterPlanRandomnessSchema = z.strictObject({
  type: z.literal('EnterPlanRandomness'),
  value: RandomnessValueInputSchema,
  at: InstantSchema,
});

export const DrawInspectionPlanSchema = z.strictObject({
  type: z.literal('DrawInspectionPlan'),
  at: InstantSchema,
});

export const InspectionPlanCommandSchema = z.discriminatedUnion('type', [
  DraftInspectionPlanSchema,
  ReviseInspectionPlanSchema,
  CommitPlanRandomnessSchema,
  EnterPlanRandomnessSchema,
  DrawInspectionPlanSchema,
]);

export type InspectionPlanCommand = z.infer<typeof InspectionPlanCommandSchema>;
export type InspectionPlanCommandOf<K extends InspectionPlanCommand['type']> = Extract<InspectionPlanCommand, { type: K }>;

export function parseInspectionPlanCommand(input: unknown): InspectionPlanCommand | Rejection {
  return parseCommand(InspectionPlanCommandSchema, input, 'inspection_plan');
}
