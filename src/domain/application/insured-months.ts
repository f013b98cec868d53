import { reject, type Rejection } from '../decider.ts';
import { skillUpgradeRuleOn, type PolicySet } from '../policy/policy-set.ts';
import { insuredLongEnough } from '../policy/subsidy-amount.ts';
import type { CertificateFacts } from './context.ts';

/**
 * 技能提升补贴 is for workers insured long enough: 12 months of unemployment-insurance
 * contributions under the rule from 2019 (36 under the older one), per the table version
 * in force on the certificate's issue date. Call after the amount (which already
 * reported a missing policy version).
 */
export function requireInsuredLongEnough(policy: PolicySet, certificate: CertificateFacts, insuredMonths: number | undefined): Rejection | undefined {
  const rule = skillUpgradeRuleOn(policy, certificate.issuedOn).value;
  const months = insuredMonths ?? 0;
  if (insuredLongEnough(rule, months)) return undefined;
  return reject('application.insured_months_short', `insured ${months} months; at least ${rule.insuredMonthsMin} are required`, 'personRef');
}
