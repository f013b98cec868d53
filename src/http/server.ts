import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ACCESS_MATRIX, matrixGaps, routeKey, type AccessMatrix } from './access-matrix.ts';
import { CommandResponseSchema } from './command-route.ts';
import { FEATURES } from './features.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { authPlugin } from './plugins/auth.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { problemHandler, replyWithProblem } from './plugins/problem-handler.ts';
import { readYourWrites } from './plugins/read-your-writes.ts';
import { serializeCommandResponse } from './plugins/command-response-serializer.ts';
import { lazyRequestLogger } from './plugins/request-logger.ts';
import { requestObserver } from './plugins/request-observer.ts';
import { ProblemError } from './problem.ts';
import { withBodyProblems } from './problem-schema.ts';
import { clientIdRefusal, holdsPersonalData } from './client-ids.ts';
import { problemClientErrorHandler } from './client-error.ts';
import { storeHeadReadModels, type ReadModelsPort } from './read-models.ts';
import { compiledValidatorCompiler } from './validator-compiler.ts';
import { useWellFormedJsonParser } from './json-body-parser.ts';
import { RouteTable } from './route-table.ts';
import { platformRoutes } from './routes/platform.ts';
import { problemRoutes } from './routes/problems.ts';
import { DEFAULT_SERVER_OPTIONS, type ServerDeps, type ServerOptions } from './server-deps.ts';

export type { ServerDeps, ServerOptions } from './server-deps.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for the 405 answer and the access-matrix checks. */
    routeTable: RouteTable;
    accessMatrix: AccessMatrix;
    metrics: Metrics;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The caller's X-Request-Id when it looks like one (it is logged and put in events), else a new UUID. */
function requestIdOf(req: IncomingMessage): string {
  const h = req.headers['x-request-id'];
  return typeof h === 'string' && REQUEST_ID.test(h) && !holdsPersonalData(h) ? h : randomUUID();
}

/**
 * Rate-limit bucket: per principal, else per IP. An authenticated request is keyed by its
 * principal (one token per principal: tokens.principal_id is unique), which the auth hook,
 * running first, has set, also when it refuses the role. A token it did not accept is keyed
 * by address, never by the token: a bucket per token would give every guess a fresh budget.
 */
function rateKeyOf(request: FastifyRequest): string {
  return request.principal !== undefined ? `principal:${request.principal.id}` : `ip:${request.ip}`;
}

/**
 * The HTTP server: platform plugins, then the platform routes, then each feature's
 * routes. Every /api route must have its row in the access matrix and every row its
 * route, or the server refuses to start (ready() rejects).
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS, ...deps.options };
  const matrix = deps.matrix ?? ACCESS_MATRIX;
  const metrics = deps.metrics ?? createMetrics();
  const readModels: ReadModelsPort = deps.readModels ?? storeHeadReadModels(deps.store);
  const routes = new RouteTable();

  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: requestIdOf,
    clientErrorHandler: problemClientErrorHandler,
    requestIdHeader: false,
    // Fastify's two lines per request are replaced by the request observer's one, with the principal.
    logController: new LogController({ disableRequestLogging: true }),
    // A request's child logger is made only if the request logs more than its completion line.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    frameworkErrors: (error, request, reply) => replyWithProblem(error, request as FastifyRequest, reply as FastifyReply),
  });
  app.setValidatorCompiler(compiledValidatorCompiler);
  app.setSerializerCompiler((route) => {
    const bySchema = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
    if (route.schema !== CommandResponseSchema) return bySchema;
    // Every command's answer: written by hand, the schema kept for what does not fit it.
    return (data) => serializeCommandResponse(data) ?? bySchema(data);
  });
  // JSON only: a text/plain body gets a 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  // JSON with a lone surrogate in a string is refused (400) before any schema: no event may hold one.
  useWellFormedJsonParser(app);
  app.decorate('routeTable', routes);
  app.decorate('accessMatrix', matrix);
  app.decorate('metrics', metrics);
  app.addHook('onRoute', (route) => {
    if (route.schema?.response !== undefined) {
      route.schema = { ...route.schema, response: withBodyProblems([route.method].flat(), route.schema.response as Record<string, unknown>) };
    }
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    for (const method of [route.method].flat()) routes.add(method, route.url, schema?.hide === true, schema);
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    app.log.info('closing: new requests are refused; those in flight finish');
  });
  // Hooks with nothing to await are written callback-style: an async hook costs every
  // request a promise and a microtask turn in fastify's hook runner (a throw still reaches it).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (closing) throw new ProblemError('shutting-down', 'the server is shutting down', {}, { 'retry-after': String(options.retryAfterS), connection: 'close' });
    if (request.headers['x-request-id'] !== undefined || request.headers['x-correlation-id'] !== undefined) {
      const refused = clientIdRefusal(request.headers);
      if (refused !== undefined) throw refused;
    }
    done();
  });
  // A keep-alive connection whose request was in flight when closing began would hold
  // close() open until the client hangs up: its answer closes the connection instead.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(problemHandler, { allowedMethods: (path) => routes.allowedMethods(path) });
  await app.register(requestObserver, { metrics });
  await app.register(authPlugin, { tokens: deps.tokens, matrix });
  // 0 turns the limit off: then the plugin is not registered at all (it would otherwise
  // still key, count and time every request against a limit nobody can reach).
  // The limiter's hook is the route's own onRequest hook, so it runs after the auth hook
  // (which sets the principal it keys by) and before the auth refusal (preParsing).
  if (options.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateKeyOf,
      errorResponseBuilder: (_request, context) => new ProblemError('rate-limited', `at most ${context.max} requests per minute; retry in ${context.after}`),
    });
  }
  await app.register(idempotencyPlugin, { store: deps.idempotency, nowMs: () => deps.clock.nowMs() });
  await app.register(readYourWrites, { readModels, timeoutMs: options.readYourWritesTimeoutMs });
  await registerDocs(app, matrix);

  const zodApp = app.withTypeProvider<ZodTypeProvider>();
  platformRoutes(zodApp, { store: deps.store, readModels, metrics, ...(deps.integrity ? { integrity: deps.integrity } : {}) });
  problemRoutes(zodApp);
  for (const feature of deps.features ?? FEATURES) await feature.register(app, { deps: { ...deps, metrics, readModels, matrix } });

  app.addHook('onReady', async () => {
    const gaps = matrixGaps(matrix, routes.apiKeys());
    if (gaps.unlisted.length > 0 || gaps.unregistered.length > 0) {
      throw new Error(
        `access matrix (src/http/access-matrix.ts) and routes disagree: routes without a row: [${gaps.unlisted.join(', ')}]; rows without a route: [${gaps.unregistered.join(', ')}]`,
      );
    }
  });
  return app;
}

async function registerDocs(app: FastifyInstance, matrix: AccessMatrix): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'taizhang',
        description:
          'Event-sourced audit ledger for vocational-training subsidy funds. Errors are RFC 9457 problem+json; their `type` URIs are listed at GET /problems.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token from `taizhang token create`' } } },
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = matrix.get(routeKey(input.route.method.toString(), input.url));
      if (input.url.startsWith('/api/') && access !== 'public' && out.schema && !(out.schema as { hide?: boolean }).hide) {
        (out.schema as Record<string, unknown>).security = [{ bearer: [] }];
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
