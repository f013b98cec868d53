import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/port.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { checkBatchSize, DEFAULT_BATCH_SIZE } from './catch-up.ts';
import type { ProjectionDefinition } from './definition.ts';
import { UnknownProjectionError } from './errors.ts';
import { readModelsDir } from './files.ts';
import { measureLag, type ProjectionStatus } from './lag.ts';
import { lockReadModels, type ReadModelsLock } from './lock.ts';
import { createProgress, type ProgressMode, type ProgressReporter } from './progress.ts';
import { ProjectionRunner, type RunnerState } from './runner.ts';
import { SharedLog } from './runner-shared-log.ts';

export interface StartProjectionsOptions {
  store: EventStore;
  dataDir: string;
  logger: Logger;
  definitions: readonly ProjectionDefinition[];
  /** Events per transaction, 1..10 000 (default 1000). */
  batchSize?: number;
  batchDelayMsMax?: number;
  /** See RunnerOptions.batchLingerMs (default DEFAULT_BATCH_LINGER_MS). */
  batchLingerMs?: number;
  /** Read-your-writes callers that may wait at once per projection. */
  waitersMax?: number;
  progress?: ProgressMode | ProgressReporter;
  /** How often the lag of every projection is logged; 0: never. */
  lagLogIntervalMs?: number;
  /** Wall clock for `secondsBehind`; injected by tests. */
  nowMs?: () => number;
  /** See RunnerOptions.onChange: any runner's state, checkpoint or served file changed (snapshots() has it). */
  onChange?: () => void;
}

export interface QueryOptions {
  /** Wait until the read model has applied this position (read-your-writes). */
  minPosition?: bigint;
  timeoutMs?: number;
}

/**
 * How long a live batch may wait for more events (runner.ts #follow): a transaction per few
 * milliseconds rather than per group commit of the store, while nobody waits to read a write.
 */
export const DEFAULT_BATCH_LINGER_MS = 50;

/** The HTTP layer's default wait for `minPosition`. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

/** One projection as the HTTP layer's /ready and /metrics read it. */
export interface RunnerSnapshot {
  name: string;
  version: number;
  state: RunnerState;
  /** Version of the file queries are answered from (the previous one while a new version builds). */
  servedVersion: number | undefined;
  /** Position queries see; undefined while nothing is served. */
  servedPosition: bigint | undefined;
}

/** One runner as a worker thread reports it to the thread serving its files. */
export interface RunnerReport {
  name: string;
  version: number;
  state: RunnerState;
  /** Checkpoint of the current version's file. */
  position: bigint;
  /** What queries are answered from; undefined while nothing is served. */
  served: { version: number; file: string; position: bigint } | undefined;
  /** The message of the error that stopped it (state failed). */
  failure?: string;
}

export interface Readiness {
  /** Every projection serves its current version and none has failed. */
  ready: boolean;
  projections: ProjectionStatus[];
}

/**
 * The running projections of one process: the read side of the HTTP layer asks it for
 * answers (`query`), for read-your-writes (`waitForPosition`) and for `/ready`.
 */
export class Projections {
  readonly #runners: Map<string, ProjectionRunner>;
  readonly #lock: ReadModelsLock;
  readonly #store: EventStore;
  readonly #nowMs: () => number;
  readonly #lagTimer: NodeJS.Timeout | undefined;

  private constructor(runners: Map<string, ProjectionRunner>, lock: ReadModelsLock, options: StartProjectionsOptions) {
    this.#runners = runners;
    this.#lock = lock;
    this.#store = options.store;
    this.#nowMs = options.nowMs ?? Date.now;
    const interval = options.lagLogIntervalMs ?? 60_000;
    if (interval > 0) {
      this.#lagTimer = setInterval(() => void this.#logLag(options.logger), interval);
      this.#lagTimer.unref();
    }
  }

