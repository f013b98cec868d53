import { z } from 'zod';

/** RFC 9457 problem details as the API sends them, for OpenAPI. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('stable URI of the problem type; see GET /problems'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().optional().describe('the domain rule that refused the command'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('each field at fault'),
  })
  .passthrough();

/** The problems any authenticated route can answer with. */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
  503: ProblemSchema,
} as const;
