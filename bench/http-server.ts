/**
 * The servers of bench/http.bench.ts, in their own process so that the load generator
 * does not share their event loop: a bare fastify route (the floor) and the full stack
 * (buildServer: problem handler, auth, rate limit off, idempotency, metrics, request log at
 * info to /dev/null) on the embedded store, with the toy command feature until the money
 * domain's routes exist. Sends `{ bare, full, tokens }` to the parent over IPC.
 */
import Fastify from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { TokenStore } from '../src/access/token-store.ts';
import { systemClock } from '../src/app/clock.ts';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { IdempotencyStore } from '../src/app/idempotency-store.ts';
import { openNodeDb } from '../src/app/node-db.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { ACCESS_MATRIX, extendMatrix } from '../src/http/access-matrix.ts';
import { FEATURES } from '../src/http/features.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { withAppendMetrics } from '../src/http/metrics-store.ts';
import { buildServer } from '../src/http/server.ts';
import { createLogger } from '../src/logging/logger.ts';
import { toyFeature, ToyEventSchemas, TOY_MATRIX_ROWS } from '../test/http/fixtures/toy-feature.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-http-'));

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const raw = await openSqliteStore({ file: path.join(dir, 'events.sqlite') });
const metrics = createMetrics();
const store = withAppendMetrics(withRegistry(raw, buildEventRegistry().registerAll(ToyEventSchemas)), metrics);
const db = openNodeDb(dir);
// What-if knob: BENCH_NODE_SYNC=NORMAL measures Idempotency-Key records without an fsync per write.
if (process.env.BENCH_NODE_SYNC === 'NORMAL') db.pragma('synchronous = NORMAL');
const tokens = new TokenStore(db);
const now = new Date().toISOString();
const finance = tokens.create({ name: 'bench finance', role: 'finance', principalId: 'u-bench-finance', nowIso: now });
const full = await buildServer({
  clock: systemClock,
  store,
  tokens,
  idempotency: new IdempotencyStore(db),
  logger: createLogger(process.env.TAIZHANG_LOG_LEVEL ?? 'info', pino.destination({ dest: '/dev/null', sync: false })),
  metrics,
  features: [...FEATURES, toyFeature(store)],
  matrix: extendMatrix(ACCESS_MATRIX, TOY_MATRIX_ROWS),
  options: { rateLimitPerMinute: 0 },
});
const fullUrl = await full.listen({ host: '127.0.0.1', port: 0 });

process.send?.({ bare: bareUrl, full: fullUrl, tokens: { finance } });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await full.close();
  await bare.close();
  await raw.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
