import { z } from 'zod';

/** Response schemas of problem-ledger.ts, rectification.ts and disclosure.ts: each mirrors a query result of projections/problem-ledger exactly. */

const Fen = z.number().int();
const Day = z.string().describe('YYYY-MM-DD');

export const LedgerRowSchema = z.object({
  findingId: z.string(),
  number: z.string().describe('问题编号'),
  inspectionId: z.string().nullable(),
  category: z.string(),
  categoryLabel: z.string(),
  description: z.string(),
  institutionId: z.string(),
  institutionName: z.string().nullable(),
  regionCode: z.string(),
  classIds: z.array(z.string()),
  applicationIds: z.array(z.string()),
  paymentIds: z.array(z.string()),
  amountInvolvedFen: Fen,
  responsibleUnit: z.string(),
  responsiblePerson: z.object({ maskedName: z.string().describe('e.g. 张*; never the name'), role: z.string().nullable(), personRef: z.string().nullable().describe('keyed pseudonym') }).nullable(),
  measuresRequired: z.string(),
  raisedBy: z.string(),
  raisedOn: Day,
  noticeOn: Day,
  deadlineWorkingDays: z.number().int(),
  deadlineOn: Day.describe('the deadline in force (moved by approved extensions); ends at 24:00 Asia/Shanghai'),
  extensionCount: z.number().int(),
  status: z.string(),
  statusLabel: z.string(),
  submissionCount: z.number().int(),
  lastSubmittedOn: Day.nullable(),
  lastSubmittedOnTime: z.boolean().nullable(),
  measuresTaken: z.string().nullable(),
  rejectionCount: z.number().int(),
  lastRejectionReasons: z.string().nullable(),
  verificationConclusion: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedOn: Day.nullable(),
  closedBy: z.string().nullable(),
  closedOn: Day.nullable(),
  withdrawnOn: Day.nullable(),
  withdrawalReason: z.string().nullable(),
  sanctionCount: z.number().int(),
  lastSanctionStep: z.string().nullable(),
  amountOrderedFen: Fen.describe('asked back by recovery orders not withdrawn'),
  amountRecoveredFen: Fen.describe('recorded as recovered by the funds for this finding'),
  overdue: z.boolean().describe('as of asOf'),
  dueSoon: z.boolean().describe('due within the next 3 working days as of asOf'),
  daysOverdue: z.number().int().describe('calendar days past the deadline'),
  workingDaysOverdue: z.number().int().nullable(),
  workingDaysLeft: z.number().int().nullable(),
});

export const LedgerPageSchema = z.object({ asOf: Day, items: z.array(LedgerRowSchema), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last') });

export const FindingHistorySchema = z.object({
  asOf: Day,
  finding: LedgerRowSchema,
  history: z.array(z.object({ position: z.string().describe('global position in the log'), revision: z.number().int(), type: z.string(), recordedAt: z.string(), data: z.record(z.string(), z.unknown()) })),
  recoveryOrders: z.array(z.object({ orderId: z.string(), orderedFen: Fen, status: z.string(), issuedOn: Day })),
});

const CountsShape = {
  findings: z.number().int(),
  running: z.number().int().describe('open, submitted or verified: the clock runs'),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  closed: z.number().int(),
  withdrawn: z.number().int(),
  amountInvolvedFen: Fen,
  overdueAmountFen: Fen,
  orderedFen: Fen,
  recoveredFen: Fen,
  outstandingFen: Fen.describe('per finding, ordered beyond recovered, summed'),
};

const GroupSchema = z.object({ key: z.string(), label: z.string().nullable(), ...CountsShape });

export const RectificationSummarySchema = z.object({
  asOf: Day,
  dueSoonLast: Day.describe('the last deadline counted as due soon'),
  total: z.object(CountsShape),
  byRegion: z.array(GroupSchema),
  byInstitution: z.array(GroupSchema),
  byCategory: z.array(GroupSchema),
  publication: z.object({
    completed: z.number().int().describe('inspections ended'),
    published: z.number().int(),
    publishedLate: z.number().int(),
    pending: z.number().int().describe('not published, within the 20 working days'),
    overdue: z.number().int().describe('not published, past the deadline'),
  }),
});

export const InspectionDisclosureSchema = z.object({
  inspectionId: z.string(),
  basisKind: z.enum(['draw', 'special']).describe('drawn at random (双随机) or a special inspection'),
  institutionId: z.string(),
  institutionName: z.string().nullable(),
  regionCode: z.string(),
  matterCodes: z.array(z.string()),
  startedOn: Day,
  endedOn: Day,
  publicationDueOn: Day.describe('20 working days after the end'),
  publication: z.object({
    status: z.enum(['published', 'pending', 'overdue']),
    publishedOn: Day.nullable(),
    publicationRef: z.string().nullable(),
    onTime: z.boolean().nullable(),
    daysOverdue: z.number().int(),
    workingDaysLeft: z.number().int().nullable(),
  }),
  results: z
    .object({
      subjectsWithFindings: z.number().int(),
      findings: z.number().int(),
      amountInvolvedFen: Fen,
      byCategory: z.array(z.object({ category: z.string(), categoryLabel: z.string(), findings: z.number().int(), amountInvolvedFen: Fen })),
    })
    .nullable()
    .describe('null until published'),
});
