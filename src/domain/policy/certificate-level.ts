import { z } from 'zod';

/**
 * Certificate levels a subsidy can be paid for. The five graded levels follow the
 * national vocational skill grades (五级/初级工 … 一级/高级技师); the two ungraded
 * certificates are the 专项职业能力证书 and the 培训合格证书.
 */
export const CERTIFICATE_LEVELS = [
  'junior', // 初级 (level 5)
  'intermediate', // 中级 (level 4)
  'senior', // 高级 (level 3)
  'technician', // 技师 (level 2)
  'senior_technician', // 高级技师 (level 1)
  'special_ability', // 专项职业能力
  'training_qualified', // 培训合格
] as const;

export type CertificateLevel = (typeof CERTIFICATE_LEVELS)[number];

export const CertificateLevelSchema = z.enum(CERTIFICATE_LEVELS);

export type GradedCertificateLevel = 'junior' | 'intermediate' | 'senior' | 'technician' | 'senior_technician';

export interface CertificateLevelInfo {
  readonly zh: string;
  /** National grade: 5 (初级) … 1 (高级技师); null for ungraded certificates. */
  readonly grade: 1 | 2 | 3 | 4 | 5 | null;
}

export const CERTIFICATE_LEVEL_INFO: Readonly<Record<CertificateLevel, CertificateLevelInfo>> = {
  junior: { zh: '初级', grade: 5 },
  intermediate: { zh: '中级', grade: 4 },
  senior: { zh: '高级', grade: 3 },
  technician: { zh: '技师', grade: 2 },
  senior_technician: { zh: '高级技师', grade: 1 },
  special_ability: { zh: '专项职业能力', grade: null },
  training_qualified: { zh: '培训合格', grade: null },
};

export function isGradedLevel(level: CertificateLevel): level is GradedCertificateLevel {
  return CERTIFICATE_LEVEL_INFO[level].grade !== null;
}

/**
 * Compares two graded levels of one occupation: positive when `a` is the higher skill
 * (grade 1 is the highest), for the rule "after a higher level is paid, a lower level is
 * refused". Undefined when either level is ungraded: they have no order.
 */
export function compareLevels(a: CertificateLevel, b: CertificateLevel): number | undefined {
  const ga = CERTIFICATE_LEVEL_INFO[a].grade;
  const gb = CERTIFICATE_LEVEL_INFO[b].grade;
  if (ga === null || gb === null) return undefined;
  return gb - ga;
}

/** 职业培训补贴 (employment subsidy fund) or 技能提升补贴 (unemployment insurance). */
export const SUBSIDY_KINDS = ['training', 'skill_upgrade'] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];
export const SubsidyKindSchema = z.enum(SUBSIDY_KINDS);
