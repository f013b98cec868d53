import { z } from 'zod';
import {
  commitPlanRandomness,
  draftInspectionPlan,
  drawInspectionPlan,
  enterPlanRandomness,
  reviseInspectionPlan,
} from '../../app/services/draws.ts';
import { loadInspectionMatters, MATTER_LIST_ID_PATTERN, publishInspectionMatter, withdrawInspectionMatter } from '../../app/services/draws-matters.ts';
import { loadDrawRecord } from '../../app/services/draws-record.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import {
  CommitPlanRandomnessSchema,
  DraftInspectionPlanSchema,
  EnterPlanRandomnessSchema,
  ReviseInspectionPlanSchema,
} from '../../domain/inspection-plan/commands.ts';
import { DrawRecordSchema } from '../../domain/inspection-plan/draw-record.ts';
import { PublishInspectionMatterSchema, WithdrawInspectionMatterSchema } from '../../domain/inspection-plan/matters/commands.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { assertInRegion } from '../region-scope.ts';
import { PLAN_STAGES } from '../../../projections/inspection-plans/projection.ts';
import { listInspectionPlans } from '../../../projections/inspection-plans/queries.ts';
import { csvOf, emptyPage, listPrefix, PagedQuery, pageSchema, readModelQuery, RegionCodeQuery } from './read-models-access.ts';

/**
 * 双随机、一公开: the list of inspection matters and the inspection plans with their draws.
 *
 * Who does what, and why:
 * - the province's admins keep the list of matters (随机抽查事项清单): a plan must follow one;
 * - inspectors (and admins) of a region draft a plan, commit its randomness, enter the
 *   value once published and run the draw. No one can choose the outcome: the value did
 *   not exist at the commitment, the plan is frozen from then on, and every step, a failed
 *   draw included, is recorded and published (GET /public/draws/:planId);
 * - auditors read plans, drafts included.
 * Region scope: a plan's region (from its draft) against the principal's.
 */

const ListParams = z.object({ listId: z.string().regex(MATTER_LIST_ID_PATTERN, 'a province code (GB/T 2260) such as 360000').describe('the province whose list it is') });
const MatterParams = ListParams.extend({ matterId: EntityIdSchema });
const PlanParams = z.object({ planId: EntityIdSchema.describe('the plan id chosen at its draft, e.g. NC-2026-SJ-001') });

const MatterViewSchema = z.object({
  matterId: z.string(),
  title: z.string(),
  basis: z.string(),
  content: z.string(),
  publishedOn: z.string(),
  withdrawnOn: z.string().optional(),
  withdrawalReason: z.string().optional(),
});

const omit = { type: true, at: true } as const;

const PlansQuery = PagedQuery.extend({
  stage: csvOf(PLAN_STAGES, 'one stage or several, comma-separated'),
  regionCode: RegionCodeQuery.optional().describe('plans of this region and the regions below it (within your scope)'),
});

const PlanSummarySchema = z.object({
  planId: z.string(),
  regionCode: z.string(),
  title: z.string(),
  matterListId: z.string(),
  matterId: z.string(),
  subjects: z.number().int().describe('subjects on the plan\'s roster'),
  stage: z.enum(PLAN_STAGES),
  replacesPlanId: z.string().nullable(),
  draftedAt: z.string(),
  stageAt: z.string().describe('when the plan reached its stage (or was last revised while a draft)'),
  lastPosition: z.number().int(),
});

