import { z } from 'zod';
import {
  attachEvidence,
  completeInspection,
  loadInspectionInScope,
  openInspection,
  publishInspectionResults,
  recordMatterChecked,
  recordSubjectResult,
} from '../../app/services/inspections.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import {
  AttachEvidenceSchema,
  CompleteInspectionSchema,
  OpenInspectionSchema,
  PublishInspectionResultsSchema,
  RecordMatterCheckedSchema,
  RecordSubjectResultSchema,
} from '../../domain/inspection/commands.ts';
import {
  InspectionBasisSchema,
  InspectionCompletedSchema,
  InspectionEvidenceAttachedSchema,
  InspectionResultsPublishedSchema,
  InspectionSubjectResultRecordedSchema,
  SubjectRefSchema,
} from '../../domain/inspection/events.ts';
import type { InspectionState } from '../../domain/inspection/state.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Inspections (检查): opened from a draw's assignment (双随机: the institution and the
 * inspectors are the draw's) or as a special inspection with a stated basis.
 *
 * Who does what, and why:
 * - inspectors (and admins) open an inspection;
 * - the inspectors of its team record matters checked, evidence and results, and complete
 *   it (the decider refuses anyone off the team: the principal is the actor);
 * - inspectors and admins record the publication of the results (within 20 working days
 *   of the end date; a late one is recorded as late);
 * - inspectors, admins and auditors read.
 * Region scope: the inspection's region, fixed at its opening.
 */

const InspectionParams = z.object({ inspectionId: EntityIdSchema.describe('the id chosen at the opening') });

export const InspectionViewSchema = z.object({
  inspectionId: z.string(),
  status: z.enum(['in_progress', 'completed', 'published']),
  basis: InspectionBasisSchema,
  institutionId: z.string(),
  regionCode: z.string(),
  subjects: z.array(SubjectRefSchema),
  matterCodes: z.array(z.string()),
  inspectorIds: z.array(z.string()),
  startedOn: z.string(),
  mattersChecked: z.array(z.object({ matterCode: z.string(), inspectorIds: z.array(z.string()) })),
  evidence: z.array(InspectionEvidenceAttachedSchema),
  results: z.array(InspectionSubjectResultRecordedSchema),
  completion: InspectionCompletedSchema.nullable(),
  publication: InspectionResultsPublishedSchema.nullable(),
});

function inspectionView(s: InspectionState): z.infer<typeof InspectionViewSchema> {
  const o = s.opened;
  if (o === null || s.status === 'none') throw new Error('invariant violated: a view of an inspection never opened');
  return {
    inspectionId: o.inspectionId,
    status: s.status,
    basis: o.basis,
    institutionId: o.institutionId,
    regionCode: o.regionCode,
    subjects: [...o.subjects],
    matterCodes: [...o.matterCodes],
    inspectorIds: [...o.inspectorIds],
    startedOn: o.startedOn,
    mattersChecked: [...s.checked].map(([matterCode, ids]) => ({ matterCode, inspectorIds: [...ids].sort() })),
    evidence: [...s.evidence.values()],
    results: [...s.results.values()],
    completion: s.completion,
    publication: s.publication,
  };
}

const omit = { type: true, inspectionId: true } as const;

export const inspectionsFeature = defineFeature('inspections', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['inspections'];
  const on = (path: string) => `/api/v1/inspections/:inspectionId/${path}`;

  commandRoute(app, clock, {
    url: '/api/v1/inspections',
    summary: 'Open an inspection: from a draw’s assignment (assignmentId = the drawn subject’s credit code) or special, with its stated basis',
    tags,
    status: 201,
    body: OpenInspectionSchema.omit({ type: true, openedBy: true }),
    handle: ({ body, ctx }) => openInspection(services, ctx, body),
  });
  commandRoute(app, clock, {
    url: on('matters-checked'),
    summary: 'Record that the principal (on the team) checked a matter of the inspection’s list',
    tags,
    status: 201,
    params: InspectionParams,
    body: RecordMatterCheckedSchema.omit({ ...omit, inspectorId: true }),
    handle: ({ body, params, ctx }) => recordMatterChecked(services, ctx, params.inspectionId, body),
  });
  commandRoute(app, clock, {
    url: on('evidence'),
    summary: 'Attach evidence by the SHA-256 of its file and what it shows',
    tags,
    status: 201,
    params: InspectionParams,
    body: AttachEvidenceSchema.omit({ ...omit, attachedBy: true }),
    handle: ({ body, params, ctx }) => attachEvidence(services, ctx, params.inspectionId, body),
  });
  commandRoute(app, clock, {
    url: on('results'),
    summary: 'Record the result for a subject: no problem, or the findings raised on this inspection',
    tags,
    status: 201,
    params: InspectionParams,
    body: RecordSubjectResultSchema.omit({ ...omit, recordedBy: true }),
    handle: ({ body, params, ctx }) => recordSubjectResult(services, ctx, params.inspectionId, body),
  });
  commandRoute(app, clock, {
    url: on('completion'),
    summary: 'Complete the inspection: its end date starts the 20-working-day clock for publishing the results',
    tags,
    params: InspectionParams,
    body: CompleteInspectionSchema.omit({ ...omit, completedBy: true }),
    handle: ({ body, params, ctx }) => completeInspection(services, ctx, params.inspectionId, body),
  });
  commandRoute(app, clock, {
    url: on('publication'),
    summary: 'Record where and when the results were made public (on time or late)',
    tags,
    params: InspectionParams,
    body: PublishInspectionResultsSchema.omit({ ...omit, publishedBy: true }),
    handle: ({ body, params, ctx }) => publishInspectionResults(services, ctx, params.inspectionId, body),
  });
  app.get(
    '/api/v1/inspections/:inspectionId',
    {
      schema: {
        summary: 'An inspection folded from its stream: basis, team, matters checked, evidence, results, completion and publication',
        tags,
        params: InspectionParams,
        querystring: MinPositionQuery,
        response: { 200: InspectionViewSchema, ...problemResponses, 404: problemResponse('no such inspection') },
      },
    },
    async (request) => {
      const state = await loadInspectionInScope(services, { principal: principalOf(request) }, request.params.inspectionId);
      if (!state) throw new ProblemError('not-found', 'no such inspection');
      return inspectionView(state);
    },
  );
});
