import { z } from 'zod';
import { RegionCodeSchema, RoleSchema } from '../../access/roles.ts';
import type { EventStore } from '../../eventstore/port.ts';
import { toBase64 } from '../../integrity/base64.ts';
import type { IntegrityPort } from '../../integrity-log/port.ts';
import type { ZodApp } from '../feature.ts';
import { METRICS_CONTENT_TYPE, type Metrics } from '../metrics.ts';
import { principalOf } from '../plugins/auth.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import type { ReadModelsPort, ReadModelStatus } from '../read-models.ts';

const STORE_TIMEOUT_MS = 2000;

const ReadModelSchema = z.object({
  name: z.string(),
  version: z.number().int().optional(),
  state: z.string(),
  servedPosition: z.string().nullable(),
  lagEvents: z.string().nullable().describe('events in the store not yet served; null while nothing is served'),
});

const IntegritySchema = z
  .object({
    state: z.string().describe('the merkle-log projection: building, live, failed, stopped…'),
    servedPosition: z.string().nullable(),
    lagEvents: z.string().nullable().describe('events in the store not yet in the Merkle log; null while no tree is served'),
    latestCheckpoint: z
      .object({ treeSize: z.number().int(), rootHash: z.string().describe('base64'), signedAt: z.string() })
      .nullable()
      .describe('the latest signed checkpoint (GET /api/v1/integrity/checkpoint has the note); null before the first'),
    signingFailure: z.string().nullable().describe('set when signing stopped because the tree contradicts a signed checkpoint'),
  })
  .describe('the integrity log (reported; it does not decide readiness)');

const ReadySchema = z.object({
  status: z.literal('ready'),
  headPosition: z.string(),
  readModels: z.array(ReadModelSchema),
  integrity: IntegritySchema.optional(),
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeReadModel(s: ReadModelStatus, head: bigint): z.infer<typeof ReadModelSchema> {
  const served = s.servedPosition;
  const lag = served === undefined ? null : String(head > served ? head - served : 0n);
  return { name: s.name, ...(s.version === undefined ? {} : { version: s.version }), state: s.state, servedPosition: served === undefined ? null : String(served), lagEvents: lag };
}

function describeIntegrity(port: IntegrityPort, head: bigint): z.infer<typeof IntegritySchema> {
  const s = port.status();
  const latest = port.latestCheckpoint();
  const served = s.servedPosition;
  return {
    state: s.state,
    servedPosition: served === undefined ? null : String(served),
    lagEvents: served === undefined ? null : String(head > served ? head - served : 0n),
    latestCheckpoint: latest === undefined ? null : { treeSize: latest.treeSize, rootHash: toBase64(latest.rootHash), signedAt: latest.signedAt },
    signingFailure: s.signingFailure ?? null,
  };
}

/** Why the node should get no traffic, or undefined when it may. */
function notReadyReason(models: readonly ReadModelStatus[]): string | undefined {
  const failed = models.filter((m) => m.state === 'failed').map((m) => m.name);
  if (failed.length > 0) return `read models failed: ${failed.join(', ')}`;
  const unserved = models.filter((m) => m.servedPosition === undefined).map((m) => m.name);
  if (unserved.length > 0) return `read models still being built: ${unserved.join(', ')}`;
  return undefined;
}

export interface PlatformDeps {
  store: EventStore;
  readModels: ReadModelsPort;
  metrics: Metrics;
  /** The Merkle log, when this server keeps it: /ready reports its lag and latest checkpoint. */
  integrity?: IntegrityPort;
}

/** Liveness, readiness, metrics, and who-am-I: the routes every deployment needs. */
export function platformRoutes(app: ZodApp, deps: PlatformDeps): void {
  const unlimited = { rateLimit: false } as const;
  app.get(
    '/health',
    { schema: { summary: 'Liveness: the process answers', tags: ['platform'], response: { 200: z.object({ status: z.literal('ok') }) } }, config: unlimited },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: the store answers and every read model serves; with each read model\'s lag, and the Merkle log\'s lag and latest checkpoint',
        tags: ['platform'],
        response: { 200: ReadySchema, 503: problemResponse('the store does not answer, or a read model failed or is still being built') },
      },
      config: unlimited,
    },
    async () => {
      let head: bigint;
      try {
        head = await withTimeout(deps.store.headPosition(), STORE_TIMEOUT_MS);
      } catch (error) {
        throw new ProblemError('not-ready', `the event store does not answer: ${error instanceof Error ? error.message : String(error)}`, {}, { 'retry-after': '5' });
      }
      const statuses = deps.readModels.status();
      const readModels = statuses.map((s) => describeReadModel(s, head));
      const integrity = deps.integrity === undefined ? {} : { integrity: describeIntegrity(deps.integrity, head) };
      const reason = notReadyReason(statuses);
      if (reason !== undefined) throw new ProblemError('not-ready', reason, { headPosition: String(head), readModels, ...integrity }, { 'retry-after': '5' });
      return { status: 'ready' as const, headPosition: String(head), readModels, ...integrity };
    },
  );

  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['platform'], response: { 200: z.string() } }, config: unlimited },
    async (_request, reply) => {
      await updateProjectionLag(deps);
      reply.type(METRICS_CONTENT_TYPE);
      return deps.metrics.registry.metrics();
    },
  );

  app.get(
    '/api/v1/whoami',
    {
      schema: {
        summary: 'The principal of the bearer token: id, role and region scope',
        tags: ['platform'],
        response: { 200: z.object({ id: z.string(), role: RoleSchema, region: RegionCodeSchema.nullable() }), ...problemResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return { id: p.id, role: p.role, region: p.region ?? null };
    },
  );
}

async function updateProjectionLag(deps: PlatformDeps): Promise<void> {
  const statuses = deps.readModels.status();
  if (statuses.length === 0) return;
  const head = await deps.store.headPosition();
  for (const s of statuses) {
    if (s.servedPosition === undefined) deps.metrics.projectionLagEvents.remove({ projection: s.name });
    else deps.metrics.projectionLagEvents.set({ projection: s.name }, Number(head - s.servedPosition));
  }
}
