import { z } from 'zod';
import {
  closeFinding,
  declareRecusal,
  decideDeadlineExtension,
  loadFindingInScope,
  raiseFinding,
  requestDeadlineExtension,
  submitRectification,
  verifyRectification,
  withdrawFinding,
} from '../../app/services/findings.ts';
import { issueSanction, sweepOverdueRectifications, type IssueSanctionInput } from '../../app/services/sanctions.ts';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import {
  CloseFindingSchema,
  DecideDeadlineExtensionSchema,
  DeclareRecusalSchema,
  RaiseFindingSchema,
  RequestDeadlineExtensionSchema,
  SubmitRectificationSchema,
  VerifyRectificationSchema,
  WithdrawFindingSchema,
} from '../../domain/finding/commands.ts';
import {
  FindingClosedSchema,
  FindingDeadlineExtensionRequestedSchema,
  FindingRaisedSchema,
  FindingSanctionRecordedSchema,
  FindingWithdrawnSchema,
} from '../../domain/finding/events.ts';
import type { FindingState } from '../../domain/finding/state.ts';
import { freeTextSchema } from '../../domain/inspection/free-text.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Findings (问题台账 rows) and their rectification (整改) to closure (销号).
 *
 * Who does what, and why:
 * - inspectors raise findings, declare recusal, verify or reject rectifications, close;
 * - the rectifying side is the responsible unit (an institution), which has no login: it
 *   hands its rectification report to the office, where a registrar (who keeps the
 *   institution's records) or an inspector receiving it on site records it. The recorder
 *   is the submitter for four eyes: whoever recorded a submission cannot verify it. The
 *   same people ask for a deadline extension on the unit's behalf;
 * - admins decide extensions (never the requester), issue sanctions from a finding and run
 *   the overdue sweep; inspectors and admins withdraw a mistaken finding with a reason;
 * - every role may read a finding of its region (registrars need it to record the
 *   rectification, finance for recoveries, auditors to audit).
 * Region scope: the finding's region, fixed when it was raised.
 */

const FindingParams = z.object({ findingId: EntityIdSchema.describe('the finding id chosen when it was raised') });
const ExtensionParams = FindingParams.extend({ extensionId: EntityIdSchema });

const SanctionBase = { sanctionId: EntityIdSchema.describe('your id for the sanction: the same id again is a repeat'), on: BusinessDateSchema, reason: freeTextSchema(500) };
const SanctionBody = z.discriminatedUnion('step', [
  z.strictObject({ ...SanctionBase, step: z.literal('interview') }),
  z.strictObject({ ...SanctionBase, step: z.literal('rectification_notice'), deadline: BusinessDateSchema }),
  z.strictObject({ ...SanctionBase, step: z.literal('suspend'), to: BusinessDateSchema }),
  z.strictObject({ ...SanctionBase, step: z.literal('delist') }),
  z.strictObject({ ...SanctionBase, step: z.literal('blacklist'), until: BusinessDateSchema.nullable().optional() }),
  z.strictObject({ ...SanctionBase, step: z.literal('revoke_licence') }),
]);

const SweepBody = z.strictObject({
  asOf: z.iso.datetime({ offset: true }).describe('the instant deadlines are judged at (ISO 8601 with offset), not after now'),
});

const SubmissionView = z.object({
  submissionId: z.string(),
  submittedBy: z.string(),
  submittedOn: z.string(),
  outcome: z.enum(['pending', 'verified', 'rejected']),
  verifierId: z.string().nullable(),
  decidedOn: z.string().nullable(),
});

export const FindingViewSchema = z.object({
  findingId: z.string(),
  status: z.enum(['open', 'rectification_submitted', 'verified', 'closed', 'withdrawn']),
  raised: FindingRaisedSchema,
  deadlineOn: z.string(),
  submissions: z.array(SubmissionView),
  recusedInspectorIds: z.array(z.string()),
  extensions: z.array(FindingDeadlineExtensionRequestedSchema.extend({ outcome: z.enum(['pending', 'approved', 'refused']) })),
  sanctions: z.array(FindingSanctionRecordedSchema),
  closed: FindingClosedSchema.nullable(),
  withdrawn: FindingWithdrawnSchema.nullable(),
});

function findingView(s: FindingState): z.infer<typeof FindingViewSchema> {
  if (s.raised === null || s.status === 'none' || s.deadlineOn === null) throw new Error('invariant violated: a view of a finding never raised');
  return {
    findingId: s.raised.findingId,
    status: s.status,
    raised: s.raised,
    deadlineOn: s.deadlineOn,
    submissions: s.submissions.map((x) => ({ ...x })),
    recusedInspectorIds: [...s.recused].sort(),
    extensions: [...s.extensions.values()],
    sanctions: [...s.sanctions.values()],
    closed: s.closed,
    withdrawn: s.withdrawn,
  };
}

const omit = { type: true, findingId: true } as const;

export const findingsFeature = defineFeature('findings', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['findings'];
  const on = (path: string) => `/api/v1/findings/:findingId/${path}`;

  commandRoute(app, clock, {
    url: '/api/v1/findings',
    summary: 'Raise a finding (a row of the problem ledger) with its deadline in working days from the notice',
    tags,
    status: 201,
    body: RaiseFindingSchema.omit({ type: true, raisedBy: true }),
    handle: ({ body, ctx }) => raiseFinding(services, ctx, body),
  });
  commandRoute(app, clock, {
    url: on('recusals'),
    summary: 'Declare a conflict of interest (回避): the inspector stays out of this finding\'s verification',
    tags,
    params: FindingParams,
    body: DeclareRecusalSchema.omit({ ...omit, inspectorId: true }),
    handle: ({ body, params, ctx }) => declareRecusal(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('rectifications'),
    summary: 'Record the rectification (整改) the responsible unit submitted, with evidence; the recorder may not verify it',
    tags,
    params: FindingParams,
    body: SubmitRectificationSchema.omit({ ...omit, submittedBy: true }).extend({ submissionId: EntityIdSchema.optional().describe('assigned when left out') }),
    handle: ({ body, params, ctx }) => submitRectification(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('verifications'),
    summary: 'Verify (整改查验) the pending rectification: accept, or reject with reasons (open again); four eyes and recusal apply',
    tags,
    params: FindingParams,
    body: VerifyRectificationSchema.omit({ ...omit, verifierId: true }),
    handle: ({ body, params, ctx }) => verifyRectification(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('closure'),
    summary: 'Close (销号) a verified finding once nothing ordered back is outstanding',
    tags,
    params: FindingParams,
    body: CloseFindingSchema.omit({ ...omit, closedBy: true }),
    handle: ({ body, params, ctx }) => closeFinding(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('deadline-extensions'),
    summary: 'Ask, with a reason, for more working days; an admin decides',
    tags,
    status: 201,
    params: FindingParams,
    body: RequestDeadlineExtensionSchema.omit({ ...omit, requestedBy: true }).extend({ extensionId: EntityIdSchema.optional().describe('assigned when left out') }),
    handle: ({ body, params, ctx }) => requestDeadlineExtension(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('deadline-extensions/:extensionId/decision'),
    summary: 'Approve (the deadline moves) or refuse with a reason a requested extension; not by its requester',
    tags,
    params: ExtensionParams,
    body: DecideDeadlineExtensionSchema.omit({ ...omit, extensionId: true, decidedBy: true }),
    handle: ({ body, params, ctx }) => decideDeadlineExtension(services, ctx, params.findingId, params.extensionId, body),
  });
  commandRoute(app, clock, {
    url: on('withdrawal'),
    summary: 'Withdraw a mistaken finding with its reason (nothing is deleted; a closed finding stays closed)',
    tags,
    params: FindingParams,
    body: WithdrawFindingSchema.omit({ ...omit, withdrawnBy: true }),
    handle: ({ body, params, ctx }) => withdrawFinding(services, ctx, params.findingId, body),
  });
  commandRoute(app, clock, {
    url: on('sanctions'),
    summary: 'Issue a sanction on the finding\'s institution (the ladder decides) and record it on the finding',
    tags,
    status: 201,
    params: FindingParams,
    body: SanctionBody,
    handle: ({ body, params, ctx }) => issueSanction(services, ctx, params.findingId, { ...body, trigger: 'finding' } as IssueSanctionInput),
  });
  commandRoute(app, clock, {
    url: '/api/v1/overdue-rectification-sweeps',
    summary: 'Apply the overdue-rectification rule (delisting) to every finding of the region open past its deadline as of `asOf`; repeats issue nothing twice',
    tags,
    body: SweepBody,
    handle: ({ body, ctx }) => sweepOverdueRectifications(services, ctx, body),
  });
  app.get(
    '/api/v1/findings/:findingId',
    {
      schema: {
        summary: 'A finding folded from its stream: deadline in force, submissions and verifications, extensions, sanctions',
        tags,
        params: FindingParams,
        querystring: MinPositionQuery,
        response: { 200: FindingViewSchema, ...problemResponses, 404: problemResponse('no such finding') },
      },
    },
    async (request) => {
      const state = await loadFindingInScope(services, { principal: principalOf(request) }, request.params.findingId);
      if (!state) throw new ProblemError('not-found', 'no such finding');
      return findingView(state);
    },
  );
});
