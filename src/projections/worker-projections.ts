import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/port.ts';
import { shareHeads, type CommitSource } from '../eventstore/sqlite/head-notice.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import { ProjectionNotCaughtUpError, ProjectionUnavailableError, ReadModelsLockedError, UnknownProjectionError } from './errors.ts';
import { measureLag, type ProjectionStatus } from './lag.ts';
import { PositionWaiters } from './position-waiters.ts';
import { READ_YOUR_WRITES_TIMEOUT_MS, type QueryOptions, type Readiness, type RunnerReport, type RunnerSnapshot } from './projections.ts';
import { openReader } from './readmodel-file.ts';
import type { RunnerState } from './runner.ts';
import type { DefinitionsSource, ErrorReport, FromProjectionsWorker, ProjectionsWorkerData, ToProjectionsWorker } from './worker-protocol.ts';

export interface StartWorkerProjectionsOptions {
  /** The writing store: its file is opened read-only in the worker, its commits are posted there. */
  writer: CommitSource & { readonly file: string };
  /** The store `lag()` reads the head and the oldest unapplied event from (the main thread's). */
  store: Pick<EventStore, 'headPosition' | 'readAll'>;
  dataDir: string;
  logger: Logger;
  /** The worker's log level (its lines go to `logger`). */
  logLevel: string;
  /** Default: the catalogue (catalog.ts, PROJECTIONS). */
  definitions?: DefinitionsSource;
  /** See ProjectionsWorkerData.rawEvents (tests). */
  rawEvents?: boolean;
  batchLingerMs?: number;
  batchSize?: number;
  waitersMax?: number;
  lagLogIntervalMs?: number;
  pollIntervalMs?: number;
  nowMs?: () => number;
  /** How long close() waits for the worker to commit and close its files before it is terminated (default 10 s). */
  closeTimeoutMs?: number;
}

/** One read model as the main thread knows it: the worker's last report, and its own reader on the served file. */
interface Model {
  definition: { name: string; version: number };
  state: RunnerState;
  position: bigint;
  served: { version: number; file: string; position: bigint; reader: SqliteDatabase } | undefined;
  failure: string | undefined;
  waiters: PositionWaiters;
}

const WAITERS_MAX = 10_000;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The read models of `taizhang serve` with their work on another thread: a worker
 * (projections-worker.ts) follows the store and applies every event; this side, on the
 * main thread, answers queries from the served files through its own query-only
 * connections and holds read-your-writes waiters, released by the positions the worker
 * reports after each commit. It has the shape of Projections that the HTTP layer uses.
 *
 * A version swap in the worker is reported with the new file; the next query here runs
 * on a fresh connection to it. Until the report arrives, queries read the previous file,
 * consistent at the position reported for it (its connection keeps the deleted file).
 * A crash of the worker is logged and marks every read model failed (/ready says so).
 */
export class WorkerProjections {
  readonly #worker: Worker;
  readonly #models = new Map<string, Model>();
  readonly #options: StartWorkerProjectionsOptions;
  readonly #stopHeads: () => void;
  #closed: Promise<void> | undefined;
  #exited = false;
  #failedThread = false;
  #onClosed: ((m: Extract<FromProjectionsWorker, { kind: 'closed' }>) => void) | undefined;

