import { z } from 'zod';
import type { Rejection } from '../decider.ts';
import { SubsidyKindSchema } from '../policy/certificate-level.ts';
import { BankReferenceInputSchema, BusinessDateSchema, CertificateSerialSchema, DocumentRefInputSchema, PersonRefSchema, PositiveFenSchema, ReasonCodeSchema, RefSchema, parseCommand } from '../fund/schemas-common.ts';
import { ApplicantSchema } from './events.ts';

/**
 * Commands of a subsidy application. The submission names the certificate by serial
 * only: its occupation, level and date come from the trainee's record (the context),
 * never from what the applicant typed, and the amount is computed by the decider.
 * Reviewer and approver ids are principal ids, filled in by the app layer.
 */

export const SubmitApplicationSchema = z
  .strictObject({
    type: z.literal('SubmitApplication'),
    applicationId: RefSchema,
    subsidyKind: SubsidyKindSchema,
    applicant: ApplicantSchema,
    personRef: PersonRefSchema,
    certificateSerial: CertificateSerialSchema,
    /** The real-name class attended: required for a training subsidy, absent for a skill-upgrade one. */
    classId: RefSchema.nullable().default(null),
    submittedOn: BusinessDateSchema,
  })
  .superRefine((c, ctx) => {
    if (c.subsidyKind === 'training' && c.classId === null) {
      ctx.addIssue({ code: 'custom', path: ['classId'], message: 'a training subsidy names the class attended' });
    }
    // The skill-upgrade subsidy is for the certificate, whatever training led to it.
    if (c.subsidyKind === 'skill_upgrade' && c.classId !== null) {
      ctx.addIssue({ code: 'custom', path: ['classId'], message: 'a skill-upgrade subsidy names no class' });
    }
  });

const reviewFields = {
  applicationId: RefSchema,
  reviewerId: RefSchema,
  decision: z.enum(['approve', 'reject']),
  /** Required when rejecting: every rejection carries a reason code. */
  reasonCode: ReasonCodeSchema.nullable().default(null),
  reviewedOn: BusinessDateSchema,
};
const requireReasonOnReject = (c: { decision: string; reasonCode: string | null }, ctx: z.RefinementCtx) => {
  if (c.decision === 'reject' && c.reasonCode === null) ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: 'a rejection carries a reason code' });
};

export const InitialReviewSchema = z.strictObject({ type: z.literal('InitialReview'), ...reviewFields }).superRefine(requireReasonOnReject);
export const FinalReviewSchema = z.strictObject({ type: z.literal('FinalReview'), ...reviewFields }).superRefine(requireReasonOnReject);

export const StartPublicitySchema = z.strictObject({
  type: z.literal('StartPublicity'),
  applicationId: RefSchema,
  startOn: BusinessDateSchema,
});

export const RaiseObjectionSchema = z.strictObject({
  type: z.literal('RaiseObjection'),
  applicationId: RefSchema,
  objectionId: RefSchema,
  groundsCode: ReasonCodeSchema,
  raisedOn: BusinessDateSchema,
});

export const ResolveObjectionSchema = z.strictObject({
  type: z.literal('ResolveObjection'),
  applicationId: RefSchema,
  objectionId: RefSchema,
  outcome: z.enum(['upheld', 'dismissed']),
  reasonCode: ReasonCodeSchema,
  resolvedBy: RefSchema,
  resolvedOn: BusinessDateSchema,
});

export const ApproveForPaymentSchema = z.strictObject({
  type: z.literal('ApproveForPayment'),
  applicationId: RefSchema,
  fundId: RefSchema,
  approvedBy: RefSchema,
  approvedOn: BusinessDateSchema,
});

export const InstructApplicationPaymentSchema = z.strictObject({
  type: z.literal('InstructApplicationPayment'),
  applicationId: RefSchema,
  paymentId: RefSchema,
  instructedOn: BusinessDateSchema,
});

export const ConfirmApplicationPaymentSchema = z.strictObject({
  type: z.literal('ConfirmApplicationPayment'),
  applicationId: RefSchema,
  paymentId: RefSchema,
  bankReference: BankReferenceInputSchema.nullable().default(null),
  paidOn: BusinessDateSchema,
});

export const BounceApplicationPaymentSchema = z.strictObject({
  type: z.literal('BounceApplicationPayment'),
  applicationId: RefSchema,
  paymentId: RefSchema,
  reasonCode: ReasonCodeSchema,
  bouncedOn: BusinessDateSchema,
});

export const RecordApplicationRecoverySchema = z.strictObject({
  type: z.literal('RecordApplicationRecovery'),
  applicationId: RefSchema,
  recoveryId: RefSchema,
  amountFen: PositiveFenSchema,
  findingId: RefSchema.nullable().default(null),
  documentRef: DocumentRefInputSchema,
  recoveredOn: BusinessDateSchema,
});

export const WithdrawApplicationSchema = z.strictObject({
  type: z.literal('WithdrawApplication'),
  applicationId: RefSchema,
  reasonCode: ReasonCodeSchema,
  withdrawnOn: BusinessDateSchema,
  /**
   * Set by the saga (saga.ts), never taken from a request: true when the plan released
   * the fund commitment in the step before. A withdrawal planned while nothing was
   * committed, that meets an application approved in the meantime, must not record a
   * withdrawal whose money stays committed.
   */
  commitmentReleased: z.boolean().default(false),
});

export const ApplicationCommandSchema = z.discriminatedUnion('type', [
  SubmitApplicationSchema,
  InitialReviewSchema,
  FinalReviewSchema,
  StartPublicitySchema,
  RaiseObjectionSchema,
  ResolveObjectionSchema,
  ApproveForPaymentSchema,
  InstructApplicationPaymentSchema,
  ConfirmApplicationPaymentSchema,
  BounceApplicationPaymentSchema,
  RecordApplicationRecoverySchema,
  WithdrawApplicationSchema,
]);

export type ApplicationCommand = z.output<typeof ApplicationCommandSchema>;
export type ApplicationCommandOf<T extends ApplicationCommand['type']> = Extract<ApplicationCommand, { type: T }>;

export function parseApplicationCommand(input: unknown): ApplicationCommand | Rejection {
  return parseCommand(ApplicationCommandSchema, input, 'application');
}
