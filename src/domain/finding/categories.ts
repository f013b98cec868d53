import { z } from 'zod';

/**
 * The kinds of problem inspections find in subsidised training (domain.md, findings),
 * as stable codes; the Chinese labels are what the ledger and its exports show.
 */
export const FINDING_CATEGORIES = [
  'fake_trainees',
  'fake_content',
  'fake_project',
  'borrowed_credentials',
  'inflated_headcount',
  'duplicate_claim',
  'over_standard_payment',
  'hours_short',
  'proxy_signature',
  'diversion_of_funds',
  'other',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const FindingCategorySchema = z.enum(FINDING_CATEGORIES);

export const FINDING_CATEGORY_LABELS: Readonly<Record<FindingCategory, string>> = {
  fake_trainees: '假学员',
  fake_content: '假内容',
  fake_project: '假项目',
  borrowed_credentials: '假资质',
  inflated_headcount: '虚报人数',
  duplicate_claim: '重复申领',
  over_standard_payment: '超标准拨付',
  hours_short: '课时不足',
  proxy_signature: '代签',
  diversion_of_funds: '挤占挪用',
  other: '其他',
};
