import { z } from 'zod';
import { loadPublicDrawRecord } from '../../app/services/draws-record.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { DrawRecordSchema } from '../../domain/inspection-plan/draw-record.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { renderDrawPage } from './public-draws-page.ts';

/**
 * The public draw records (一公开), without a token: from the commitment on (so anyone can
 * see what a plan committed to before its value exists) to the draw and its result or
 * failure. `taizhang draw verify URL` re-runs a draw from the JSON alone.
 */

const Params = z.object({ planId: EntityIdSchema.describe('the plan id') });
const NOT_PUBLISHED = 'no published draw record with this id (a plan is published once its randomness is committed)';

/** The page loads nothing: no script, no external style. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export const publicDrawsFeature = defineFeature('public-draws', (app, server) => {
  const services = servicesOf(server);
  const tags = ['draws'];
  const responses = { 400: problemResponses[400], 404: problemResponse(NOT_PUBLISHED), 429: problemResponses[429], 503: problemResponses[503] };

  app.get(
    '/public/draws/:planId',
    {
      schema: {
        summary: 'The draw record of a plan: plan, roster snapshots and hashes, committed source and value, algorithm version, outcome (public)',
        tags,
        params: Params,
        querystring: MinPositionQuery,
        response: { 200: DrawRecordSchema, ...responses },
      },
    },
    async (request) => {
      const record = await loadPublicDrawRecord(services, request.params.planId);
      if (!record) throw new ProblemError('not-found', NOT_PUBLISHED);
      return record;
    },
  );
  app.get(
    '/public/draws/:planId/page',
    {
      schema: {
        summary: 'The draw record of a plan as a readable page (public)',
        tags,
        params: Params,
        querystring: MinPositionQuery,
        response: { 200: { description: 'an HTML page', content: { 'text/html': { schema: z.string() } } }, ...responses },
      },
    },
    async (request, reply) => {
      const record = await loadPublicDrawRecord(services, request.params.planId);
      if (!record) throw new ProblemError('not-found', NOT_PUBLISHED);
      const jsonUrl = `${request.protocol}://${request.host}/public/draws/${encodeURIComponent(record.planId)}`;
      return reply.type('text/html; charset=utf-8').header('content-security-policy', PAGE_POLICY).send(renderDrawPage(record, jsonUrl));
    },
  );
});
