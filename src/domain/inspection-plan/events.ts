import { z } from 'zod';
import { InstantSchema } from '../calendar/business-date.ts';
import { EntityIdSchema } from '../command-input.ts';
import { RegionCodeSchema } from '../institution/events.ts';
import {
  AssignmentRulesSchema,
  DrandChainTimingSchema,
  DrawFailureSchema,
  DrawSuccessSchema,
  INSPECTORS_MAX,
  InspectorEntrySchema,
  PlanMatterSchema,
  RandomnessSourceSchema,
  RandomnessValueSchema,
  RosterHashesSchema,
  SampleDesignSchema,
  SubjectEntrySchema,
  SUBJECTS_MAX,
  SubsidyPeriodSchema,
} from './schemas.ts';

/**
 * Events of one inspection plan (双随机、一公开), stream `inspectionplan-{planId}`:
 *
 *   drafted → (revised)* → randomness committed → randomness entered → drawn | draw failed
 *
 * The commitment freezes the plan: from then on its content (rosters, design, rules) can
 * never change, and the random value it names did not exist yet. The draw is a pure
 * function of the plan and that value (src/sampling); its outcome, success or failure, is
 * recorded and published whole, so a plan cannot be quietly re-drawn.
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a plan holds before commitment; a revision replaces all of it. */
const PlanContentShape = {
  matter: PlanMatterSchema,
  title: z.string().min(1).max(200),
  /** The period over which `subsidyPaidFen` of the subject roster was summed. */
  subsidyPeriod: SubsidyPeriodSchema,
  subjects: z.array(SubjectEntrySchema).min(1).max(SUBJECTS_MAX),
  inspectors: z.array(InspectorEntrySchema).max(INSPECTORS_MAX),
  design: SampleDesignSchema,
  assignment: AssignmentRulesSchema,
  /** SHA-256 of each roster's canonical form (docs/sampling.md §3). */
  rosterHashes: RosterHashesSchema,
};

export const InspectionPlanDraftedSchema = z.strictObject({
  planId: EntityIdSchema,
  /** The region whose office runs the plan; every subject lies within it. */
  regionCode: RegionCodeSchema,
  /** A plan whose draw failed, which this one replaces (with a new, future random value). */
  replacesPlanId: EntityIdSchema.optional(),
  ...PlanContentShape,
  draftedAt: InstantSchema,
});

export const InspectionPlanRevisedSchema = z.strictObject({
  ...PlanContentShape,
  revisedAt: InstantSchema,
});

export const InspectionPlanRandomnessCommittedSchema = z.strictObject({
  source: RandomnessSourceSchema,
  /** drand only: the chain's timing the expected publication time was computed from. */
  chain: DrandChainTimingSchema.optional(),
  /** The earliest time the value can exist: the drand round's time, or 00:00 of the lottery's draw date. */
  valueNotBefore: InstantSchema,
  committedAt: InstantSchema,
});

export const InspectionPlanRandomnessEnteredSchema = z.strictObject({
  value: RandomnessValueSchema,
  enteredAt: InstantSchema,
});

export const InspectionPlanDrawnSchema = z.strictObject({
  outcome: DrawSuccessSchema,
  /** SHA-256 of the outcome's canonical JSON (drawOutcomeHash). */
  outcomeHash: Hex64,
  drawnAt: InstantSchema,
});

/** The drawn subjects could not all get k acceptable inspectors: the report says why. No rule is relaxed. */
export const InspectionPlanDrawFailedSchema = z.strictObject({
  outcome: DrawFailureSchema,
  outcomeHash: Hex64,
  drawnAt: InstantSchema,
});

export const InspectionPlanEventSchemas = {
  InspectionPlanDrafted: InspectionPlanDraftedSchema,
  InspectionPlanRevised: InspectionPlanRevisedSchema,
  InspectionPlanRandomnessCommitted: InspectionPlanRandomnessCommittedSchema,
  InspectionPlanRandomnessEntered: InspectionPlanRandomnessEnteredSchema,
  InspectionPlanDrawn: InspectionPlanDrawnSchema,
  InspectionPlanDrawFailed: InspectionPlanDrawFailedSchema,
} as const;

type Schemas = typeof InspectionPlanEventSchemas;
export type InspectionPlanEvent = { [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> } }[keyof Schemas];
export type InspectionPlanEventOf<K extends InspectionPlanEvent['type']> = Extract<InspectionPlanEvent, { type: K }>;
