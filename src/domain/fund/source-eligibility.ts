import { reject, type Rejection } from '../decider.ts';
import type { SubsidyKind } from '../policy/certificate-level.ts';
import type { FundSource } from './events.ts';

/**
 * Which subsidies a fund may pay. 技能提升补贴 is paid from unemployment insurance, so
 * only from the unemployment-insurance 专账; 职业培训补贴 is paid from employment subsidy
 * funds and, during the skills-upgrading campaign, from the 专账 as well.
 */
const ALLOWED: Readonly<Record<FundSource, readonly SubsidyKind[]>> = {
  employment_subsidy: ['training'],
  ui_special_account: ['training', 'skill_upgrade'],
};

export function requireSourceAllows(source: FundSource, kind: SubsidyKind): Rejection | undefined {
  if (ALLOWED[source].includes(kind)) return undefined;
  return reject('fund.source_not_allowed', `a ${source} fund cannot pay a ${kind} subsidy`, 'subsidyKind');
}
