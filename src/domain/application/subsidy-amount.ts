import { invariant, reject, type Rejection } from '../decider.ts';
import { skillUpgradeRuleOn, trainingSubsidyRuleOn, type PolicySet } from '../policy/policy-set.ts';
import { skillUpgradeAmountFen, trainingSubsidyAmountFen } from '../policy/subsidy-amount.ts';
import { PolicyNotInForceError, type PolicyVersion } from '../policy/versioned.ts';
import type { CertificateFacts, ProjectFacts } from './context.ts';
import type { AmountBasis } from './events.ts';

/**
 * The subsidy amount, from the rate table version in force on the CERTIFICATE's issue
 * date (not the class's or the application's): a table revised between the exam and the
 * application does not change what the certificate earned.
 *
 * Training subsidy (职业培训补贴): the level's rate when the project's standard hours were
 * attended; otherwise, the certificate having been earned all the same, 100 yuan per full
 * 8-hour day attended, capped at 60 % of the rate (all three numbers are policy data).
 * Skill-upgrade subsidy (技能提升补贴): the level's rate; levels the table omits get none.
 */
export interface Amount {
  readonly amountFen: number;
  readonly basis: AmountBasis;
}

/** The version in force on the certificate date, or `application.no_policy_in_force`. */
function ruleOn<T>(lookup: () => PolicyVersion<T>): PolicyVersion<T> | Rejection {
  try {
    return lookup();
  } catch (err) {
    if (err instanceof PolicyNotInForceError) return reject('application.no_policy_in_force', err.message, 'certificateSerial');
    throw err;
  }
}

export function trainingSubsidy(policy: PolicySet, certificate: CertificateFacts, project: ProjectFacts, attendedHours: number): Amount | Rejection {
  const version = ruleOn(() => trainingSubsidyRuleOn(policy, certificate.issuedOn));
  if ('rejected' in version) return version;
  const rule = version.value;
  const hours = { standardHours: project.standardHours, attendedHours };
  const amountFen = trainingSubsidyAmountFen(rule, certificate.level, hours);
  const rateFen = rule.ratesFen[certificate.level];
  const common = { policyEffectiveFrom: version.effectiveFrom, policySource: version.source, rateFen, standardHours: project.standardHours, attendedHours };
  if (attendedHours >= project.standardHours) {
    return { amountFen, basis: { rule: 'standard_rate', ...common, fullDays: null, capFen: null } };
  }
  const { feePerDayFen, hoursPerDay, capPercent } = rule.hoursShort;
  const fullDays = Math.floor(Math.max(0, attendedHours) / hoursPerDay);
  const capFen = Math.floor((rateFen * capPercent) / 100);
  // The recorded basis must recompute to the amount, or an auditor could not follow it.
  invariant(Math.min(fullDays * feePerDayFen, capFen) === amountFen, 'hours-short basis recomputes to the amount');
  return { amountFen, basis: { rule: 'hours_short', ...common, fullDays, capFen } };
}

export function skillUpgradeSubsidy(policy: PolicySet, certificate: CertificateFacts): Amount | Rejection {
  const version = ruleOn(() => skillUpgradeRuleOn(policy, certificate.issuedOn));
  if ('rejected' in version) return version;
  const amountFen = skillUpgradeAmountFen(version.value, certificate.level);
  if (amountFen === undefined) {
    return reject('application.level_not_covered', `no skill-upgrade subsidy for level ${certificate.level}`, 'certificateSerial');
  }
  return {
    amountFen,
    basis: {
      rule: 'skill_upgrade_rate',
      policyEffectiveFrom: version.effectiveFrom,
      policySource: version.source,
      rateFen: amountFen,
      standardHours: null,
      attendedHours: null,
      fullDays: null,
      capFen: null,
    },
  };
}
