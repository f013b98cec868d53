import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { ACCESS_MATRIX, EVERY_ROLE, type AccessMatrix } from '../../../src/http/access-matrix.ts';
import { TokenStore } from '../../../src/access/token-store.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { IdempotencyStore } from '../../../src/app/idempotency-store.ts';
import { openNodeDb } from '../../../src/app/node-db.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import { createMetrics } from '../../../src/http/metrics.ts';
import { integrityFeature } from '../../../src/http/routes/integrity.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { IntegrityPort } from '../../../src/integrity-log/port.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { captureStream } from '../helpers/test-server.ts';

/** A server with the platform routes and the integrity feature only, over `store` and `integrity`. */
export async function integrityServer(t: Test, dataDir: string, store: EventStore, integrity: IntegrityPort | undefined): Promise<{ app: FastifyInstance; tokens: TokenStore }> {
  const db = openNodeDb(path.join(dataDir, 'node'));
  const tokens = new TokenStore(db);
  // The production rows of the integrity routes (all public), and whoami, which every server has.
  const matrix: AccessMatrix = new Map([['GET /api/v1/whoami', EVERY_ROLE], ...[...ACCESS_MATRIX].filter(([key]) => key.startsWith('GET /api/v1/integrity/'))]);
  const app = await buildServer({
    clock: fixedClock(Date.parse('2026-03-02T01:00:00Z'), 1),
    store,
    tokens,
    idempotency: new IdempotencyStore(db),
    // Through the suite's capture: its lines are scanned for tokens and ID numbers at the end of the file.
    logger: createLogger('info', captureStream),
    metrics: createMetrics({ processMetrics: false }),
    features: [integrityFeature],
    matrix,
    ...(integrity ? { integrity } : {}),
  });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    db.close();
  });
  return { app, tokens };
}
