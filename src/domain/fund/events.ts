import { z } from 'zod';
import {
  BusinessDateSchema,
  DocumentRefSchema,
  FenSchema,
  PositiveFenSchema,
  ReasonCodeSchema,
  RefSchema,
  RegionCodeSchema,
} from './schemas-common.ts';
import { SubsidyKindSchema } from '../policy/certificate-level.ts';

/**
 * Events of the `fund-{fundId}` stream. The fund stream is the single authority for
 * money: every movement of a yuan is one of these events, decided against this one
 * stream and appended under its expected revision (see decider.ts for why).
 */

/** 就业补助资金 (employment subsidy funds) or the unemployment-insurance 专账. */
export const FUND_SOURCES = ['employment_subsidy', 'ui_special_account'] as const;
export const FundSourceSchema = z.enum(FUND_SOURCES);
export type FundSource = z.infer<typeof FundSourceSchema>;

export const FundOpenedSchema = z.strictObject({
  fundId: RefSchema,
  source: FundSourceSchema,
  year: z.number().int().min(2000).max(2999),
  regionCode: RegionCodeSchema,
  openedOn: BusinessDateSchema,
});

export const FundAllocationReceivedSchema = z.strictObject({
  fundId: RefSchema,
  allocationId: RefSchema,
  amountFen: PositiveFenSchema,
  documentRef: DocumentRefSchema,
  receivedOn: BusinessDateSchema,
});

/** Approval of an application sets its amount aside: available → committed. */
export const FundCommittedSchema = z.strictObject({
  fundId: RefSchema,
  applicationId: RefSchema,
  subsidyKind: SubsidyKindSchema,
  amountFen: PositiveFenSchema,
  committedOn: BusinessDateSchema,
});

/** A commitment given up (withdrawal, cancelled payment): committed → available. */
export const FundCommitmentReleasedSchema = z.strictObject({
  fundId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  reasonCode: ReasonCodeSchema,
  releasedOn: BusinessDateSchema,
});

/** An instruction to the bank: committed → paid (the money has left the fund's control). */
export const FundPaymentInstructedSchema = z.strictObject({
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  instructedOn: BusinessDateSchema,
});

/** The bank's confirmation: no money moves, the payment becomes final (recoverable). */
export const FundPaymentConfirmedSchema = z.strictObject({
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  /** The bank's transaction reference, never an account number. */
  bankReference: z.string().min(1).max(100).nullable(),
  confirmedOn: BusinessDateSchema,
});

/** 退票: the bank returned the payment, paid → committed, ready for a new instruction. */
export const FundPaymentBouncedSchema = z.strictObject({
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  reasonCode: ReasonCodeSchema,
  bouncedOn: BusinessDateSchema,
});

/** 追回: money improperly paid came back; it adds to recovered and so to available. */
export const FundRecoveryReceivedSchema = z.strictObject({
  fundId: RefSchema,
  recoveryId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  /** The problem-ledger finding that ordered the recovery, when one did. */
  findingId: RefSchema.nullable(),
  documentRef: DocumentRefSchema,
  recoveredOn: BusinessDateSchema,
});

/**
 * A correction of the fund's balance by an official document (a clawed-back allocation,
 * a bookkeeping error). Signed: positive adds to available, negative takes from it.
 */
export const FundAdjustedSchema = z.strictObject({
  fundId: RefSchema,
  adjustmentId: RefSchema,
  amountFen: z.number().int().refine((n) => n !== 0 && Number.isSafeInteger(n), 'must be a non-zero whole number of fen'),
  reasonCode: ReasonCodeSchema,
  documentRef: DocumentRefSchema,
  adjustedOn: BusinessDateSchema,
});

export const FundEventSchemas = {
  FundOpened: FundOpenedSchema,
  FundAllocationReceived: FundAllocationReceivedSchema,
  FundCommitted: FundCommittedSchema,
  FundCommitmentReleased: FundCommitmentReleasedSchema,
  FundPaymentInstructed: FundPaymentInstructedSchema,
  FundPaymentConfirmed: FundPaymentConfirmedSchema,
  FundPaymentBounced: FundPaymentBouncedSchema,
  FundRecoveryReceived: FundRecoveryReceivedSchema,
  FundAdjusted: FundAdjustedSchema,
} as const;

type Schemas = typeof FundEventSchemas;
export type FundEventType = keyof Schemas;
export type FundEventOf<T extends FundEventType> = { readonly type: T; readonly data: z.infer<Schemas[T]> };
export type FundEvent = { [T in FundEventType]: FundEventOf<T> }[FundEventType];
