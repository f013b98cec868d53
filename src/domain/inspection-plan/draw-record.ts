import { z } from 'zod';
import { BusinessDateSchema, InstantSchema } from '../calendar/business-date.ts';
import { EntityIdSchema } from '../command-input.ts';
import { RegionCodeSchema } from '../institution/events.ts';
import {
  AssignmentRulesSchema,
  DrandChainTimingSchema,
  DrawOutcomeSchema,
  InspectorEntrySchema,
  PlanMatterSchema,
  RandomnessSourceSchema,
  RandomnessValueSchema,
  SampleDesignSchema,
  SubjectEntrySchema,
} from './schemas.ts';
import type { ExistingPlan } from './state.ts';

/**
 * The published draw record (一公开): everything anyone needs to re-run a draw and check
 * it, and nothing else — the plan, both roster snapshots with their hashes, the committed
 * source with the time its value could first exist, the value, the algorithm version and
 * the outcome; plus the plan stream's events (ids, store positions and times), so the
 * commitment can be proved, with the integrity log's inclusion proof, to have been
 * recorded before the value existed.
 *
 * Field names and shapes are those of docs/sampling.md, so a verifier in any language
 * re-runs the draw from `rosters.*.entries`, `design`, `assignment`, `randomness` and
 * `planId`, and compares the SHA-256 of the outcome's canonical JSON with `draw.outcomeHash`.
 * No person's name is in it: inspectors appear by id only.
 */

export const DRAW_RECORD_SCHEMA = 'taizhang.draw-record/1';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const DrawRecordEventSchema = z.strictObject({
  type: z.string(),
  id: z.string(),
  revision: z.int().min(0),
  /** Global position in the event store (decimal text): its leaf in the integrity log. */
  position: z.string().regex(/^\d+$/),
  recordedAt: z.string(),
});

export const DrawRecordSchema = z.strictObject({
  schema: z.literal(DRAW_RECORD_SCHEMA),
  planId: EntityIdSchema,
  regionCode: RegionCodeSchema,
  title: z.string(),
  matter: PlanMatterSchema,
  subsidyPeriod: z.strictObject({ from: BusinessDateSchema, to: BusinessDateSchema }),
  replacesPlanId: EntityIdSchema.optional(),
  status: z.enum(['draft', 'committed', 'value_entered', 'drawn', 'failed']),
  rosters: z.strictObject({
    subjects: z.strictObject({ hash: Hex64, entries: z.array(SubjectEntrySchema) }),
    inspectors: z.strictObject({ hash: Hex64, entries: z.array(InspectorEntrySchema) }),
  }),
  design: SampleDesignSchema,
  assignment: AssignmentRulesSchema,
  randomness: z
    .strictObject({
      source: RandomnessSourceSchema,
      chain: DrandChainTimingSchema.optional(),
      valueNotBefore: InstantSchema,
      committedAt: InstantSchema,
      value: RandomnessValueSchema.optional(),
      enteredAt: InstantSchema.optional(),
    })
    .optional(),
  draw: z.strictObject({ algorithm: z.string(), drawnAt: InstantSchema, outcomeHash: Hex64, outcome: DrawOutcomeSchema }).optional(),
  events: z.array(DrawRecordEventSchema),
});

export type DrawRecord = z.infer<typeof DrawRecordSchema>;
export type DrawRecordEvent = z.infer<typeof DrawRecordEventSchema>;

/** The record of a plan as folded, with its stream's events. */
export function drawRecordOf(plan: ExistingPlan, events: readonly DrawRecordEvent[]): DrawRecord {
  const c = plan.content;
  const record: DrawRecord = {
    schema: DRAW_RECORD_SCHEMA,
    planId: plan.planId,
    regionCode: plan.regionCode,
    title: c.title,
    matter: c.matter,
    subsidyPeriod: c.subsidyPeriod,
    ...(plan.replacesPlanId === undefined ? {} : { replacesPlanId: plan.replacesPlanId }),
    status: plan.status,
    rosters: {
      subjects: { hash: c.rosterHashes.subjects, entries: [...c.subjects] },
      inspectors: { hash: c.rosterHashes.inspectors, entries: [...c.inspectors] },
    },
    design: c.design,
    assignment: c.assignment,
    events: [...events],
  };
  if (plan.commitment) {
    const { source, chain, valueNotBefore, committedAt } = plan.commitment;
    record.randomness = {
      source,
      ...(chain === undefined ? {} : { chain }),
      valueNotBefore,
      committedAt,
      ...(plan.entered ? { value: plan.entered.value, enteredAt: plan.entered.enteredAt } : {}),
    };
  }
  if (plan.drawn) {
    record.draw = { algorithm: plan.drawn.outcome.algorithm, drawnAt: plan.drawn.drawnAt, outcomeHash: plan.drawn.outcomeHash, outcome: plan.drawn.outcome };
  }
  return record;
}
