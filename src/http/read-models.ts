import type { EventStore } from '../eventstore/port.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';

/** What /ready and /metrics say about one read model. */
export interface ReadModelStatus {
  name: string;
  version?: number;
  /** building (first build, nothing served yet), live, failed, stopped… as the runtime names it. */
  state: string;
  /** Position of the read model queries see; undefined while nothing is served. */
  servedPosition: bigint | undefined;
}

/**
 * The projections runtime as the HTTP layer uses it (issue 5 provides it; until then, and
 * for a server without read models, storeHeadReadModels stands in).
 */
export interface ReadModelsPort {
  /**
   * Resolves once the read models (all of them, or those named) serve `minPosition` or
   * beyond; rejects (any error) when they do not within `timeoutMs`.
   */
  waitForPosition(minPosition: bigint, timeoutMs: number, names?: readonly string[]): Promise<void>;
  status(): readonly ReadModelStatus[];
  close(): Promise<void>;
  /**
   * Answers `query` from the named read model's served file (the projections runtime,
   * src/projections/projections.ts, has it; a server without read models has not, and its
   * query routes answer 503 `not-ready`). Query routes call it through
   * src/http/routes/read-models-access.ts.
   */
  query?<T>(name: string, query: (db: SqliteDatabase) => T): Promise<T>;
}

export class PositionNotReachedError extends Error {
  constructor(
    readonly minPosition: bigint,
    readonly reachedPosition: bigint,
  ) {
    super(`position ${minPosition} not reached (at ${reachedPosition})`);
    this.name = 'PositionNotReachedError';
  }
}

const POLL_MS = 10;

/**
 * No projections: queries read the store itself, which is current the moment an append
 * returns. A minPosition beyond the head (written through another node, or a client's
 * mistake) is waited for by polling the head, boundedly.
 */
export function storeHeadReadModels(store: Pick<EventStore, 'headPosition'>): ReadModelsPort {
  return {
    async waitForPosition(minPosition, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const head = await store.headPosition();
        if (head >= minPosition) return;
        if (performance.now() >= deadline) throw new PositionNotReachedError(minPosition, head);
        await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - performance.now()))));
      }
    },
    status: () => [],
    close: async () => {},
  };
}

/** The parts of a projection runner (src/projections/runner.ts) the HTTP layer relies on. */
export interface RunnerLike {
  readonly definition: { readonly name: string; readonly version: number };
  readonly state: string;
  readonly served: { position: bigint } | undefined;
  waitForPosition(minPosition: bigint, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Projection runners as the port: a wait covers every runner named (all by default). */
export function runnersAsReadModels(runners: readonly RunnerLike[]): ReadModelsPort {
  return {
    async waitForPosition(minPosition, timeoutMs, names) {
      const chosen = names === undefined ? runners : runners.filter((r) => names.includes(r.definition.name));
      if (names !== undefined && chosen.length !== names.length) throw new Error(`unknown read model in ${names.join(', ')}`);
      await Promise.all(chosen.map((r) => r.waitForPosition(minPosition, timeoutMs)));
    },
    status: () => runners.map((r) => ({ name: r.definition.name, version: r.definition.version, state: r.state, servedPosition: r.served?.position })),
    async close() {
      await Promise.all(runners.map((r) => r.stop()));
    },
  };
}
