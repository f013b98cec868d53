import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema } from '../command-input.ts';
import { CreditGradeSchema, RegionCodeSchema, StoredCreditCodeSchema } from '../institution/events.ts';

/**
 * The parts of an inspection plan (双随机、一公开) as stored in its events: the two roster
 * snapshots (两库), the sample design, the assignment rules, the committed randomness and
 * the outcome of the draw. They mirror the input and output types of src/sampling, which
 * checks them again (and more) before drawing; these schemas bound sizes and refuse stray
 * keys, so nothing unexpected (an inspector's name, say) can ride along into an event.
 *
 * Field names are those of docs/sampling.md (`region`, `grade`, `rateBp`, …), so the
 * published record is the algorithm's input as specified, for verifiers in any language.
 *
 * Subjects are training institutions, identified by their unified social credit code (the
 * id of their `institution-` stream). Inspectors are identified by an id only (a staff or
 * law-enforcement certificate number): their names stay in the personnel system, never in
 * an event nor in the published draw record.
 */

/**
 * Bounds of one plan. The roster snapshots travel in one event and the outcome in another,
 * each under the store's 1 MiB event limit: 3 000 subjects drawn at 100 % with 10
 * inspectors each is about 1 MB of outcome. A province-wide roster beyond this needs the
 * snapshot split over several events (not built yet).
 */
export const SUBJECTS_MAX = 3_000;
export const INSPECTORS_MAX = 1_000;
export const STRATA_MAX = 500;
export const ID_LIST_MAX = 50;
/** Domain rule: at least two inspectors per subject (双随机: no inspector alone). */
export const INSPECTORS_PER_SUBJECT_MIN = 2;
export const INSPECTORS_PER_SUBJECT_MAX = 10;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected 64 lower-case hexadecimal digits' });
const Label = z.string().min(1).max(64);
const idList = <T extends z.ZodType>(item: T, max = ID_LIST_MAX) => z.array(item).max(max);

export const SubjectEntrySchema = z.strictObject({
  id: StoredCreditCodeSchema,
  region: RegionCodeSchema,
  /** Credit grade A–D on the plan's date. */
  grade: CreditGradeSchema,
  /** Subsidy paid to the institution over the plan's subsidy period, fen (the PPS size). */
  subsidyPaidFen: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** The inspectors of its last inspection: recused by rotation. */
  lastInspectorIds: idList(EntityIdSchema).optional(),
});
export type SubjectEntryData = z.infer<typeof SubjectEntrySchema>;

export const InspectorEntrySchema = z.strictObject({
  id: EntityIdSchema,
  region: RegionCodeSchema,
  qualifications: idList(Label, 50).optional(),
  /** Institutions the inspector declared a conflict of interest with (回避). */
  conflictInstitutionIds: idList(StoredCreditCodeSchema).optional(),
  formerEmployerIds: idList(StoredCreditCodeSchema).optional(),
});
export type InspectorEntryData = z.infer<typeof InspectorEntrySchema>;

export const StratumFieldSchema = z.enum(['region', 'grade']);

export const StratumSpecSchema = z
  .strictObject({
    /** The stratum's values of `stratifyBy`, in that order (a region code, a grade). */
    key: z.array(Label).max(2),
    rateBp: z.int().min(0).max(10_000).optional(),
    count: z.int().min(0).max(SUBJECTS_MAX).optional(),
  })
  .refine((s) => (s.rateBp === undefined) !== (s.count === undefined), { message: 'give exactly one of rateBp and count' });

export const FloorSpecSchema = z.strictObject({ by: StratumFieldSchema, min: z.int().min(1).max(SUBJECTS_MAX) });

export const SampleDesignSchema = z.strictObject({
  method: z.enum(['simple', 'pps', 'rfc3797']),
  stratifyBy: z.array(StratumFieldSchema).max(2),
  strata: z.array(StratumSpecSchema).min(1).max(STRATA_MAX),
  floors: z.array(FloorSpecSchema).max(2).optional(),
});
export type SampleDesignData = z.infer<typeof SampleDesignSchema>;

