import { z } from 'zod';
import type { Rejection } from '../decider.ts';
import { SubsidyKindSchema } from '../policy/certificate-level.ts';
import { FundSourceSchema } from './events.ts';
import {
  BusinessDateSchema,
  DocumentRefInputSchema,
  BankReferenceInputSchema,
  CommandFenSchema,
  SignedCommandFenSchema,
  ReasonCodeSchema,
  RefSchema,
  RegionCodeSchema,
  parseCommand,
} from './schemas-common.ts';

/**
 * Commands of the fund. Each names its fund: the app layer picks the stream from it.
 * Commands that create something carry the caller's id for it (allocationId, paymentId,
 * recoveryId, adjustmentId), which is what makes a retried command recognisable.
 */

export const OpenFundSchema = z.strictObject({
  type: z.literal('OpenFund'),
  fundId: RefSchema,
  source: FundSourceSchema,
  year: z.number().int().min(2000).max(2999),
  regionCode: RegionCodeSchema,
  openedOn: BusinessDateSchema,
});

export const ReceiveAllocationSchema = z.strictObject({
  type: z.literal('ReceiveAllocation'),
  fundId: RefSchema,
  allocationId: RefSchema,
  amountFen: CommandFenSchema,
  documentRef: DocumentRefInputSchema,
  receivedOn: BusinessDateSchema,
});

export const CommitFundsSchema = z.strictObject({
  type: z.literal('CommitFunds'),
  fundId: RefSchema,
  applicationId: RefSchema,
  subsidyKind: SubsidyKindSchema,
  amountFen: CommandFenSchema,
  committedOn: BusinessDateSchema,
});

export const ReleaseCommitmentSchema = z.strictObject({
  type: z.literal('ReleaseCommitment'),
  fundId: RefSchema,
  applicationId: RefSchema,
  reasonCode: ReasonCodeSchema,
  releasedOn: BusinessDateSchema,
});

export const InstructPaymentSchema = z.strictObject({
  type: z.literal('InstructPayment'),
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: CommandFenSchema,
  instructedOn: BusinessDateSchema,
});

export const ConfirmPaymentSchema = z.strictObject({
  type: z.literal('ConfirmPayment'),
  fundId: RefSchema,
  paymentId: RefSchema,
  bankReference: BankReferenceInputSchema.nullable().default(null),
  confirmedOn: BusinessDateSchema,
});

export const BouncePaymentSchema = z.strictObject({
  type: z.literal('BouncePayment'),
  fundId: RefSchema,
  paymentId: RefSchema,
  reasonCode: ReasonCodeSchema,
  bouncedOn: BusinessDateSchema,
});

export const RecordRecoverySchema = z.strictObject({
  type: z.literal('RecordRecovery'),
  fundId: RefSchema,
  recoveryId: RefSchema,
  paymentId: RefSchema,
  amountFen: CommandFenSchema,
  findingId: RefSchema.nullable().default(null),
  documentRef: DocumentRefInputSchema,
  recoveredOn: BusinessDateSchema,
});

export const AdjustFundSchema = z.strictObject({
  type: z.literal('AdjustFund'),
  fundId: RefSchema,
  adjustmentId: RefSchema,
  amountFen: SignedCommandFenSchema,
  reasonCode: ReasonCodeSchema,
  documentRef: DocumentRefInputSchema,
  adjustedOn: BusinessDateSchema,
});

export const FundCommandSchema = z.discriminatedUnion('type', [
  OpenFundSchema,
  ReceiveAllocationSchema,
  CommitFundsSchema,
  ReleaseCommitmentSchema,
  InstructPaymentSchema,
  ConfirmPaymentSchema,
  BouncePaymentSchema,
  RecordRecoverySchema,
  AdjustFundSchema,
]);

export type FundCommand = z.output<typeof FundCommandSchema>;
export type FundCommandOf<T extends FundCommand['type']> = Extract<FundCommand, { type: T }>;

/** Validates raw input; `fund.invalid_command` with the field at fault otherwise. */
export function parseFundCommand(input: unknown): FundCommand | Rejection {
  return parseCommand(FundCommandSchema, input, 'fund');
}
