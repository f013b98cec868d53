import { z } from 'zod';
import { CertificateLevelSchema } from './certificate-level.ts';

/** An amount of money in fen (分): a non-negative safe integer. */
export const FenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const PositiveInt = z.number().int().positive();

/** 职业培训补贴: a rate per certificate level, and the rule for trainees short of hours. */
export const TrainingSubsidyRuleSchema = z.object({
  ratesFen: z
    .object({
      junior: FenSchema,
      intermediate: FenSchema,
      senior: FenSchema,
      technician: FenSchema,
      senior_technician: FenSchema,
      special_ability: FenSchema,
      training_qualified: FenSchema,
    })
    .strict(),
  /**
   * Certificate earned but fewer hours attended than the project's standard: a fee per
   * full day of `hoursPerDay` hours attended, capped at `capPercent` % of the level's rate.
   */
  hoursShort: z
    .object({
      feePerDayFen: FenSchema,
      hoursPerDay: PositiveInt,
      capPercent: z.number().int().min(0).max(100),
    })
    .strict(),
}).strict();

/** 技能提升补贴 (unemployment insurance): rates for the levels it covers, insured months. */
export const SkillUpgradeRuleSchema = z.object({
  /** Levels absent here get no skill-upgrade subsidy. */
  ratesFen: z.partialRecord(CertificateLevelSchema, FenSchema),
  /** Months of unemployment-insurance contributions required (12; 36 under the older rule). */
  insuredMonthsMin: PositiveInt,
}).strict();

/** How many subsidies one person may receive in a calendar year. */
export const QuotaRuleSchema = z.object({
  /** Training and skill-upgrade subsidies together, including those paid to an institution. */
  subsidiesPerPersonPerYear: PositiveInt,
  /**
   * A further limit on skill-upgrade subsidies alone: `base` a year, plus
   * `shortageOccupationBonus` for occupations on the shortage list. null: no separate limit.
   */
  skillUpgradePerYear: z
    .object({ base: z.number().int().nonnegative(), shortageOccupationBonus: z.number().int().nonnegative() })
    .strict()
    .nullable(),
}).strict();

/** Time limits of the application procedure. */
export const ProcedureRuleSchema = z.object({
  /** An application must be made within this many months of the certificate's issue date. */
  applicationWindowMonths: PositiveInt,
  /** 公示: how long the recipient list is published before payment (local; 7 days elsewhere). */
  publicityWorkingDays: PositiveInt,
  /** Each review step must be done within this many working days. */
  reviewDeadlineWorkingDays: PositiveInt,
}).strict();

export type TrainingSubsidyRule = z.infer<typeof TrainingSubsidyRuleSchema>;
export type SkillUpgradeRule = z.infer<typeof SkillUpgradeRuleSchema>;
export type QuotaRule = z.infer<typeof QuotaRuleSchema>;
export type ProcedureRule = z.infer<typeof ProcedureRuleSchema>;
