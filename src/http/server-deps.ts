import type { Logger } from 'pino';
import type { TokenStore } from '../access/token-store.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { Clock } from '../app/clock.ts';
import type { IdempotencyStore } from '../app/idempotency-store.ts';
import type { EventStore } from '../eventstore/port.ts';
import type { IntegrityPort } from '../integrity-log/port.ts';
import type { AccessMatrix } from './access-matrix.ts';
import type { Feature } from './feature.ts';
import type { Metrics } from './metrics.ts';
import type { ReadModelsPort } from './read-models.ts';

export interface ServerOptions {
  /** Largest request body accepted; larger ones get a 413 problem. */
  bodyLimitBytes: number;
  /** Requests per minute per token (anonymous: per IP); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** How long a query with minPosition waits for the read models (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** Seconds a client is told to wait (Retry-After) when shutting down. */
  retryAfterS: number;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  bodyLimitBytes: 1024 * 1024,
  rateLimitPerMinute: 6000,
  readYourWritesTimeoutMs: 2000,
  retryAfterS: 1,
};

export interface ServerDeps {
  clock: Clock;
  /** The store routes append to and read from (validated by the event registry in production). */
  store: EventStore;
  tokens: TokenStore;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Default: a fresh registry with the process metrics. */
  metrics?: Metrics;
  /** Default: no projections; minPosition waits for the store's head. */
  readModels?: ReadModelsPort;
  /** What domain features need (caches, policy, vault, keys); see servicesOf. */
  services?: AppDeps;
  /** The Merkle log and its checkpoints (src/integrity-log/); without it /api/v1/integrity answers 503. */
  integrity?: IntegrityPort;
  /** Default: ACCESS_MATRIX. */
  matrix?: AccessMatrix;
  /** Default: FEATURES (src/http/features.ts). */
  features?: readonly Feature[];
  options?: Partial<ServerOptions>;
}