export const AssignmentRulesSchema = z.strictObject({
  inspectorsPerSubject: z.int().min(INSPECTORS_PER_SUBJECT_MIN).max(INSPECTORS_PER_SUBJECT_MAX),
  /** Recuse inspectors from institutions of their own region. Declared conflicts, former employers and rotation always apply. */
  excludeOwnRegion: z.boolean(),
  requiredQualification: Label.optional(),
});
export type AssignmentRulesData = z.infer<typeof AssignmentRulesSchema>;

export const SubsidyPeriodSchema = z.strictObject({ from: BusinessDateSchema, to: BusinessDateSchema });

export const RosterHashesSchema = z.strictObject({ subjects: Hex64, inspectors: Hex64 });

/** The matter (事项) of the published list the plan follows, as it read when the plan named it. */
export const PlanMatterSchema = z.strictObject({ listId: RegionCodeSchema, matterId: EntityIdSchema, title: z.string().min(1).max(200) });

// ---- randomness ----

/** A drand chain's timing (from its /info): round r is published at genesisTime + (r − 1) × periodS. */
export const DrandChainTimingSchema = z.strictObject({
  genesisTime: z.int().min(0).max(4_102_444_800),
  periodS: z.int().min(1).max(86_400),
});

export const RandomnessSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('drand'), chainHash: Hex64, round: z.int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ kind: z.literal('lottery'), name: z.string().min(1).max(200), drawDate: BusinessDateSchema }),
]);
export type RandomnessSourceData = z.infer<typeof RandomnessSourceSchema>;

export const LOTTERY_GROUPS_MAX = 10;
export const LOTTERY_NUMBERS_MAX = 50;

export const RandomnessValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('drand'), randomness: Hex64, signature: z.string().regex(/^[0-9a-f]{2,1024}$/).optional() }),
  z.strictObject({
    kind: z.literal('lottery'),
    numbers: z.array(z.array(z.int().min(0).max(1_000_000_000)).min(1).max(LOTTERY_NUMBERS_MAX)).min(1).max(LOTTERY_GROUPS_MAX),
  }),
]);
export type RandomnessValueData = z.infer<typeof RandomnessValueSchema>;

// ---- the outcome of a draw (src/sampling DrawOutcome) ----

const HashHex = Hex64;
const RecusedBySchema = z.strictObject({
  declared_conflict: z.array(z.string()),
  former_employer: z.array(z.string()),
  own_region: z.array(z.string()),
  rotation: z.array(z.string()),
});

export const DrawnSubjectSchema = z.strictObject({
  id: z.string(),
  stratum: z.string(),
  via: z.enum(['allocation', 'floor']),
  floorIndex: z.int().min(0).optional(),
  key: z.string().min(1).max(128),
});

export const DrawSuccessSchema = z.strictObject({
  ok: z.literal(true),
  algorithm: z.string().min(1).max(64),
  seed: HashHex,
  rosterHashes: RosterHashesSchema,
  rfc3797KeyString: z.string().optional(),
  strata: z.array(z.strictObject({ label: z.string(), population: z.int().min(0), allocated: z.int().min(0), drawn: z.int().min(0) })),
  subjects: z.array(DrawnSubjectSchema),
  assignments: z.array(z.strictObject({ subjectId: z.string(), inspectorIds: z.array(z.string()) })),
  load: z.strictObject({
    eligibleInspectors: z.int().min(0),
    slots: z.int().min(0),
    targetMin: z.int().min(0),
    targetMax: z.int().min(0),
    min: z.int().min(0),
    max: z.int().min(0),
    balanced: z.boolean(),
  }),
});

export const DrawFailureSchema = z.strictObject({
  ok: z.literal(false),
  algorithm: z.string().min(1).max(64),
  seed: HashHex,
  rosterHashes: RosterHashesSchema,
  rule: z.literal('recusal'),
  message: z.string().min(1).max(2000),
  subjects: z.array(DrawnSubjectSchema),
  problems: z.array(z.strictObject({ subjectId: z.string(), needed: z.int().min(0), acceptable: z.int().min(0), recusedBy: RecusedBySchema })),
});

export const DrawOutcomeSchema = z.discriminatedUnion('ok', [DrawSuccessSchema, DrawFailureSchema]);
export type DrawSuccessData = z.infer<typeof DrawSuccessSchema>;
export type DrawFailureData = z.infer<typeof DrawFailureSchema>;
