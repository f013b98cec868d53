import { z } from 'zod';

/**
 * Who a trainee is for the subsidy rules: the five groups the employment subsidy fund
 * pays training for (城乡未继续升学的初高中毕业生 and others vary by province; these five
 * are the ones domain.md names) or an enterprise employee (skill-upgrade subsidy,
 * enterprise training).
 *
 * A category is itself sensitive personal information under PIPL (art. 28: health,
 * specific identities): it is kept because eligibility needs it, against a pseudonym
 * only, and never with a name.
 */
export const TRAINEE_CATEGORIES = [
  'rural_migrant_worker', // 农村转移就业劳动者
  'registered_unemployed', // 城镇登记失业人员
  'poor_household_labourer', // 脱贫家庭/低保家庭劳动力
  'graduate_in_graduation_year', // 毕业年度高校毕业生
  'disabled_person', // 残疾人
  'enterprise_employee', // 企业职工
] as const;

export type TraineeCategory = (typeof TRAINEE_CATEGORIES)[number];
export const TraineeCategorySchema = z.enum(TRAINEE_CATEGORIES);

/** The five groups subsidised by the employment subsidy fund's training subsidy. */
export function isSubsidisedGroup(category: TraineeCategory): boolean {
  return category !== 'enterprise_employee';
}

/** Only the graduates' group depends on a year, which the rules then need. */
export function needsGraduationYear(category: TraineeCategory): boolean {
  return category === 'graduate_in_graduation_year';
}
