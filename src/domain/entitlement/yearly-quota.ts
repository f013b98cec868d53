import { reject, type Rejection } from '../decider.ts';
import type { QuotaRule } from '../policy/rules.ts';
import { skillUpgradeLimitPerYear } from '../policy/subsidy-amount.ts';
import type { ClaimCandidate } from './claim.ts';
import { activeClaims, type EntitlementState } from './state.ts';

/**
 * Per person per calendar year: at most `subsidiesPerPersonPerYear` subsidies, training
 * and skill-upgrade together, whoever they are paid to (a subsidy paid to an institution
 * under a proxy agreement still counts against the trainee). From 2025 skill-upgrade
 * subsidies have their own, smaller limit, raised for shortage occupations. Both limits
 * are policy data. Reserved claims count as well as paid ones: that is what stops two
 * applications submitted in parallel from both fitting under the limit.
 */
export function requireWithinYearlyQuota(state: EntitlementState, claim: ClaimCandidate, rule: QuotaRule): Rejection | undefined {
  const sameYear = activeClaims(state).filter((c) => c.year === claim.year);
  if (sameYear.length >= rule.subsidiesPerPersonPerYear) {
    return reject(
      'entitlement.yearly_quota_exceeded',
      `${sameYear.length} subsidies already claimed in ${claim.year}; the limit is ${rule.subsidiesPerPersonPerYear}`,
      'personRef',
    );
  }
  if (claim.subsidyKind !== 'skill_upgrade') return undefined;
  const limit = skillUpgradeLimitPerYear(rule, claim.shortageOccupation);
  const upgrades = sameYear.filter((c) => c.subsidyKind === 'skill_upgrade').length;
  if (upgrades >= limit) {
    return reject(
      'entitlement.skill_upgrade_quota_exceeded',
      `${upgrades} skill-upgrade subsidies already claimed in ${claim.year}; the limit for this occupation is ${limit}`,
      'personRef',
    );
  }
  return undefined;
}
