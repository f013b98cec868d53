import { z } from 'zod';

/** Response schemas of queries-money.ts: each mirrors a query result of projections/… exactly. */

const Fen = z.number().int();

export const FundBalanceSchema = z.object({
  fundId: z.string(),
  source: z.string(),
  year: z.number().int(),
  regionCode: z.string(),
  openedOn: z.string(),
  allocatedFen: Fen,
  recoveredFen: Fen,
  adjustedFen: Fen.describe('signed sum of adjustments'),
  committedFen: Fen.describe('approved, not yet instructed'),
  paidFen: Fen.describe('instructed and not bounced (in flight or confirmed)'),
  availableFen: Fen.describe('allocated + recovered + adjusted − committed − paid'),
  confirmedFen: Fen.describe('confirmed by the bank'),
  inFlightFen: Fen.describe('paid − confirmed: the bank has not answered yet'),
  releasedFen: Fen.describe('commitments given up, ever'),
  bouncedFen: Fen.describe('payments the bank returned, ever'),
  allocations: z.number().int(),
  applications: z.number().int(),
  payments: z.number().int(),
  lastPosition: z.number().int().describe('global position of the last event of this fund'),
});

export const FundTotalsSchema = z.object({
  year: z.number().int(),
  regionCode: z.string(),
  funds: z.number().int(),
  allocatedFen: Fen,
  recoveredFen: Fen,
  adjustedFen: Fen,
  committedFen: Fen,
  paidFen: Fen,
  availableFen: Fen,
  confirmedFen: Fen,
});

export const FundMonthSchema = z.object({
  month: z.string().describe('YYYY-MM of the movements\' business dates (Asia/Shanghai)'),
  committedFen: Fen.describe('approvals that set money aside in the month (gross)'),
  paidFen: Fen.describe('instructions to the bank in the month (gross: a later bounce is counted in its own month)'),
  recoveredFen: Fen.describe('money recovered in the month'),
  bouncedFen: Fen.describe('payments the bank returned in the month'),
});

export const ApplicationSummarySchema = z.object({
  applicationId: z.string(),
  subsidyKind: z.string(),
  applicantKind: z.string(),
  personRef: z.string().describe('the person\'s pseudonym, never an ID number'),
  institutionId: z.string().nullable(),
  classId: z.string().nullable(),
  projectId: z.string().nullable(),
  occupationCode: z.string(),
  level: z.string(),
  quotaYear: z.number().int(),
  amountFen: Fen,
  submittedOn: z.string(),
  regionCode: z.string().nullable().describe('the institution\'s region; null without an institution (the person\'s regions apply)'),
  status: z.string(),
  statusSinceOn: z.string(),
  initialReviewerId: z.string().nullable(),
  finalReviewerId: z.string().nullable(),
  publicity: z.object({ startOn: z.string(), endOn: z.string() }).nullable(),
  objectionsOpen: z.number().int(),
  objectionsRaised: z.number().int(),
  rejection: z.object({ stage: z.string(), reasonCode: z.string() }).nullable(),
  reasonCode: z.string().nullable(),
  fundId: z.string().nullable(),
  payments: z.number().int(),
  paidFen: Fen,
  recoveredFen: Fen,
  lastPosition: z.number().int(),
  asOf: z.string().describe('the date the fields below describe'),
  reviewDueOn: z.string().nullable().describe('last day of the review awaited (working days from the status\'s start); null when none is awaited'),
  reviewOverdue: z.boolean(),
  publicityEnded: z.boolean().nullable().describe('whether the publicity period had ended on asOf; null before publicity'),
});

const LinkSchema = z.object({
  step: z.string(),
  position: z.number().int(),
  eventId: z.string(),
  stream: z.string(),
  eventType: z.string(),
  actor: z.object({ id: z.string(), role: z.string() }),
  occurredAt: z.string(),
  recordedAt: z.string(),
  businessDate: z.string(),
  amountFen: Fen.nullable(),
  fundId: z.string().nullable(),
  paymentId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});

export const PaymentTraceSchema = z.object({
  applicationId: z.string(),
  paymentId: z.string().optional().describe('the payment asked about, when the trace was asked for by payment'),
  subsidyKind: z.string(),
  institutionId: z.string().nullable(),
  regionCode: z.string().nullable(),
  amountFen: Fen,
  fundId: z.string().nullable(),
  links: z.array(LinkSchema).describe('every link in global position order'),
  fundLinksOmitted: z.number().int().describe('earlier fund allocations and adjustments left out'),
  payments: z.array(z.object({ paymentId: z.string(), fundId: z.string(), amountFen: Fen, status: z.string(), recoveredFen: Fen })),
  totals: z.object({
    approvedFen: Fen,
    releasedFen: Fen,
    instructedFen: Fen,
    bouncedFen: Fen,
    confirmedFen: Fen,
    recoveredFen: Fen,
    paidFen: Fen.describe('instructed − bounced'),
    netPaidFen: Fen.describe('paid − recovered'),
    committedFen: Fen.describe('approved − released − paid'),
  }),
});

export const SubsidyHistorySchema = z.object({
  personRef: z.string(),
  claims: z.array(
    z.object({
      applicationId: z.string(),
      subsidyKind: z.string(),
      occupationCode: z.string(),
      level: z.string(),
      certificateSerial: z.string(),
      year: z.number().int(),
      shortageOccupation: z.boolean(),
      reservedOn: z.string(),
      status: z.enum(['reserved', 'paid', 'released']),
      releasedOn: z.string().nullable(),
      releaseReason: z.string().nullable(),
      paidOn: z.string().nullable(),
      paymentId: z.string().nullable(),
      amountFen: Fen.nullable(),
      recoveredFen: Fen,
    }),
  ),
  years: z.array(z.object({ year: z.number().int(), counted: z.number().int(), training: z.number().int(), skillUpgrade: z.number().int(), paid: z.number().int(), released: z.number().int() })),
  occupations: z.array(z.object({ occupationCode: z.string(), levels: z.array(z.string()) })),
});
