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

/** A response documented as `application/problem+json`. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** The problems any authenticated route can answer with. */
export const problemResponses = {
  400: problemResponse('the request is not valid: `errors` names each field at fault'),
  401: problemResponse('no valid bearer token'),
  403: problemResponse('the role may not use this route, or the record lies outside the principal\'s region'),
  409: problemResponse('conflicts with what already happened, or an Idempotency-Key still in flight'),
  422: problemResponse('refused by a rule of the domain (`code`), an Idempotency-Key reused with another request, or a sum too large to answer exactly'),
  429: problemResponse('rate limit reached; see Retry-After'),
  503: problemResponse('read models behind minPosition, or shutting down; see Retry-After'),
} as const;

/**
 * The problems of a request with a body, answered before any route code runs: fastify reads
 * the body of every request whose method has one (all but GET and HEAD), whatever the route.
 */
export const bodyProblemResponses = {
  413: problemResponse('the body is larger than the server accepts'),
  415: problemResponse('the body is not sent as application/json'),
} as const;

const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * `response` with 413 and 415 added when one of `methods` reads a body. Added for every such
 * route by the server, so that no route documents them by hand and none can forget them.
 */
export function withBodyProblems(methods: readonly string[], response: Record<string, unknown>): Record<string, unknown> {
  if (methods.every((m) => BODYLESS_METHODS.has(m.toUpperCase()))) return response;
  return { ...bodyProblemResponses, ...response };
}
