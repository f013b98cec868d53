import { z } from 'zod';
import {
  approveForPayment,
  finalReview,
  initialReview,
  loadApplicationInScope,
  raiseObjection,
  resolveObjection,
  startPublicity,
  submitApplication,
  withdrawApplication,
} from '../../app/services/applications.ts';
import { applicationView } from '../../app/services/applications-view.ts';
import { ApplicantSchema } from '../../domain/application/events.ts';
import { BusinessDateSchema, PersonRefSchema, ReasonCodeSchema, RefSchema } from '../../domain/fund/schemas-common.ts';
import { SubsidyKindSchema } from '../../domain/policy/certificate-level.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Subsidy applications and their review (申请, 初审, 复审, 公示, 异议, 审批).
 *
 * Who does what, and why:
 * - registrar: submits, for a trainee, or as the institution's agent under a 代为申请协议
 *   (the agent of an institution is a registrar-role principal of its region), and
 *   withdraws on the applicant's request;
 * - reviewer: the initial and final reviews (four eyes: the reviewer is the principal, and
 *   the final one must differ from the initial one), publicity, objections received and
 *   their outcome, and approval for payment, which commits the amount on a fund. Approval
 *   is the department's decision after publicity; finance controls the money that leaves
 *   (payments.ts), and the fund refuses a commitment above what is available;
 * - finance, inspectors, auditors and admins read applications (payment trace).
 * Region scope: an application lies in the region of its class's institution (a
 * skill-upgrade one: where its person is on a roster); every route checks it.
 */

export const ApplicationParams = z.object({ applicationId: RefSchema });
const ObjectionParams = ApplicationParams.extend({ objectionId: RefSchema });

const SubmitBody = z.strictObject({
  applicationId: RefSchema.optional().describe('your id for the application; assigned when left out'),
  subsidyKind: SubsidyKindSchema.describe('training (职业培训补贴) or skill_upgrade (技能提升补贴)'),
  applicant: ApplicantSchema.describe('the trainee, or the institution under a proxy agreement'),
  personRef: PersonRefSchema.describe('the trainee (GET their personRef from the trainee lookup; never an ID number)'),
  certificateSerial: RefSchema.describe('the certificate, as recorded on the trainee'),
  classId: RefSchema.nullable().optional().describe('the real-name class attended: required for a training subsidy, absent for skill-upgrade'),
  submittedOn: BusinessDateSchema.optional().describe('default: today (Asia/Shanghai)'),
});

const ReviewBody = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    reasonCode: ReasonCodeSchema.nullable().optional().describe('required to reject'),
    reviewedOn: BusinessDateSchema.optional(),
  })
  .refine((b) => b.decision !== 'reject' || (b.reasonCode !== undefined && b.reasonCode !== null), { path: ['reasonCode'], message: 'a rejection carries a reason code' });

const PublicityBody = z.strictObject({ startOn: BusinessDateSchema.optional().describe('first day of publicity; it runs for the policy\'s working days') });

const ObjectionBody = z.strictObject({
  objectionId: RefSchema.optional(),
  groundsCode: ReasonCodeSchema.describe('a code for the grounds: the objector\'s words stay out of the log'),
  raisedOn: BusinessDateSchema.optional(),
});

const ResolutionBody = z.strictObject({
  outcome: z.enum(['upheld', 'dismissed']).describe('upheld ends the application'),
  reasonCode: ReasonCodeSchema,
  resolvedOn: BusinessDateSchema.optional(),
});

const ApprovalBody = z.strictObject({
  fundId: RefSchema.describe('the fund the amount is committed on; its region must cover the application\'s'),
  approvedOn: BusinessDateSchema.optional().describe('after the publicity\'s last day'),
});

const WithdrawalBody = z.strictObject({ reasonCode: ReasonCodeSchema, withdrawnOn: BusinessDateSchema.optional() });

