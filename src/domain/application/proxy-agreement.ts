import { reject, type Rejection } from '../decider.ts';
import type { SubsidyKind } from '../policy/certificate-level.ts';
import type { ClassFacts, InstitutionFacts } from './context.ts';
import type { Applicant } from './events.ts';

/**
 * An institution may apply for (and be paid) a trainee's TRAINING subsidy only under a
 * 代为申请协议 with that trainee, and only the institution that ran the class. The
 * skill-upgrade subsidy is the insured worker's own and goes to their card.
 */
export function requireProxyAllowed(
  applicant: Applicant,
  kind: SubsidyKind,
  cls: ClassFacts | undefined,
  institution: InstitutionFacts | undefined,
): Rejection | undefined {
  if (applicant.kind === 'trainee') return undefined;
  if (kind !== 'training') return reject('application.proxy_not_allowed', 'a skill-upgrade subsidy is applied for by the worker', 'applicant');
  if (!cls || applicant.institutionId !== cls.institutionId) {
    return reject('application.proxy_institution_mismatch', `institution ${applicant.institutionId} did not run the class`, 'applicant.institutionId');
  }
  if (!institution?.proxyAgreementOnFile) {
    return reject('application.proxy_agreement_missing', 'no proxy agreement with the person is on file', 'applicant.proxyAgreementRef');
  }
  return undefined;
}
