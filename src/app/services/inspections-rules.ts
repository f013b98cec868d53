import { DEFAULT_INSPECTION_RULES, InspectionRulesSchema, type InspectionRules } from '../../domain/inspection/rules.ts';

/**
 * The inspection rules this deployment runs with. Results are published within 20
 * working days of an inspection's end; tracking lists findings due within 3 working days.
 *
 * Overdue rectification: domain.md says a missed rectification deadline can trigger
 * delisting (移出目录) *(local)*, and the policy data (data/policy) holds no table for it
 * yet, so the local rule is set here: a finding still open past its deadline leads to
 * delisting, issued by the sweep (sanctions.ts). Moving this into the versioned policy
 * data is a change of this one constant.
 */
export const INSPECTION_RULES: InspectionRules = Object.freeze(
  InspectionRulesSchema.parse({ ...DEFAULT_INSPECTION_RULES, overdueRectificationSanction: 'delist' }),
);
