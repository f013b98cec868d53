import { reject, type Rejection } from '../decider.ts';
import { procedureRuleOn, type PolicySet } from '../policy/policy-set.ts';
import { applicationWindowLastDay, withinApplicationWindow } from '../policy/subsidy-amount.ts';
import { PolicyNotInForceError } from '../policy/versioned.ts';
import type { CertificateFacts } from './context.ts';

/**
 * Apply within 12 months (policy data) of the certificate's issue date, and not before
 * it. A procedural rule: the version in force on the day of the application applies
 * (the amount, by contrast, follows the certificate's date).
 */
export function requireWithinApplicationWindow(policy: PolicySet, certificate: CertificateFacts, submittedOn: string): Rejection | undefined {
  let rule;
  try {
    rule = procedureRuleOn(policy, submittedOn).value;
  } catch (err) {
    if (err instanceof PolicyNotInForceError) return reject('application.no_policy_in_force', err.message, 'submittedOn');
    throw err;
  }
  if (withinApplicationWindow(rule, certificate.issuedOn, submittedOn)) return undefined;
  return reject(
    'application.outside_application_window',
    `the certificate was issued on ${certificate.issuedOn}; applications are accepted from then until ${applicationWindowLastDay(rule, certificate.issuedOn)}`,
    'submittedOn',
  );
}
