import { z } from 'zod';
import { adjustFund, fundView, loadFundInScope, openFund, receiveAllocation, type FundView } from '../../app/services/funds.ts';
import { FundSourceSchema } from '../../domain/fund/events.ts';
import { BusinessDateSchema, CommandFenSchema, DocumentRefInputSchema, ReasonCodeSchema, RefSchema, RegionCodeSchema, SignedCommandFenSchema } from '../../domain/fund/schemas-common.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { exactAvailableFen, exactFen } from '../../../projections/shared/exact-fen.ts';

/**
 * Funds (就业补助资金 or the unemployment-insurance 专账; one per source × year × region).
 * Finance officers open them and book what comes in (allocations, adjustments by official
 * document); money goes out only through the application sagas (approval commits, payment
 * instructs). Reviewers read a fund to choose one with money available when approving;
 * inspectors and auditors read it to trace payments. Every route checks the fund's region.
 */

const FundParams = z.object({ fundId: RefSchema.describe('the fund, e.g. jx-2026-employment') });

const OpenFundBody = z.strictObject({
  fundId: RefSchema,
  source: FundSourceSchema.describe('employment_subsidy (就业补助资金) or ui_special_account (失业保险专账)'),
  year: z.number().int().min(2000).max(2999),
  regionCode: RegionCodeSchema.describe('the region the fund serves (GB/T 2260): a province, city or county'),
  openedOn: BusinessDateSchema.optional().describe('default: today (Asia/Shanghai)'),
});

const AllocationBody = z.strictObject({
  allocationId: RefSchema.optional().describe('your id for the allocation, making a retry recognisable; assigned when left out'),
  amountFen: CommandFenSchema.describe('amount received, in fen (a fund takes in at most 10^13 fen in all)'),
  documentRef: DocumentRefInputSchema.describe('the allocation document, e.g. 赣财社〔2026〕12号'),
  receivedOn: BusinessDateSchema.optional(),
});

const AdjustmentBody = z.strictObject({
  adjustmentId: RefSchema.optional(),
  amountFen: SignedCommandFenSchema.describe('signed, in fen: negative takes money out (never below what is available)'),
  reasonCode: ReasonCodeSchema,
  documentRef: DocumentRefInputSchema,
  adjustedOn: BusinessDateSchema.optional(),
});

const FundViewSchema = z.object({
  fundId: z.string(),
  source: z.string(),
  year: z.number().int(),
  regionCode: z.string(),
  allocatedFen: z.number().int(),
  recoveredFen: z.number().int(),
  adjustedFen: z.number().int(),
  committedFen: z.number().int().describe('approved, not yet instructed'),
  paidFen: z.number().int().describe('instructed to the bank and not bounced'),
  availableFen: z.number().int().describe('allocated + recovered + adjusted − committed − paid; never below zero'),
  applications: z.number().int().describe('applications ever committed on this fund'),
  payments: z.number().int().describe('payment instructions ever made from this fund'),
});

/**
 * A fund's buckets stay far below 2^53 − 1 since the fund limit (src/domain/fund/total-limit.ts),
 * but a stream recorded before it may hold larger sums: those are refused as sum-out-of-range,
 * never rounded and never a 500 from the response schema. Available is worked out exactly.
 */
function exactView(view: FundView): FundView {
  const what = `fund ${view.fundId}`;
  for (const n of [view.allocatedFen, view.recoveredFen, view.adjustedFen, view.committedFen, view.paidFen]) exactFen(n, what);
  const parts = { allocated: view.allocatedFen, recovered: view.recoveredFen, adjusted: view.adjustedFen, committed: view.committedFen, paid: view.paidFen };
  return { ...view, availableFen: exactAvailableFen(parts, what) };
}

export const fundsFeature = defineFeature('funds', (app, server) => {
  const services = servicesOf(server);
  const tags = ['funds'];

  commandRoute(app, server.clock, {
    url: '/api/v1/funds',
    summary: 'Open a fund for a source, year and region',
    tags,
    status: 201,
    body: OpenFundBody,
    handle: ({ body, ctx }) => openFund(services, ctx, body),
  });
  commandRoute(app, server.clock, {
    url: '/api/v1/funds/:fundId/allocations',
    summary: 'Record an allocation received by the fund (拨入)',
    tags,
    status: 201,
    params: FundParams,
    body: AllocationBody,
    handle: ({ body, params, ctx }) => receiveAllocation(services, ctx, params.fundId, body),
  });
  commandRoute(app, server.clock, {
    url: '/api/v1/funds/:fundId/adjustments',
    summary: 'Adjust the fund by an official document (signed amount; never below what is available)',
    tags,
    status: 201,
    params: FundParams,
    body: AdjustmentBody,
    handle: ({ body, params, ctx }) => adjustFund(services, ctx, params.fundId, body),
  });

  app.get(
    '/api/v1/funds/:fundId',
    {
      schema: {
        summary: 'A fund: its region and its money by bucket, folded from its stream',
        tags,
        params: FundParams,
        querystring: MinPositionQuery,
        response: { 200: FundViewSchema, ...problemResponses, 404: problemResponse('no such fund') },
      },
    },
    async (request) => {
      const fund = await loadFundInScope(services, { principal: principalOf(request) }, request.params.fundId);
      if (!fund) throw new ProblemError('not-found', 'no such fund');
      return exactView(fundView(fund));
    },
  );
});
