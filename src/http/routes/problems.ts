import { z } from 'zod';
import type { ZodApp } from '../feature.ts';
import { ProblemError } from '../problem.ts';
import { PROBLEM_BASE, PROBLEM_TYPES } from '../problem-types.ts';
import { problemResponse } from '../problem-schema.ts';

const ProblemTypeSchema = z.object({
  type: z.string().describe('the stable URI clients match on'),
  status: z.number().int(),
  title: z.string(),
  description: z.string(),
});

function describe(slug: string) {
  const p = PROBLEM_TYPES.get(slug as never);
  return p && { type: PROBLEM_BASE + p.slug, status: p.status, title: p.title, description: p.description };
}

/** The registry of problem types, so the `type` URIs of every error are documented and dereferenceable here. */
export function problemRoutes(app: ZodApp): void {
  app.get(
    '/problems',
    {
      schema: {
        summary: 'Every problem type the API answers with (RFC 9457 `type` URIs)',
        tags: ['platform'],
        response: { 200: z.object({ problems: z.array(ProblemTypeSchema) }) },
      },
      config: { rateLimit: false },
    },
    async () => ({ problems: [...PROBLEM_TYPES.keys()].map((slug) => describe(slug)!) }),
  );
  app.get(
    '/problems/:slug',
    {
      schema: {
        summary: 'One problem type',
        tags: ['platform'],
        params: z.object({ slug: z.string().max(64) }),
        response: { 200: ProblemTypeSchema, 404: problemResponse('no such problem type') },
      },
      config: { rateLimit: false },
    },
    async (request) => {
      const found = describe(request.params.slug);
      if (!found) throw new ProblemError('not-found', `no problem type ${request.params.slug}`);
      return found;
    },
  );
}
