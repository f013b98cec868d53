/**
 * The servers of bench/http.bench.ts, in their own process so that the load generator
 * does not share their event loop: a bare fastify route (the floor) and the full stack
 * as `taizhang serve` builds it (openRuntime + buildServer: every production feature with
 * its services, problem handler, auth, idempotency, metrics, request log at info to
 * /dev/null; rate limit off) on the embedded store in a temporary data directory, plus the
 * toy account feature (test/http/fixtures) whose deposits are the cheapest durable command
 * there is. The toy's events are registered on a validating store of their own over the
 * runtime's raw store, so the production registry stays as shipped.
 * Sends `{ bare, full, tokens }` to the parent over IPC.
 */
import Fastify from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { loadConfig } from '../src/config.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { ACCESS_MATRIX, extendMatrix } from '../src/http/access-matrix.ts';
import { FEATURES } from '../src/http/features.ts';
import { withAppendMetrics } from '../src/http/metrics-store.ts';
import { openRuntime } from '../src/http/runtime.ts';
import { buildServer } from '../src/http/server.ts';
import { createLogger } from '../src/logging/logger.ts';
import { toyFeature, ToyEventSchemas, TOY_MATRIX_ROWS } from '../test/http/fixtures/toy-feature.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-http-'));

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const config = { ...loadConfig({}), dataDir: dir, rateLimitPerMinute: 0 };
const logger = createLogger(process.env.TAIZHANG_LOG_LEVEL ?? 'info', pino.destination({ dest: '/dev/null', sync: false }));
const runtime = await openRuntime(config, logger);
const { deps } = runtime;
const toyStore = withAppendMetrics(withRegistry(runtime.rawStore, buildEventRegistry().registerAll(ToyEventSchemas)), deps.metrics!);
const full = await buildServer({
  ...deps,
  features: [...FEATURES, toyFeature(toyStore)],
  matrix: extendMatrix(ACCESS_MATRIX, TOY_MATRIX_ROWS),
  options: { ...deps.options, rateLimitPerMinute: 0 },
});
const fullUrl = await full.listen({ host: '127.0.0.1', port: 0 });
const finance = deps.tokens.create({ name: 'bench finance', role: 'finance', principalId: 'u-bench-finance', nowIso: new Date().toISOString() });

process.send?.({ bare: bareUrl, full: fullUrl, tokens: { finance } });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await full.close();
  await bare.close();
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
