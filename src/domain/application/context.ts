import type { BusinessDate } from '../calendar/business-date.ts';
import type { EntitlementState } from '../entitlement/state.ts';
import type { CertificateLevel } from '../policy/certificate-level.ts';
import type { PolicySet } from '../policy/policy-set.ts';

/**
 * Facts the application decider needs from outside its stream. The app layer builds them
 * from projections (and, for the entitlement, from the person's entitlement stream) at
 * the moment of the command; the decider trusts them as of that moment. Where a fact can
 * change under a race (the person's other claims, the fund's balance) the stream that
 * owns it decides again under its own expected revision (see saga.ts), so a stale fact
 * here can refuse early but never let money through.
 */
export interface ApplicationContext {
  /** The policy set loaded at start: rate tables, quotas, procedure, working-day calendar. */
  readonly policy: PolicySet;
  /** Required for SubmitApplication; ignored by every other command. */
  readonly submission?: SubmissionFacts;
  /**
   * The request's own business date (Asia/Shanghai, from the command context's clock).
   * A step dated after it is refused: a future date would let approval and payment run
   * before the publicity it claims to follow has happened. Absent only for replays of
   * recorded histories, which are judged on their own dates.
   */
  readonly today?: BusinessDate;
}

/** The certificate as the trainee's record holds it (trainee aggregate). */
export interface CertificateFacts {
  readonly serial: string;
  /** Whose certificate it is: must be the applicant person. */
  readonly personRef: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly issuedOn: BusinessDate;
}

/**
 * The catalogued project in force on the class's first day, for the certificate's
 * occupation and level (catalogue `projectInForce`): undefined when none was catalogued.
 */
export interface ProjectFacts {
  readonly projectId: string;
  readonly occupationCode: string;
  readonly level: CertificateLevel;
  readonly standardHours: number;
}

/** The real-name class and this trainee's part in it (class aggregate). */
export interface ClassFacts {
  readonly classId: string;
  readonly institutionId: string;
  readonly projectId: string;
  readonly startOn: BusinessDate;
  readonly endOn: BusinessDate;
  /** Completed (结业) classes only may lead to a subsidy. */
  readonly completed: boolean;
  /** Whether the person was on the approved roster. */
  readonly onRoster: boolean;
  /** Hours the person attended, from the verified check-ins. */
  readonly attendedHours: number;
}

/**
 * Whether the institution could train the project's occupation on EVERY day of the class
 * (institution `mayTrainThroughout` over startOn..endOn): listed in the catalogue, approved
 * for the occupation and not suspended, delisted, blacklisted or revoked. When not, the
 * first day it could not and why. `status` 'unlisted' means never catalogued (or not yet).
 */
export type InstitutionStanding =
  | { readonly ok: true }
  | { readonly ok: false; readonly on: BusinessDate; readonly status: string; readonly cause: 'status' | 'occupation' };

export interface InstitutionFacts {
  readonly institutionId: string;
  readonly standing: InstitutionStanding;
  /** A 代为申请协议 with this person is on file (needed when the institution applies). */
  readonly proxyAgreementOnFile: boolean;
}

export interface SubmissionFacts {
  /** The certificate named by the command's serial, or undefined when the trainee record has none. */
  readonly certificate: CertificateFacts | undefined;
  /** Training subsidies only. */
  readonly trainingClass: ClassFacts | undefined;
  readonly project: ProjectFacts | undefined;
  readonly institution: InstitutionFacts | undefined;
  /** Months of unemployment-insurance contributions on the submission date (skill-upgrade). */
  readonly insuredMonths: number | undefined;
  /** Whether the certificate's occupation is on the shortage list (policy data of the region). */
  readonly shortageOccupation: boolean;
  /** The person's entitlement stream, folded: their other claims. */
  readonly entitlement: EntitlementState;
}