const Named = z.object({ reviewerId: z.string(), decision: z.string() }).nullable();
export const ApplicationViewSchema = z.object({
  applicationId: z.string(),
  status: z.string().describe('submitted, initial_review_passed, final_review_passed, in_publicity, approved, payment_instructed, paid, bounced, rejected or withdrawn'),
  subsidyKind: z.string(),
  applicant: z.object({ kind: z.string(), institutionId: z.string().optional() }),
  personRef: z.string(),
  certificate: z.object({ serial: z.string(), occupationCode: z.string(), level: z.string(), issuedOn: z.string() }),
  classId: z.string().nullable(),
  institutionId: z.string().nullable(),
  projectId: z.string().nullable(),
  quotaYear: z.number().int(),
  amountFen: z.number().int().describe('the approved amount: computed from the rate in force on the certificate date'),
  amountRule: z.string(),
  submittedOn: z.string(),
  initialReview: Named,
  finalReview: Named,
  rejection: z.object({ stage: z.string(), reasonCode: z.string(), decidedBy: z.string(), rejectedOn: z.string() }).nullable(),
  publicity: z.object({ startOn: z.string(), endOn: z.string() }).nullable(),
  objections: z.array(z.object({ objectionId: z.string(), groundsCode: z.string(), raisedOn: z.string(), outcome: z.string() })),
  fundId: z.string().nullable(),
  payments: z.array(z.object({ paymentId: z.string(), amountFen: z.number().int(), status: z.string() })),
  recoveredFen: z.number().int(),
  recoveries: z.array(z.object({ recoveryId: z.string(), paymentId: z.string(), amountFen: z.number().int() })),
  withdrawal: z.object({ reasonCode: z.string(), withdrawnOn: z.string(), commitmentReleased: z.boolean() }).nullable(),
});

export const applicationsFeature = defineFeature('applications', (app, server) => {
  const services = servicesOf(server);
  const tags = ['applications'];
  const on = (url: string) => `/api/v1/applications/:applicationId/${url}`;

  commandRoute(app, server.clock, {
    url: '/api/v1/applications',
    summary: 'Submit a subsidy application: eligibility checked, amount computed, the person\'s claim reserved',
    tags,
    status: 201,
    body: SubmitBody,
    handle: ({ body, ctx }) => submitApplication(services, ctx, body),
  });
  commandRoute(app, server.clock, {
    url: on('initial-review'),
    summary: 'Initial review (初审) by the calling reviewer: approve, or reject with a reason code',
    tags,
    params: ApplicationParams,
    body: ReviewBody,
    handle: ({ body, params, ctx }) => initialReview(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('final-review'),
    summary: 'Final review (复审) by a reviewer other than the initial one (four eyes)',
    tags,
    params: ApplicationParams,
    body: ReviewBody,
    handle: ({ body, params, ctx }) => finalReview(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('publicity'),
    summary: 'Start publicity (公示) for the working days of the policy in force',
    tags,
    params: ApplicationParams,
    body: PublicityBody,
    handle: ({ body, params, ctx }) => startPublicity(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('objections'),
    summary: 'Record an objection received during publicity',
    tags,
    status: 201,
    params: ApplicationParams,
    body: ObjectionBody,
    handle: ({ body, params, ctx }) => raiseObjection(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('objections/:objectionId/resolution'),
    summary: 'Resolve an objection after investigation: dismissed, or upheld (the application is rejected)',
    tags,
    params: ObjectionParams,
    body: ResolutionBody,
    handle: ({ body, params, ctx }) => resolveObjection(services, ctx, params.applicationId, params.objectionId, body),
  });
  commandRoute(app, server.clock, {
    url: on('approval'),
    summary: 'Approve for payment after publicity: commits the amount on the fund',
    tags,
    params: ApplicationParams,
    body: ApprovalBody,
    handle: ({ body, params, ctx }) => approveForPayment(services, ctx, params.applicationId, body),
  });
  commandRoute(app, server.clock, {
    url: on('withdrawal'),
    summary: 'Withdraw an application before money is on its way (releases any commitment and the claim)',
    tags,
    params: ApplicationParams,
    body: WithdrawalBody,
    handle: ({ body, params, ctx }) => withdrawApplication(services, ctx, params.applicationId, body),
  });

  app.get(
    '/api/v1/applications/:applicationId',
    {
      schema: {
        summary: 'An application: its lifecycle, amount, fund and payments, folded from its stream',
        tags,
        params: ApplicationParams,
        querystring: MinPositionQuery,
        response: { 200: ApplicationViewSchema, ...problemResponses, 404: problemResponse('no such application') },
      },
    },
    async (request) => {
      const state = await loadApplicationInScope(services, { principal: principalOf(request) }, request.params.applicationId);
      if (!state) throw new ProblemError('not-found', 'no such application');
      return applicationView(state);
    },
  );
});
