import { z } from 'zod';
import { issueRecoveryOrder, loadRecoveryOrderInScope, recordOrderRecovery, withdrawRecoveryOrder } from '../../app/services/recovery-orders.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { IssueRecoveryOrderSchema, RecordOrderRecoverySchema, WithdrawRecoveryOrderSchema } from '../../domain/recovery-order/commands.ts';
import { RecoveryLineSchema, RecoveryOrderIssuedSchema } from '../../domain/recovery-order/events.ts';
import { outstandingFen, type RecoveryOrderState } from '../../domain/recovery-order/state.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Recovery orders (追回): a finding orders money back per payment it names; finance
 * records what comes back, in part or in full, and each amount returns to its fund through
 * the fund's own events (the fund decides; sums conserved).
 *
 * Who does what, and why:
 * - inspectors and admins issue an order from a finding, and withdraw one nothing came back on;
 * - finance records recoveries (it books money, as for payments);
 * - finance, inspectors, auditors and admins read.
 * Region scope: the finding's region.
 */

const OrderParams = z.object({ orderId: EntityIdSchema.describe('the id chosen when the order was issued') });

export const RecoveryOrderViewSchema = z.object({
  orderId: z.string(),
  status: z.enum(['open', 'fulfilled', 'withdrawn']),
  issued: RecoveryOrderIssuedSchema,
  lines: z.array(RecoveryLineSchema.extend({ recoveredFen: z.number().int() })),
  recoveries: z.array(z.object({ recoveryId: z.string(), paymentId: z.string(), amountFen: z.number().int(), voided: z.boolean() })),
  recoveredFen: z.number().int(),
  outstandingFen: z.number().int(),
});

function orderView(s: RecoveryOrderState): z.infer<typeof RecoveryOrderViewSchema> {
  if (s.issued === null || s.status === 'none') throw new Error('invariant violated: a view of an order never issued');
  return {
    orderId: s.issued.orderId,
    status: s.status,
    issued: s.issued,
    lines: [...s.lines.values()].map((l) => ({ ...l })),
    recoveries: [...s.recoveries.values()].map((r) => ({ ...r })),
    recoveredFen: s.recoveredFen,
    outstandingFen: s.status === 'withdrawn' ? 0 : outstandingFen(s),
  };
}

export const recoveryOrdersFeature = defineFeature('recovery-orders', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['recovery-orders'];

  commandRoute(app, clock, {
    url: '/api/v1/recovery-orders',
    summary: 'Issue a recovery order from a finding: amounts per paid payment it names, in total at most the amount involved',
    tags,
    status: 201,
    body: IssueRecoveryOrderSchema.omit({ type: true, issuedBy: true }),
    handle: ({ body, ctx }) => issueRecoveryOrder(services, ctx, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/recovery-orders/:orderId/recoveries',
    summary: 'Record money recovered on one line (part or all of what it lacks): the order, then the fund, then the application',
    tags,
    status: 201,
    params: OrderParams,
    body: RecordOrderRecoverySchema.omit({ type: true, orderId: true }).extend({ recoveryId: EntityIdSchema.optional().describe('assigned when left out') }),
    handle: ({ body, params, ctx }) => recordOrderRecovery(services, ctx, params.orderId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/recovery-orders/:orderId/withdrawal',
    summary: 'Withdraw an order, with a reason, while nothing has come back under it',
    tags,
    params: OrderParams,
    body: WithdrawRecoveryOrderSchema.omit({ type: true, orderId: true, withdrawnBy: true }),
    handle: ({ body, params, ctx }) => withdrawRecoveryOrder(services, ctx, params.orderId, body),
  });
  app.get(
    '/api/v1/recovery-orders/:orderId',
    {
      schema: {
        summary: 'A recovery order folded from its stream: lines, recoveries, recovered and outstanding',
        tags,
        params: OrderParams,
        querystring: MinPositionQuery,
        response: { 200: RecoveryOrderViewSchema, ...problemResponses, 404: problemResponse('no such recovery order') },
      },
    },
    async (request) => {
      const state = await loadRecoveryOrderInScope(services, { principal: principalOf(request) }, request.params.orderId);
      if (!state) throw new ProblemError('not-found', 'no such recovery order');
      return orderView(state);
    },
  );
});
