import { z } from 'zod';
import { bouncePayment, confirmPayment, instructPayment } from '../../app/services/payments.ts';
import { recordRecovery } from '../../app/services/recoveries.ts';
import { BankReferenceInputSchema, BusinessDateSchema, CommandFenSchema, DocumentRefInputSchema, ReasonCodeSchema, RefSchema } from '../../domain/fund/schemas-common.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { ApplicationParams } from './applications.ts';

/**
 * Payments (拨付) and recoveries (追回) of approved applications: finance only. The fund
 * decides every one of them under its expected revision (no payment twice, none above the
 * approval, none from an empty fund); the amount paid is the approved amount, never taken
 * from the request. Region scope: the application's.
 */

const PaymentParams = ApplicationParams.extend({ paymentId: RefSchema });

const InstructBody = z.strictObject({
  paymentId: RefSchema.optional().describe('your id for the payment instruction; assigned when left out'),
  instructedOn: BusinessDateSchema.optional().describe('default: today (Asia/Shanghai); a date after today is 422 application.date_in_future'),
});

const ConfirmBody = z.strictObject({
  bankReference: BankReferenceInputSchema.nullable().optional().describe('the bank\'s transaction reference, never an account number'),
  paidOn: BusinessDateSchema.optional(),
});

const BounceBody = z.strictObject({ reasonCode: ReasonCodeSchema.describe('e.g. bank.account_closed'), bouncedOn: BusinessDateSchema.optional() });

const RecoveryBody = z.strictObject({
  recoveryId: RefSchema.optional(),
  amountFen: CommandFenSchema.describe('recovered now, in fen: at most what remains unrecovered of the payment'),
  findingId: RefSchema.nullable().optional().describe('the problem-ledger finding that ordered the recovery'),
  documentRef: DocumentRefInputSchema.describe('the recovery decision, e.g. 追回决定书 number'),
  recoveredOn: BusinessDateSchema.optional(),
});

export const paymentsFeature = defineFeature('payments', (app, server) => {
  const services = servicesOf(server);
  const tags = ['payments'];
  const on = (url: string) => `/api/v1/applications/:applicationId/${url}`;

  commandRoute(app, server.clock, {
    url: on('payments'),
    summary: 'Instruct the bank to pay the approved amount (at most one live payment per application: another, sent after or beside it, is 409 fund.application_already_paid)',
    tags,
    status: 201,
    params: ApplicationParams,
    body: InstructBody,
    handle: ({ body, params, ctx }) => instructPayment(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('payments/:paymentId/confirmation'),
    summary: 'Record the bank\'s confirmation of a payment: the application is paid',
    tags,
    params: PaymentParams,
    body: ConfirmBody,
    handle: ({ body, params, ctx }) => confirmPayment(services, ctx, params.applicationId, params.paymentId, body),
  });
  commandRoute(app, server.clock, {
    url: on('payments/:paymentId/bounce'),
    summary: 'Record a payment the bank returned (退票): the amount is committed again, ready to re-pay',
    tags,
    params: PaymentParams,
    body: BounceBody,
    handle: ({ body, params, ctx }) => bouncePayment(services, ctx, params.applicationId, params.paymentId, body),
  });
  commandRoute(app, server.clock, {
    url: on('recoveries'),
    summary: 'Record money recovered (追回) from a confirmed payment, in full or in part',
    tags,
    status: 201,
    params: ApplicationParams,
    body: RecoveryBody,
    handle: ({ body, params, ctx }) => recordRecovery(services, ctx, params.applicationId, body),
  });
});
