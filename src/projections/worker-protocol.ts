import type { HeadNotice } from '../eventstore/sqlite/head-notice.ts';
import type { RunnerReport } from './projections.ts';

/**
 * The messages between the server's main thread (WorkerProjections, which answers queries
 * from the served files) and the thread that runs the projections (projections-worker.ts).
 * Positions travel as bigint (structured cloning keeps them).
 */

/** Where the projections' definitions come from: a module and the export holding the array. */
export interface DefinitionsSource {
  /** URL (href) of the module. */
  module: string;
  exportName: string;
}

export interface ProjectionsWorkerData {
  dataDir: string;
  /** The embedded store's file, opened read-only in the worker. */
  storeFile: string;
  /** The log's head as the main thread's store last committed it (shareHeads / watchSharedHead). */
  headBuffer: SharedArrayBuffer;
  logLevel: string;
  definitions: DefinitionsSource;
  /** Hand the runners the events as stored, not through the event registry (tests' synthetic logs of unregistered types). */
  rawEvents?: boolean;
  batchLingerMs?: number;
  batchSize?: number;
  waitersMax?: number;
  lagLogIntervalMs?: number;
  /** How often the worker's view looks for appends when no head notice came (safety net). */
  pollIntervalMs?: number;
}

export type ToProjectionsWorker =
  | HeadNotice
  /** A caller on the main thread waits for NAME to serve `position`: end the linger, keep it ended until then. */
  | { kind: 'wait'; name: string; position: bigint; timeoutMs: number }
  /** Commit the batches in hand, close, answer `closed`. */
  | { kind: 'close' };

/** An error as it crosses the thread boundary (the main thread rebuilds the typed ones it knows). */
export interface ErrorReport {
  name: string;
  message: string;
  code?: string;
  dir?: string;
}

export type FromProjectionsWorker =
  | { kind: 'started'; reports: RunnerReport[] }
  | { kind: 'start-failed'; error: ErrorReport }
  /** Some runner's state, checkpoint or served file changed: every runner as it is now. */
  | { kind: 'reports'; reports: RunnerReport[] }
  /** One line of the worker's pino logger, for the main thread's logger. */
  | { kind: 'log'; line: string }
  | { kind: 'closed'; reports: RunnerReport[]; error?: ErrorReport };

export function errorReport(error: unknown): ErrorReport {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, dir } = error as { code?: unknown; dir?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof dir === 'string' ? { dir } : {}),
  };
}