  private constructor(worker: Worker, reports: RunnerReport[], options: StartWorkerProjectionsOptions, stopHeads: () => void) {
    this.#worker = worker;
    this.#options = options;
    this.#stopHeads = stopHeads;
    this.#apply(reports);
    worker.on('message', (m: FromProjectionsWorker) => this.#onMessage(m));
    worker.on('error', (error) => this.#crashed(error));
    worker.on('exit', (code) => this.#exit(code));
  }

  /** Starts the worker and resolves once it runs every projection; its start errors (the lock, a migration) reject here. */
  static async start(options: StartWorkerProjectionsOptions): Promise<WorkerProjections> {
    // The head in shared memory: the main thread's store writes it at each commit, the worker looks (head-notice.ts).
    let target: Worker | undefined;
    const heads = shareHeads(options.writer, { postMessage: (m) => target?.postMessage(m) });
    const data: ProjectionsWorkerData = {
      dataDir: options.dataDir,
      storeFile: options.writer.file,
      headBuffer: heads.buffer,
      logLevel: options.logLevel,
      definitions: options.definitions ?? { module: siblingModule(import.meta.url, 'catalog').href, exportName: 'PROJECTIONS' },
      ...pick(options),
    };
    const worker = startModuleWorker(siblingModule(import.meta.url, 'projections-worker'), { workerData: data });
    target = worker;
    // Listeners of its own, removed one by one: Worker keeps internal ones (removeAllListeners stalls its messages).
    let onMessage!: (m: FromProjectionsWorker) => void;
    let onError!: (e: Error) => void;
    let onExit!: (code: number) => void;
    const started = new Promise<RunnerReport[]>((resolve, reject) => {
      onMessage = (m) => {
        if (m.kind === 'log') relayLog(options.logger, m.line);
        if (m.kind === 'started') resolve(m.reports);
        if (m.kind === 'start-failed') reject(rebuildError(m.error));
      };
      onError = reject;
      onExit = (code) => reject(new Error(`the read models' thread exited with code ${code} while starting`));
    });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    try {
      const reports = await started;
      return new WorkerProjections(worker, reports, options, heads.stop);
    } catch (error) {
      heads.stop();
      await worker.terminate();
      throw error;
    } finally {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    }
  }

  names(): string[] {
    return [...this.#models.keys()];
  }

  /** Answers `query` from NAME's served file, after waiting for `minPosition` if given. */
  async query<T>(name: string, query: (db: SqliteDatabase) => T, options: QueryOptions = {}): Promise<T> {
    const model = this.#model(name);
    if (options.minPosition !== undefined) await this.#waitFor(model, options.minPosition, options.timeoutMs ?? READ_YOUR_WRITES_TIMEOUT_MS);
    const served = model.served;
    if (served === undefined) {
      const why = model.state === 'failed' ? 'it failed before its first build completed' : `version ${model.definition.version} is still being built`;
      throw new ProjectionUnavailableError(name, why);
    }
    return query(served.reader);
  }

  async waitForPosition(minPosition: bigint, timeoutMs: number = READ_YOUR_WRITES_TIMEOUT_MS, names: readonly string[] = this.names()): Promise<void> {
    await Promise.all(names.map((name) => this.#waitFor(this.#model(name), minPosition, timeoutMs)));
  }

  servedFile(name: string): string | undefined {
    return this.#model(name).served?.file;
  }

  status(): RunnerSnapshot[] {
    return [...this.#models.values()].map((m) => ({
      name: m.definition.name,
      version: m.definition.version,
      state: m.state,
      servedVersion: m.served?.version,
      servedPosition: m.served?.position,
    }));
  }

  async lag(): Promise<ProjectionStatus[]> {
    const { store } = this.#options;
    const head = await store.headPosition();
    const nowMs = this.#options.nowMs ?? Date.now;
    return Promise.all([...this.#models.values()].map((m) => measureLag(m, store, head, nowMs)));
  }

  async readiness(): Promise<Readiness> {
    const projections = await this.lag();
    return { ready: projections.every((p) => p.state === 'live'), projections };
  }

  /** The worker commits the batches in hand and closes its files (rejects when it failed to); then the readers here close. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#stopHeads();
    let failure: ErrorReport | undefined;
    if (!this.#exited) {
      const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
      const closed = new Promise<Extract<FromProjectionsWorker, { kind: 'closed' }>>((resolve) => (this.#onClosed = resolve));
      this.#post({ kind: 'close' });
      let timer: NodeJS.Timeout | undefined;
      const timeoutMs = this.#options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
      const answer = await Promise.race([closed, exited.then(() => undefined), late]);
      clearTimeout(timer);
      if (answer === 'late') {
        // Whatever it had not committed is applied again at the next start, from its checkpoint.
        this.#options.logger.error({ timeoutMs }, 'the read models\' thread did not close in time: terminated');
        failure = { name: 'Error', message: `the read models' thread did not close within ${timeoutMs} ms` };
        await this.#worker.terminate();
      } else if (answer !== undefined) {
        this.#apply(answer.reports);
        failure = answer.error;
      }
      await exited;
    }
    for (const m of this.#models.values()) {
      if (m.state !== 'failed') m.state = 'stopped';
      m.waiters.endAll();
      m.served?.reader.close();
      m.served = undefined;
    }
    if (failure !== undefined) throw rebuildError(failure);
  }

  async #waitFor(model: Model, minPosition: bigint, timeoutMs: number): Promise<void> {
    const reached = () => (model.served?.position ?? -1n) >= minPosition;
    if (reached()) return;
    const { name } = model.definition;
    const ended = () => this.#notCaughtUp(model, minPosition, model.state === 'failed' ? 'failed' : 'closed');
    if (model.state === 'failed' || model.state === 'stopped') throw ended();
    // The worker's runner stops lingering (and commits the batch in hand) while someone waits.
    this.#post({ kind: 'wait', name, position: minPosition, timeoutMs });
    const outcome = await model.waiters.wait(minPosition, timeoutMs);
    if (outcome === 'reached' || reached()) return;
    throw outcome === 'ended' ? ended() : this.#notCaughtUp(model, minPosition, outcome);
  }

  #notCaughtUp(model: Model, minPosition: bigint, reason: ProjectionNotCaughtUpError['reason']): ProjectionNotCaughtUpError {
    return new ProjectionNotCaughtUpError(model.definition.name, minPosition, model.served?.position ?? 0n, reason);
  }

  #onMessage(m: FromProjectionsWorker): void {
    switch (m.kind) {
      case 'reports':
        this.#apply(m.reports);
        return;
      case 'log':
        relayLog(this.#options.logger, m.line);
        return;
      case 'closed':
        this.#onClosed?.(m);
        return;
      case 'started':
      case 'start-failed':
        return;
    }
  }

  /** The worker's view of each runner becomes this side's: a new served file gets a new reader here. */
  #apply(reports: readonly RunnerReport[]): void {
    // Reports travel apart from the thread's error: one posted before a crash may arrive after it, and must not revive it.
    if (this.#failedThread || (this.#closed !== undefined && this.#exited)) return;
    for (const r of reports) {
      let model = this.#models.get(r.name);
      if (model === undefined) {
        model = { definition: { name: r.name, version: r.version }, state: r.state, position: r.position, served: undefined, failure: undefined, waiters: new PositionWaiters(this.#options.waitersMax ?? WAITERS_MAX) };
        this.#models.set(r.name, model);
      }
      model.state = r.state;
      model.position = r.position;
      model.failure = r.failure;
      // A stopped runner (the worker is closing) reports no served file: ours stays open until close() ends here.
      if (r.state !== 'stopped') this.#serve(model, r.served);
      if (model.served !== undefined) model.waiters.release(model.served.position);
      if (model.state === 'failed' || model.state === 'stopped') model.waiters.endAll();
    }
  }

  #serve(model: Model, served: RunnerReport['served']): void {
    const current = model.served;
    if (served !== undefined && current?.file === served.file) {
      current.position = served.position;
      return;
    }
    let reader: SqliteDatabase | undefined;
    if (served !== undefined) {
      try {
        reader = openReader(served.file);
      } catch (err) {
        // Swapped out again before this report was read: the next report names the file that replaced it.
        this.#options.logger.warn({ projection: model.definition.name, file: served.file, err }, 'served read model could not be opened');
      }
    }
    model.served = reader === undefined || served === undefined ? undefined : { ...served, reader };
    current?.reader.close();
  }

  #crashed(error: Error): void {
    if (this.#failedThread) return;
    this.#failedThread = true;
    this.#options.logger.error({ err: error }, 'the read models\' thread failed: queries answer from the last served files, which no longer advance');
    for (const m of this.#models.values()) {
      m.state = 'failed';
      m.failure = `the read models' thread failed: ${error.message}`;
      m.waiters.endAll();
    }
  }

  #exit(code: number): void {
    this.#exited = true;
    if (this.#closed !== undefined) return;
    this.#crashed(new Error(`it exited with code ${code}`));
  }

  #post(message: ToProjectionsWorker): void {
    if (!this.#exited) this.#worker.postMessage(message);
  }

  #model(name: string): Model {
    const model = this.#models.get(name);
    if (model === undefined) throw new UnknownProjectionError(name, this.names());
    return model;
  }
}

function pick(o: StartWorkerProjectionsOptions) {
  return {
    ...(o.rawEvents === undefined ? {} : { rawEvents: o.rawEvents }),
    ...(o.batchLingerMs === undefined ? {} : { batchLingerMs: o.batchLingerMs }),
    ...(o.batchSize === undefined ? {} : { batchSize: o.batchSize }),
    ...(o.waitersMax === undefined ? {} : { waitersMax: o.waitersMax }),
    ...(o.lagLogIntervalMs === undefined ? {} : { lagLogIntervalMs: o.lagLogIntervalMs }),
    ...(o.pollIntervalMs === undefined ? {} : { pollIntervalMs: o.pollIntervalMs }),
  };
}

/** A line the worker's logger wrote, through this thread's logger at its level. */
function relayLog(logger: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    logger.warn({ line }, 'unreadable log line from the read models\' thread');
    return;
  }
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...rest } = record;
  const label = typeof level === 'number' ? logger.levels.labels[level] : undefined;
  const log = label === 'fatal' || label === 'error' || label === 'warn' || label === 'info' || label === 'debug' || label === 'trace' ? label : 'info';
  logger[log]({ thread: 'read-models', ...rest }, typeof msg === 'string' ? msg : '');
}

/** The typed errors a caller of start may test for, rebuilt from their report. */
function rebuildError(report: ErrorReport): Error {
  if (report.code === 'read_models_locked' && report.dir !== undefined) return new ReadModelsLockedError(report.dir);
  const error = new Error(report.message);
  error.name = report.name;
  return error;
}
