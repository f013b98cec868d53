import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CommandContext } from '../app/command-context.ts';
import { outcomePosition, type CommandOutcome } from '../app/command-outcome.ts';
import { DeterministicIds, newRequestSeed } from '../app/deterministic-ids.ts';
import { toShanghaiIso, type Clock } from '../app/clock.ts';
import { principalOf } from './plugins/auth.ts';
import { problemResponses } from './problem-schema.ts';

export const CommandResponseSchema = z.object({
  position: z.string().nullable().describe('global position of the last event written; pass it as minPosition to read your write'),
  events: z.array(z.object({ stream: z.string(), id: z.string() })),
  replayed: z.boolean().describe('true when the command had already been applied (a retry)'),
  result: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export function commandContext(request: FastifyRequest, clock: Clock): CommandContext {
  const correlation = request.headers['x-correlation-id'];
  const correlationId = typeof correlation === 'string' && /^[\x21-\x7e]{1,128}$/.test(correlation) ? correlation : request.id;
  // POSTs carry a seed from the idempotency plugin; a GET that records an event (a reveal) gets its own here.
  const seed = request.commandSeed ?? newRequestSeed(clock.nowMs());
  return {
    principal: principalOf(request),
    requestId: request.id,
    correlationId,
    causationId: request.id,
    occurredAt: toShanghaiIso(seed.timeMs),
    ids: new DeterministicIds(seed),
    replay: request.commandReplay === true,
  };
}

export function commandResponse(outcome: CommandOutcome): z.infer<typeof CommandResponseSchema> {
  const position = outcomePosition(outcome);
  const body: z.infer<typeof CommandResponseSchema> = {
    position: position === undefined ? null : String(position),
    events: outcome.steps.flatMap((s) => s.eventIds.map((id) => ({ stream: s.stream, id }))),
    replayed: outcome.steps.length > 0 && outcome.steps.every((s) => s.replayed || s.eventIds.length === 0) && outcome.steps.some((s) => s.replayed),
  };
  if (outcome.result) body.result = outcome.result;
  return body;
}

interface CommandRouteOptions<B extends z.ZodType, P extends z.ZodType> {
  url: string;
  summary: string;
  tags: string[];
  body: B;
  params?: P;
  /** 201 when the command creates a record, else 200. */
  status?: 200 | 201;
  handle(input: { body: z.output<B>; params: z.output<P>; ctx: CommandContext; request: FastifyRequest }): Promise<CommandOutcome>;
}

/** A POST route that runs one command: thin by design (check input, build context, handle). */
export function commandRoute<B extends z.ZodType, P extends z.ZodType = z.ZodObject<{}>>(
  app: FastifyInstance,
  clock: Clock,
  options: CommandRouteOptions<B, P>,
): void {
  const status = options.status ?? 200;
  app.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: options.url,
    schema: {
      summary: options.summary,
      tags: options.tags,
      body: options.body,
      ...(options.params ? { params: options.params } : {}),
      headers: z.object({ 'idempotency-key': z.string().max(200).optional().describe('retries with the same key and body return the first answer') }).passthrough(),
      response: { [status]: CommandResponseSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const ctx = commandContext(request, clock);
      const outcome = await options.handle({ body: request.body as z.output<B>, params: request.params as z.output<P>, ctx, request });
      (reply as { status(code: number): unknown }).status(status);
      return commandResponse(outcome) as never;
    },
  });
}
