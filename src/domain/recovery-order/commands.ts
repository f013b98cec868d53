import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { parseCommand } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { DocumentRefInputSchema, PositiveFenSchema, ReasonCodeSchema, RefSchema } from '../fund/schemas-common.ts';
import { freeTextSchema } from '../inspection/free-text.ts';
import { RecoveryLineSchema } from './events.ts';

/**
 * Commands on one recovery order (`recovery-{orderId}`). RecordOrderRecovery is the
 * first step of the recovery saga (saga.ts); VoidOrderRecovery is its compensation and
 * is sent by the saga only, never by a person.
 */

export const IssueRecoveryOrderSchema = z.strictObject({
  type: z.literal('IssueRecoveryOrder'),
  orderId: RefSchema,
  findingId: RefSchema,
  documentRef: DocumentRefInputSchema,
  lines: z
    .array(RecoveryLineSchema)
    .min(1, { message: 'at least one payment to recover from' })
    .max(1000, { message: 'at most 1000 payments per order' })
    .refine((lines) => new Set(lines.map((l) => l.paymentId)).size === lines.length, { message: 'a payment is listed twice' }),
  issuedBy: RefSchema,
  issuedOn: BusinessDateSchema,
});

export const RecordOrderRecoverySchema = z.strictObject({
  type: z.literal('RecordOrderRecovery'),
  orderId: RefSchema,
  recoveryId: RefSchema,
  paymentId: RefSchema,
  amountFen: PositiveFenSchema,
  /** The receipt or bank slip of the money coming back. */
  documentRef: DocumentRefInputSchema,
  recoveredOn: BusinessDateSchema,
});

export const VoidOrderRecoverySchema = z.strictObject({
  type: z.literal('VoidOrderRecovery'),
  orderId: RefSchema,
  recoveryId: RefSchema,
  reasonCode: ReasonCodeSchema,
  voidedOn: BusinessDateSchema,
});

export const WithdrawRecoveryOrderSchema = z.strictObject({
  type: z.literal('WithdrawRecoveryOrder'),
  orderId: RefSchema,
  reason: freeTextSchema(1000),
  withdrawnBy: RefSchema,
  withdrawnOn: BusinessDateSchema,
});

export const RecoveryOrderCommandSchema = z.discriminatedUnion('type', [
  IssueRecoveryOrderSchema,
  RecordOrderRecoverySchema,
  VoidOrderRecoverySchema,
  WithdrawRecoveryOrderSchema,
]);

export type RecoveryOrderCommand = z.output<typeof RecoveryOrderCommandSchema>;
export type RecoveryOrderCommandOf<T extends RecoveryOrderCommand['type']> = Extract<RecoveryOrderCommand, { type: T }>;

/** Validates raw input; `recovery.invalid_command` naming the field at fault otherwise. */
export function parseRecoveryOrderCommand(input: unknown): RecoveryOrderCommand | Rejection {
  return parseCommand(RecoveryOrderCommandSchema, input, 'recovery');
}