export const drawsFeature = defineFeature('draws', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['draws'];

  commandRoute(app, clock, {
    url: '/api/v1/inspection-matter-lists/:listId/matters',
    summary: 'Publish an inspection matter (随机抽查事项) on the province’s list',
    tags,
    status: 201,
    params: ListParams,
    body: PublishInspectionMatterSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => publishInspectionMatter(services, ctx, params.listId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/inspection-matter-lists/:listId/matters/:matterId/withdrawal',
    summary: 'Withdraw a matter from the list: no new plan may follow it',
    tags,
    params: MatterParams,
    body: WithdrawInspectionMatterSchema.omit({ type: true, matterId: true }),
    handle: ({ body, params, ctx }) => withdrawInspectionMatter(services, ctx, params.listId, params.matterId, body),
  });
  app.get(
    '/public/inspection-matter-lists/:listId',
    {
      schema: {
        summary: 'The list of inspection matters of a province, withdrawn ones included (public)',
        tags,
        params: ListParams,
        querystring: MinPositionQuery,
        response: { 200: z.object({ listId: z.string(), matters: z.array(MatterViewSchema) }), 400: problemResponses[400], 429: problemResponses[429], 503: problemResponses[503] },
      },
    },
    async (request) => {
      const list = await loadInspectionMatters(services, request.params.listId);
      const matters = [...list.matters.values()].sort((a, b) => (a.matterId < b.matterId ? -1 : 1)).map((m) => ({ ...m }));
      return { listId: request.params.listId, matters };
    },
  );

  commandRoute(app, clock, {
    url: '/api/v1/inspection-plans',
    summary: 'Draft an inspection plan: matter, both roster snapshots, strata with rates or counts and floors (or PPS), inspectors per subject, recusal',
    tags,
    status: 201,
    body: DraftInspectionPlanSchema.omit(omit),
    handle: ({ body, ctx }) => draftInspectionPlan(services, ctx, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/inspection-plans/:planId/revisions',
    summary: 'Replace the content of a plan whose randomness is not committed yet',
    tags,
    params: PlanParams,
    body: ReviseInspectionPlanSchema.omit(omit),
    handle: ({ body, params, ctx }) => reviseInspectionPlan(services, ctx, params.planId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/inspection-plans/:planId/randomness-commitment',
    summary: 'Commit the plan to a future public random value (a drand round, or a named lottery result on a date); the plan is frozen from then on',
    tags,
    params: PlanParams,
    body: CommitPlanRandomnessSchema.omit(omit),
    handle: ({ body, params, ctx }) => commitPlanRandomness(services, ctx, params.planId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/inspection-plans/:planId/randomness-value',
    summary: 'Enter the committed value once it is published (once; not before it can exist)',
    tags,
    params: PlanParams,
    body: EnterPlanRandomnessSchema.omit(omit),
    handle: ({ body, params, ctx }) => enterPlanRandomness(services, ctx, params.planId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/inspection-plans/:planId/draw',
    summary: 'Draw the subjects and assign their inspectors; a failure (recusal leaves too few inspectors) is recorded with its report',
    tags,
    params: PlanParams,
    body: z.strictObject({}),
    handle: ({ params, ctx }) => drawInspectionPlan(services, ctx, params.planId),
  });
  app.get(
    '/api/v1/inspection-plans/:planId',
    {
      schema: {
        summary: 'A plan as its draw record would publish it, drafts included',
        tags,
        params: PlanParams,
        querystring: MinPositionQuery,
        response: { 200: DrawRecordSchema, 404: problemResponse('no such plan'), ...problemResponses },
      },
    },
    async (request) => {
      const loaded = await loadDrawRecord(services, request.params.planId);
      if (!loaded) throw new ProblemError('not-found', 'no such inspection plan');
      assertInRegion(principalOf(request), loaded.plan.regionCode, 'inspection plan');
      return loaded.record;
    },
  );

  const query = readModelQuery(server);
  app.get(
    '/api/v1/inspection-plans',
    {
      schema: {
        summary: 'Inspection plans in your region, drafts included, by plan id, a page at a time (the inspection-plans read model)',
        tags,
        querystring: PlansQuery,
        response: { 200: pageSchema(PlanSummarySchema), ...problemResponses },
      },
      config: { readModels: ['inspection-plans'] },
    },
    async (request) => {
      const { regionCode, stage, cursor, limit } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      const q = { prefix, ...(stage === undefined ? {} : { stages: stage }), ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit }) };
      return query('inspection-plans', (db) => listInspectionPlans(db, q));
    },
  );
});
