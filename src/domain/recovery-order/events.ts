import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { DocumentRefSchema, FenSchema, PositiveFenSchema, ReasonCodeSchema, RefSchema } from '../fund/schemas-common.ts';
import { holdsPersonalNumber } from '../inspection/free-text.ts';

/**
 * Events of one recovery order (追回通知), stream `recovery-{orderId}`: what a finding
 * orders back, per payment involved, and each amount recovered against it. The money
 * itself moves only on the fund's stream (FundRecoveryReceived): this stream is the
 * order's ledger of what was asked and what came back, kept equal to the fund's by the
 * saga (saga.ts).
 */

/** One payment to recover from, and how much of it (at most what was paid). */
export const RecoveryLineSchema = z.strictObject({
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
});
export type RecoveryLine = z.output<typeof RecoveryLineSchema>;

export const RecoveryOrderIssuedSchema = z.strictObject({
  orderId: RefSchema,
  findingId: RefSchema,
  /** The recovery decision (追回决定书) number. */
  documentRef: DocumentRefSchema,
  lines: z.array(RecoveryLineSchema).min(1).max(1000),
  totalFen: PositiveFenSchema,
  issuedBy: RefSchema,
  issuedOn: BusinessDateSchema,
});

export const RecoveryOrderRecoveryRecordedSchema = z.strictObject({
  recoveryId: RefSchema,
  fundId: RefSchema,
  paymentId: RefSchema,
  applicationId: RefSchema,
  amountFen: PositiveFenSchema,
  documentRef: DocumentRefSchema,
  recoveredOn: BusinessDateSchema,
  /** Recovered on this line and on the whole order, this amount included. */
  lineRecoveredFen: FenSchema,
  orderRecoveredFen: FenSchema,
  /** Everything ordered has come back. */
  fulfilled: z.boolean(),
});

/** A recovery the fund refused after the order had reserved it (saga compensation). */
export const RecoveryOrderRecoveryVoidedSchema = z.strictObject({
  recoveryId: RefSchema,
  paymentId: RefSchema,
  amountFen: PositiveFenSchema,
  reasonCode: ReasonCodeSchema,
  voidedOn: BusinessDateSchema,
});

export const RecoveryOrderWithdrawnSchema = z.strictObject({
  reason: z.string().min(1).max(1000).refine((v) => !holdsPersonalNumber(v), { message: 'must not contain an identity, account or phone number' }),
  withdrawnBy: RefSchema,
  withdrawnOn: BusinessDateSchema,
});

export const RecoveryOrderEventSchemas = {
  RecoveryOrderIssued: RecoveryOrderIssuedSchema,
  RecoveryOrderRecoveryRecorded: RecoveryOrderRecoveryRecordedSchema,
  RecoveryOrderRecoveryVoided: RecoveryOrderRecoveryVoidedSchema,
  RecoveryOrderWithdrawn: RecoveryOrderWithdrawnSchema,
} as const;

type Schemas = typeof RecoveryOrderEventSchemas;
export type RecoveryOrderEventType = keyof Schemas;
export type RecoveryOrderEventOf<T extends RecoveryOrderEventType> = { readonly type: T; readonly data: z.output<Schemas[T]> };
export type RecoveryOrderEvent = { [T in RecoveryOrderEventType]: RecoveryOrderEventOf<T> }[RecoveryOrderEventType];
