import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemError } from '../problem.ts';
import type { ReadModelsPort } from '../read-models.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The read models a query route reads (projection names): a `minPosition` waits for
     * these only. Omitted: it waits for all of them.
     */
    readModels?: readonly string[];
  }
}

const POSITION = /^\d{1,20}$/;

/** Add to a query route's querystring schema so that /docs shows it: `Query.extend(MinPositionQuery.shape)`. */
export const MinPositionQuery = z.object({
  minPosition: z
    .string()
    .regex(POSITION, 'a global position: digits only')
    .optional()
    .describe('the `position` a command answered with: the answer then includes that write (waits up to 2 s, else 503 not-ready)'),
});

function minPositionOf(request: FastifyRequest): string | undefined {
  const q = request.url.indexOf('?');
  if (q < 0) return undefined;
  const values = new URLSearchParams(request.url.slice(q + 1)).getAll('minPosition');
  if (values.length > 1) throw invalid('give minPosition once');
  return values[0];
}

function invalid(message: string): ProblemError {
  return new ProblemError('validation-failed', `querystring.minPosition: ${message}`, { errors: [{ path: 'querystring.minPosition', message }] });
}

/**
 * Read-your-writes for every GET: `?minPosition=N` (the `position` a command answered
 * with) holds the query until the read models it reads serve position N, for up to
 * `timeoutMs`; then a 503 `not-ready` problem with Retry-After. Runs before the handler,
 * so a route needs nothing but the MinPositionQuery in its schema (for the docs) and, if
 * it reads only some projections, `config: { readModels: ['funds'] }`.
 */
export const readYourWrites = fp<{ readModels: ReadModelsPort; timeoutMs: number }>(
  async (app, opts) => {
    // Callback-style, so that a request without minPosition (every command) pays no promise; see server.ts.
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return done();
      const raw = minPositionOf(request);
      if (raw === undefined) return done();
      waitFor(request, raw).then(() => done(), done);
    });
    async function waitFor(request: FastifyRequest, raw: string): Promise<void> {
      if (!POSITION.test(raw)) throw invalid('a global position: digits only');
      const minPosition = BigInt(raw);
      try {
        await opts.readModels.waitForPosition(minPosition, opts.timeoutMs, request.routeOptions.config.readModels);
      } catch (error) {
        request.log.info({ minPosition: raw, err: error }, 'read models did not reach minPosition in time');
        throw new ProblemError(
          'not-ready',
          `the read models have not reached position ${raw} within ${opts.timeoutMs} ms`,
          { minPosition: raw },
          { 'retry-after': '1' },
        );
      }
    }
  },
  { name: 'taizhang-read-your-writes', fastify: '5.x' },
);
