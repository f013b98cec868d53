import { z } from 'zod';
import type { BusinessDate } from '../calendar/business-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import {
  ProcedureRuleSchema,
  QuotaRuleSchema,
  SkillUpgradeRuleSchema,
  TrainingSubsidyRuleSchema,
  type ProcedureRule,
  type QuotaRule,
  type SkillUpgradeRule,
  type TrainingSubsidyRule,
} from './rules.ts';
import { policyInForce, versionedTableSchema, type PolicyVersion, type VersionedTable } from './versioned.ts';

/**
 * Everything rule-shaped the deciders need, as one immutable value. The app layer loads
 * it once at start (src/policy/load.ts) and passes it in; domain code never reads files.
 */
export interface PolicySet {
  /** Whose rules these are, e.g. `jiangxi`. */
  readonly region: string;
  readonly trainingSubsidy: VersionedTable<TrainingSubsidyRule>;
  readonly skillUpgrade: VersionedTable<SkillUpgradeRule>;
  readonly quota: VersionedTable<QuotaRule>;
  readonly procedure: VersionedTable<ProcedureRule>;
  readonly calendar: WorkingCalendar;
}

/** The names of the versioned tables, as used in file names and errors. */
export const POLICY_TABLES = {
  trainingSubsidy: { file: 'training-subsidy.json', schema: versionedTableSchema(TrainingSubsidyRuleSchema) },
  skillUpgrade: { file: 'skill-upgrade.json', schema: versionedTableSchema(SkillUpgradeRuleSchema) },
  quota: { file: 'quota.json', schema: versionedTableSchema(QuotaRuleSchema) },
  procedure: { file: 'procedure.json', schema: versionedTableSchema(ProcedureRuleSchema) },
} as const;

export type PolicyTableName = keyof typeof POLICY_TABLES;

/** A table file: a description for people, and the versions. */
export function policyTableFileSchema<S extends z.ZodType>(versions: S) {
  return z.object({ description: z.string().optional(), versions }).strict();
}

/** The training-subsidy rule in force on `date` (use the certificate's issue date). */
export function trainingSubsidyRuleOn(policy: PolicySet, date: BusinessDate): PolicyVersion<TrainingSubsidyRule> {
  return policyInForce(policy.trainingSubsidy, date, 'trainingSubsidy');
}

/** The skill-upgrade rule in force on `date` (use the certificate's issue date). */
export function skillUpgradeRuleOn(policy: PolicySet, date: BusinessDate): PolicyVersion<SkillUpgradeRule> {
  return policyInForce(policy.skillUpgrade, date, 'skillUpgrade');
}

/** The quota rule in force on `date`. */
export function quotaRuleOn(policy: PolicySet, date: BusinessDate): PolicyVersion<QuotaRule> {
  return policyInForce(policy.quota, date, 'quota');
}

/** The procedure rule (windows, publicity, review deadlines) in force on `date`. */
export function procedureRuleOn(policy: PolicySet, date: BusinessDate): PolicyVersion<ProcedureRule> {
  return policyInForce(policy.procedure, date, 'procedure');
}
