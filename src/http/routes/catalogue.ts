import { z } from 'zod';
import { addProject, CATALOGUE_ID_PATTERN, loadCatalogue, projectView, retireProject, reviseProject } from '../../app/services/catalogue.ts';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { AddProjectSchema, ReviseProjectSchema, RetireProjectSchema } from '../../domain/catalogue/commands.ts';
import { termsOn } from '../../domain/catalogue/project-in-force.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * The training-project catalogue (两目录): admins of the province keep it; anyone may read
 * it under /public (凡补必进、不进不补 is only checkable by the public if the catalogue is
 * public). One catalogue per province: `catalogueId` is the province code, e.g. 360000.
 */

const CatalogueParams = z.object({
  catalogueId: z.string().regex(CATALOGUE_ID_PATTERN, 'a province code (GB/T 2260) such as 360000').describe('the province whose catalogue it is'),
});
const ProjectParams = CatalogueParams.extend({ projectId: EntityIdSchema });

const TermsSchema = z.object({ effectiveFrom: z.string(), occupationName: z.string(), standardHours: z.number().int(), rateFen: z.number().int().describe('subsidy per trainee, fen') });
const ProjectViewSchema = z.object({
  projectId: z.string(),
  occupationCode: z.string(),
  level: z.string(),
  versions: z.array(TermsSchema).describe('terms by the date they apply from, oldest first'),
  effectiveTo: z.string().nullable().describe('last day in force; null while open-ended'),
  retired: z.boolean(),
  inForce: TermsSchema.optional().describe('with ?on=: the terms in force that day'),
});

const ListQuery = MinPositionQuery.extend({ on: BusinessDateSchema.optional().describe('only projects in force on this date (YYYY-MM-DD), with the terms then') });

export const catalogueFeature = defineFeature('catalogue', (app, server) => {
  const services = servicesOf(server);
  const tags = ['catalogue'];

  commandRoute(app, server.clock, {
    url: '/api/v1/catalogues/:catalogueId/projects',
    summary: 'Add a training project (occupation × level, standard hours, rate) to the province catalogue',
    tags,
    status: 201,
    params: CatalogueParams,
    body: AddProjectSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => addProject(services, ctx, params.catalogueId, body),
  });
  commandRoute(app, server.clock, {
    url: '/api/v1/catalogues/:catalogueId/projects/:projectId/revisions',
    summary: 'Revise a project: new hours, rate or name from a date; earlier dates keep the earlier terms',
    tags,
    params: ProjectParams,
    body: ReviseProjectSchema.omit({ type: true, projectId: true }),
    handle: ({ body, params, ctx }) => reviseProject(services, ctx, params.catalogueId, params.projectId, body),
  });
  commandRoute(app, server.clock, {
    url: '/api/v1/catalogues/:catalogueId/projects/:projectId/retirement',
    summary: 'Retire a project after its last day in force',
    tags,
    params: ProjectParams,
    body: RetireProjectSchema.omit({ type: true, projectId: true }),
    handle: ({ body, params, ctx }) => retireProject(services, ctx, params.catalogueId, params.projectId, body),
  });

  app.get(
    '/public/catalogues/:catalogueId/projects',
    {
      schema: {
        summary: 'The catalogue of subsidised training projects of a province (public)',
        tags,
        params: CatalogueParams,
        querystring: ListQuery,
        response: { 200: z.object({ catalogueId: z.string(), projects: z.array(ProjectViewSchema) }), 400: problemResponses[400], 429: problemResponses[429], 503: problemResponses[503] },
      },
    },
    async (request) => {
      const catalogue = await loadCatalogue(services, request.params.catalogueId);
      const on = request.query.on;
      const all = [...catalogue.projects.values()].sort((a, b) => (a.projectId < b.projectId ? -1 : 1));
      if (on === undefined) return { catalogueId: request.params.catalogueId, projects: all.map(projectView) };
      const projects = all.flatMap((p) => {
        const t = termsOn(p, on);
        return t ? [{ ...projectView(p), inForce: { effectiveFrom: t.termsFrom, occupationName: t.occupationName, standardHours: t.standardHours, rateFen: t.rateFen } }] : [];
      });
      return { catalogueId: request.params.catalogueId, projects };
    },
  );
  app.get(
    '/public/catalogues/:catalogueId/projects/:projectId',
    {
      schema: {
        summary: 'One catalogued training project with all its terms (public)',
        tags,
        params: ProjectParams,
        querystring: MinPositionQuery,
        response: { 200: ProjectViewSchema, 400: problemResponses[400], 404: problemResponse('no such project in this catalogue'), 429: problemResponses[429], 503: problemResponses[503] },
      },
    },
    async (request) => {
      const p = (await loadCatalogue(services, request.params.catalogueId)).projects.get(request.params.projectId);
      if (!p) throw new ProblemError('not-found', 'no such project in this catalogue');
      return projectView(p);
    },
  );
});
