import type { ApplicationState } from '../../domain/application/state.ts';

/**
 * What GET /applications/{id} shows: the lifecycle as folded from the application's
 * stream (until a read model exists). Pseudonyms and codes only: the person appears as
 * their personRef; names and numbers stay in the vault.
 */
export interface ApplicationView {
  applicationId: string;
  status: string;
  subsidyKind: string;
  applicant: { kind: string; institutionId?: string };
  personRef: string;
  certificate: { serial: string; occupationCode: string; level: string; issuedOn: string };
  classId: string | null;
  institutionId: string | null;
  projectId: string | null;
  quotaYear: number;
  amountFen: number;
  amountRule: string;
  submittedOn: string;
  initialReview: { reviewerId: string; decision: string } | null;
  finalReview: { reviewerId: string; decision: string } | null;
  rejection: { stage: string; reasonCode: string; decidedBy: string; rejectedOn: string } | null;
  publicity: { startOn: string; endOn: string } | null;
  objections: { objectionId: string; groundsCode: string; raisedOn: string; outcome: string }[];
  fundId: string | null;
  payments: { paymentId: string; amountFen: number; status: string }[];
  recoveredFen: number;
  recoveries: { recoveryId: string; paymentId: string; amountFen: number }[];
  withdrawal: { reasonCode: string; withdrawnOn: string; commitmentReleased: boolean } | null;
}

export function applicationView(s: ApplicationState): ApplicationView {
  const sub = s.submission;
  if (sub === null) throw new Error('invariant violated: a view of an application never submitted');
  return {
    applicationId: sub.applicationId,
    status: s.status,
    subsidyKind: sub.subsidyKind,
    // The proxy agreement's document number is the institution's business, not shown here.
    applicant: sub.applicant.kind === 'institution' ? { kind: 'institution', institutionId: sub.applicant.institutionId } : { kind: 'trainee' },
    personRef: sub.personRef,
    certificate: { ...sub.certificate },
    classId: sub.classId,
    institutionId: sub.institutionId,
    projectId: sub.projectId,
    quotaYear: sub.quotaYear,
    amountFen: sub.amountFen,
    amountRule: sub.amountBasis.rule,
    submittedOn: sub.submittedOn,
    initialReview: s.initialReview ? { ...s.initialReview } : null,
    finalReview: s.finalReview ? { ...s.finalReview } : null,
    rejection: s.rejection ? { ...s.rejection } : null,
    publicity: s.publicity ? { startOn: s.publicity.startOn, endOn: s.publicity.endOn } : null,
    objections: [...s.objections.values()].map((o) => ({ ...o })),
    fundId: s.fundId,
    payments: s.payments.map((p) => ({ ...p })),
    recoveredFen: s.recoveredFen,
    recoveries: [...s.recoveries.entries()].map(([recoveryId, r]) => ({ recoveryId, ...r })),
    withdrawal: s.withdrawal ? { ...s.withdrawal } : null,
  };
}
