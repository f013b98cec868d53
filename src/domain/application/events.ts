import { z } from 'zod';
import { CertificateLevelSchema, SubsidyKindSchema } from '../policy/certificate-level.ts';
import {
  BusinessDateSchema,
  CertificateSerialSchema,
  DocumentRefSchema,
  FenSchema,
  OccupationCodeSchema,
  PersonRefSchema,
  PositiveFenSchema,
  ReasonCodeSchema,
  RefSchema,
} from '../fund/schemas-common.ts';

/**
 * Events of `application-{applicationId}`: the review lifecycle of one subsidy
 * application. Money is decided by the fund stream and eligibility across applications by
 * the entitlement stream; the money events here record what the fund decided (see
 * saga.ts for the order in which the streams are written).
 */

/** Who applies: the trainee, or the training institution under a 代为申请协议 (proxy agreement). */
export const ApplicantSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('trainee') }),
  z.strictObject({ kind: z.literal('institution'), institutionId: RefSchema, proxyAgreementRef: DocumentRefSchema }),
]);
export type Applicant = z.infer<typeof ApplicantSchema>;

export const CertificateRecordSchema = z.strictObject({
  serial: CertificateSerialSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  issuedOn: BusinessDateSchema,
});

/**
 * How the amount was computed, so an auditor can recompute it from the policy table:
 * the rule applied, the table version in force on the certificate's issue date, and the
 * inputs. Fields that do not apply to the rule are null.
 */
export const AmountBasisSchema = z.strictObject({
  rule: z.enum(['standard_rate', 'hours_short', 'skill_upgrade_rate']),
  policyEffectiveFrom: BusinessDateSchema,
  policySource: z.string().min(1).max(200),
  rateFen: FenSchema,
  standardHours: z.number().int().positive().nullable(),
  attendedHours: z.number().nonnegative().nullable(),
  fullDays: z.number().int().nonnegative().nullable(),
  capFen: FenSchema.nullable(),
});
export type AmountBasis = z.infer<typeof AmountBasisSchema>;

export const ApplicationSubmittedSchema = z.strictObject({
  applicationId: RefSchema,
  subsidyKind: SubsidyKindSchema,
  applicant: ApplicantSchema,
  personRef: PersonRefSchema,
  certificate: CertificateRecordSchema,
  classId: RefSchema.nullable(),
  institutionId: RefSchema.nullable(),
  projectId: RefSchema.nullable(),
  /** Calendar year the subsidy counts against in the person's quota. */
  quotaYear: z.number().int().min(2000).max(2999),
  shortageOccupation: z.boolean(),
  amountFen: PositiveFenSchema,
  amountBasis: AmountBasisSchema,
  submittedOn: BusinessDateSchema,
});

const Review = { reviewerId: RefSchema, reviewedOn: BusinessDateSchema };
export const ApplicationInitialReviewPassedSchema = z.strictObject(Review);
export const ApplicationFinalReviewPassedSchema = z.strictObject(Review);

export const REJECTION_STAGES = ['initial_review', 'final_review', 'objection'] as const;
export const ApplicationRejectedSchema = z.strictObject({
  stage: z.enum(REJECTION_STAGES),
  reasonCode: ReasonCodeSchema,
  /** The reviewer, or whoever resolved the objection. */
  decidedBy: RefSchema,
  rejectedOn: BusinessDateSchema,
});

/** 公示: the end date is `workingDays` working days after the start (start day not counted). */
export const ApplicationPublicityStartedSchema = z.strictObject({
  startOn: BusinessDateSchema,
  endOn: BusinessDateSchema,
  workingDays: z.number().int().positive(),
});

export const ApplicationObjectionRaisedSchema = z.strictObject({
  objectionId: RefSchema,
  /** A code for the grounds; the objector's words, which may name people, stay out of the log. */
  groundsCode: ReasonCodeSchema,
  raisedOn: BusinessDateSchema,
});

export const ApplicationObjectionResolvedSchema = z.strictObject({
  objectionId: RefSchema,
  outcome: z.enum(['upheld', 'dismissed']),
  reasonCode: ReasonCodeSchema,
  resolvedBy: RefSchema,
  resolvedOn: BusinessDateSchema,
});

/** The fund committed the amount (FundCommitted on `fundId`). */
export const ApplicationApprovedForPaymentSchema = z.strictObject({
  fundId: RefSchema,
  amountFen: PositiveFenSchema,
  approvedBy: RefSchema,
  approvedOn: BusinessDateSchema,
});

export const ApplicationPaymentInstructedSchema = z.strictObject({
  paymentId: RefSchema,
  fundId: RefSchema,
  amountFen: PositiveFenSchema,
  /** The trainee's social-security card, or the institution's basic account under a proxy agreement. */
  payee: z.enum(['trainee', 'institution']),
  instructedOn: BusinessDateSchema,
});

export const ApplicationPaidSchema = z.strictObject({
  paymentId: RefSchema,
  amountFen: PositiveFenSchema,
  paidOn: BusinessDateSchema,
});

export const ApplicationPaymentBouncedSchema = z.strictObject({
  paymentId: RefSchema,
  reasonCode: ReasonCodeSchema,
  bouncedOn: BusinessDateSchema,
});

export const ApplicationRecoveryRecordedSchema = z.strictObject({
  recoveryId: RefSchema,
  paymentId: RefSchema,
  amountFen: PositiveFenSchema,
  /** Recovered so far, this recovery included. */
  totalRecoveredFen: PositiveFenSchema,
  /** True when everything paid has now been recovered. */
  full: z.boolean(),
  findingId: RefSchema.nullable(),
  recoveredOn: BusinessDateSchema,
});

export const ApplicationWithdrawnSchema = z.strictObject({
  reasonCode: ReasonCodeSchema,
  withdrawnOn: BusinessDateSchema,
  /** Whether a fund commitment existed and was released (FundCommitmentReleased). */
  commitmentReleased: z.boolean(),
});

export const ApplicationEventSchemas = {
  ApplicationSubmitted: ApplicationSubmittedSchema,
  ApplicationInitialReviewPassed: ApplicationInitialReviewPassedSchema,
  ApplicationFinalReviewPassed: ApplicationFinalReviewPassedSchema,
  ApplicationRejected: ApplicationRejectedSchema,
  ApplicationPublicityStarted: ApplicationPublicityStartedSchema,
  ApplicationObjectionRaised: ApplicationObjectionRaisedSchema,
  ApplicationObjectionResolved: ApplicationObjectionResolvedSchema,
  ApplicationApprovedForPayment: ApplicationApprovedForPaymentSchema,
  ApplicationPaymentInstructed: ApplicationPaymentInstructedSchema,
  ApplicationPaid: ApplicationPaidSchema,
  ApplicationPaymentBounced: ApplicationPaymentBouncedSchema,
  ApplicationRecoveryRecorded: ApplicationRecoveryRecordedSchema,
  ApplicationWithdrawn: ApplicationWithdrawnSchema,
} as const;

type Schemas = typeof ApplicationEventSchemas;
export type ApplicationEventType = keyof Schemas;
export type ApplicationEventOf<T extends ApplicationEventType> = { readonly type: T; readonly data: z.infer<Schemas[T]> };
export type ApplicationEvent = { [T in ApplicationEventType]: ApplicationEventOf<T> }[ApplicationEventType];
