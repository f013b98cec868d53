import Fastify, { type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  serializerCompiler,
  validatorCompiler,
  jsonSchemaTransform,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/port.ts';

export interface ServerDeps {
  store: EventStore;
  logger: Logger;
}

export async function buildServer(deps: ServerDeps) {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'taizhang', description: 'Event-sourced audit ledger for vocational-training subsidy funds', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: the process is up and the store answers',
        response: { 200: z.object({ status: z.literal('ok'), headPosition: z.string() }) },
      },
    },
    async () => ({ status: 'ok' as const, headPosition: String(await deps.store.headPosition()) }),
  );

  return app;
}