  /** Takes the data directory's read-model lock and starts one runner per definition. */
  static start(options: StartProjectionsOptions): Projections {
    const dir = readModelsDir(options.dataDir);
    const lock = lockReadModels(dir);
    const runners = new Map<string, ProjectionRunner>();
    try {
      const progress = typeof options.progress === 'object' ? options.progress : createProgress({ mode: options.progress ?? 'auto', logger: options.logger });
      // The runners follow the log on one shared subscription: each new event read and upcast once, not once per read model.
      const shared = new SharedLog(options.store);
      for (const definition of options.definitions) {
        if (runners.has(definition.name)) throw new Error(`projection ${definition.name} is defined twice`);
        const runner = ProjectionRunner.start(definition, {
          store: options.store,
          follow: (subscribeOptions) => shared.subscribe(subscribeOptions),
          dir,
          logger: options.logger,
          progress,
          batchSize: checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE),
          batchDelayMsMax: options.batchDelayMsMax ?? 100,
          batchLingerMs: options.batchLingerMs ?? DEFAULT_BATCH_LINGER_MS,
          waitersMax: options.waitersMax ?? 10_000,
          ...(options.onChange ? { onChange: options.onChange } : {}),
        });
        runners.set(definition.name, runner);
      }
    } catch (e) {
      void Promise.all([...runners.values()].map((r) => r.stop())).finally(() => lock.release());
      throw e;
    }
    return new Projections(runners, lock, options);
  }

  names(): string[] {
    return [...this.#runners.keys()];
  }

  /** Answers `query` from NAME's served read model, after waiting for `minPosition` if given. */
  async query<T>(name: string, query: (db: SqliteDatabase) => T, options: QueryOptions = {}): Promise<T> {
    const runner = this.#runner(name);
    if (options.minPosition !== undefined) await runner.waitForPosition(options.minPosition, options.timeoutMs ?? READ_YOUR_WRITES_TIMEOUT_MS);
    return runner.read(query);
  }

  /** Waits until the named projections (default: all) serve `minPosition`; ProjectionNotCaughtUpError after `timeoutMs`. */
  async waitForPosition(minPosition: bigint, timeoutMs: number = READ_YOUR_WRITES_TIMEOUT_MS, names: readonly string[] = this.names()): Promise<void> {
    await Promise.all(names.map((name) => this.#runner(name).waitForPosition(minPosition, timeoutMs)));
  }

  /** The file NAME is served from, for a query that ATTACHes a second read model. */
  servedFile(name: string): string | undefined {
    return this.#runner(name).served?.file;
  }

  /** Where each projection is, without touching the store (the HTTP layer's ReadModelsPort.status). */
  status(): RunnerSnapshot[] {
    return [...this.#runners.values()].map((runner) => {
      const served = runner.served;
      return {
        name: runner.definition.name,
        version: runner.definition.version,
        state: runner.state,
        servedVersion: served?.version,
        servedPosition: served?.position,
      };
    });
  }

  /** Everything a thread answering queries from these files needs to know of each runner (worker-protocol.ts). */
  snapshots(): RunnerReport[] {
    return [...this.#runners.values()].map((runner) => {
      const failure = runner.failure;
      return {
        name: runner.definition.name,
        version: runner.definition.version,
        state: runner.state,
        position: runner.position,
        served: runner.served,
        ...(failure === undefined ? {} : { failure: failure instanceof Error ? failure.message : String(failure) }),
      };
    });
  }

  /** Each projection's lag behind the head, in events and seconds (reads the store). */
  async lag(): Promise<ProjectionStatus[]> {
    const head = await this.#store.headPosition();
    return Promise.all([...this.#runners.values()].map((runner) => measureLag(runner, this.#store, head, this.#nowMs)));
  }

  /** Ready when every projection serves its current version, caught up or not. */
  async readiness(): Promise<Readiness> {
    const projections = await this.lag();
    return { ready: projections.every((p) => p.state === 'live'), projections };
  }

  /** Stops every runner (each commits the batch in hand) and releases the lock. */
  async close(): Promise<void> {
    clearInterval(this.#lagTimer);
    try {
      await Promise.all([...this.#runners.values()].map((r) => r.stop()));
    } finally {
      this.#lock.release();
    }
  }

  #runner(name: string): ProjectionRunner {
    const runner = this.#runners.get(name);
    if (runner === undefined) throw new UnknownProjectionError(name, this.names());
    return runner;
  }

  async #logLag(logger: Logger): Promise<void> {
    try {
      for (const s of await this.lag()) logger.info(s, 'projection lag');
    } catch (err) {
      logger.warn({ err }, 'projection lag could not be measured');
    }
  }
}
