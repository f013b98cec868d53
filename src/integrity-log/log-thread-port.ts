/**
 * The Merkle log of `taizhang serve` on its own thread (log-thread.ts): the main thread keeps
 * only what the /api/v1/integrity routes read — its own read connections on the served tree
 * file and on checkpoints.sqlite, the verifier key, and the positions the thread reports —
 * while reading the log, integrating it (leaf hashes, interior nodes, tiles, event-id
 * index, commits) and signing checkpoints run beside the requests instead of between them.
 *
 * The thread follows the store through a read-only connection (openSqliteStoreReadOnly),
 * woken by the head the main thread's store shares at each commit (shareHeads: shared memory,
 * a message only after the thread went idle; it looks every HEAD_POLL_MS while the log moves).
 * A caller waiting for a position is waited for here (PositionWaiters) and told to the
 * thread, which wakes its reader on that position, and whose runner then commits the batch
 * in hand without lingering and reports where it is.
 *
 * A thread that fails (an error out of its loop, an exit nobody asked for, or its runner
 * stopping on an error) is logged at error and shows as state `failed` in status() — /ready
 * reports it — and waiting callers get ProjectionNotCaughtUpError('failed') at once; the
 * tree already integrated is still served.
 */
import type { Logger } from 'pino';
import type { Worker } from 'node:worker_threads';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import { assertNever } from '../domain/decider.ts';
import { shareHeads, type CommitSource } from '../eventstore/sqlite/head-notice.ts';
import { ProjectionNotCaughtUpError, ProjectionUnavailableError } from '../projections/errors.ts';
import { PositionWaiters } from '../projections/position-waiters.ts';
import { openReader } from '../projections/readmodel-file.ts';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { CheckpointStore, type StoredCheckpoint } from './checkpoint-store.ts';
import { logViewOf } from './integrity-log.ts';
import type { LogView } from './log-view.ts';
import type { FromLogThread, LogThreadData, LogThreadStatus, ToLogThread } from './log-thread-protocol.ts';
import type { IntegrityPort, IntegrityStatus } from './port.ts';

export interface IntegrityLogThreadOptions extends Omit<LogThreadData, 'logLevel' | 'headBuffer'> {
  /** The main thread's writing store: its group commits are told to the thread. */
  commits: CommitSource;
  logger: Logger;
  /** Callers that may wait for a position at once. */
  waitersMax?: number;
  /** How long close() waits for the thread to commit and close before it is terminated. */
  closeTimeoutMs?: number;
}

const NAME = merkleLog.name;

export class IntegrityLogThread implements IntegrityPort {
  readonly #worker: Worker;
  readonly #logger: Logger;
  readonly #verifierKey: string;
  readonly #checkpoints: CheckpointStore;
  readonly #waiters: PositionWaiters;
  readonly #stopNotices: () => void;
  readonly #closeTimeoutMs: number;
  #status: LogThreadStatus;
  #reader: { file: string; db: SqliteDatabase } | undefined;
  /** Set once the thread failed or ended without being asked to. */
  #failure: string | undefined;
  #closing: Promise<void> | undefined;
  #onClosed: ((error: string | undefined) => void) | undefined;

  private constructor(worker: Worker, started: Extract<FromLogThread, { kind: 'started' }>, options: IntegrityLogThreadOptions, stopHeads: () => void) {
    this.#worker = worker;
    this.#stopNotices = stopHeads;
    this.#logger = options.logger;
    this.#verifierKey = started.verifierKey;
    this.#status = started.status;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 60_000;
    this.#waiters = new PositionWaiters(options.waitersMax ?? 10_000);
    // The thread created checkpoints.sqlite before it said `started`.
    this.#checkpoints = CheckpointStore.open(options.dataDir, { readOnly: true });
    worker.on('message', (message: FromLogThread) => this.#receive(message));
    worker.on('error', (error) => this.#failed(`the integrity log thread failed: ${error.message}`, error));
    worker.on('exit', (code) => {
      if (this.#closing === undefined) this.#failed(`the integrity log thread exited (code ${code}) without being asked to`);
      this.#onClosed?.(`the thread exited (code ${code}) before it said closed`);
    });
    worker.unref();
  }

  /** Starts the thread; resolves once it has opened its files and started the log (its start errors reject here). */
  static async start(options: IntegrityLogThreadOptions): Promise<IntegrityLogThread> {
    const { commits, logger, waitersMax: _waitersMax, closeTimeoutMs: _closeTimeoutMs, ...rest } = options;
    // A head notice per commit cost the main thread a message each (~40-60 us under the command
    // benchmark, about what the log itself had cost it): the head goes through shared memory.
    let target: Worker | undefined;
    const heads = shareHeads(commits, { postMessage: (m) => target?.postMessage(m) });
    const workerData: LogThreadData = { ...rest, headBuffer: heads.buffer, logLevel: logger.level };
    const worker = startModuleWorker(siblingModule(import.meta.url, 'log-thread'), { workerData });
    target = worker;
    const relay = (message: FromLogThread) => {
      if (message.kind === 'log') relayLogLine(logger, message.line);
    };
    worker.on('message', relay);
    const starting = (message: FromLogThread, settle: (thread: IntegrityLogThread) => void, fail: (error: Error) => void): void => {
      if (message.kind === 'start-failed') fail(Object.assign(new Error(message.message), { name: message.name }));
      if (message.kind !== 'started') return;
      // Taken over in the same turn: a status posted right after `started` reaches the instance.
      worker.removeAllListeners('message');
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      worker.on('message', relay);
      try {
        settle(new IntegrityLogThread(worker, message, options, heads.stop));
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    };
    try {
      return await new Promise<IntegrityLogThread>((resolve, reject) => {
        worker.on('message', (message: FromLogThread) => starting(message, resolve, reject));
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the integrity log thread exited (code ${code}) before it started`)));
      });
    } catch (error) {
      heads.stop();
      await worker.terminate();
      throw error;
    }
  }

  verifierKey(): string {
    return this.#verifierKey;
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    return this.#checkpoints.latest();
  }

  view<T>(read: (view: LogView) => T): T {
    const served = this.#status.served;
    if (served === undefined) {
      throw new ProjectionUnavailableError(NAME, this.#failure === undefined ? 'the tree is still being built' : 'it failed before its first build completed');
    }
    if (this.#reader?.file !== served.file) {
      // A rebuilt version took over: queries move to its file.
      this.#reader?.db.close();
      this.#reader = undefined;
      this.#reader = { file: served.file, db: this.#open(served.file) };
    }
    return read(logViewOf(this.#reader.db));
  }

  async waitForPosition(minPosition: bigint, timeoutMs: number): Promise<void> {
    const reached = () => (this.#status.served?.position ?? -1n) >= minPosition;
    if (reached()) return;
    const ended = () => this.#notCaughtUp(minPosition, this.#failure !== undefined ? 'failed' : 'closed');
    if (this.#failure !== undefined || this.#closing !== undefined) throw ended();
    this.#post({ kind: 'wait', position: minPosition, timeoutMs });
    const outcome = await this.#waiters.wait(minPosition, timeoutMs);
    if (outcome === 'reached' || reached()) return;
    throw outcome === 'ended' ? ended() : this.#notCaughtUp(minPosition, outcome);
  }

  status(): IntegrityStatus {
    const s = this.#status;
    return {
      state: this.#failure !== undefined ? 'failed' : s.state,
      servedPosition: s.served?.position,
      checkpointSize: this.#checkpoints.latest()?.treeSize,
      signingFailure: s.signingFailure,
    };
  }

  /** Why the log stopped advancing (the thread failed, ended, or its runner stopped), once it did. */
  get failure(): string | undefined {
    return this.#failure ?? this.#status.failure;
  }

  /** Asks the thread to commit the batch in hand and close; then closes this side's files. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#stopNotices();
    this.#waiters.endAll();
    try {
      if (this.#failure === undefined) {
        this.#worker.ref();
        const closed = new Promise<string | undefined>((resolve) => (this.#onClosed = resolve));
        this.#post({ kind: 'close' });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${this.#closeTimeoutMs} ms`), this.#closeTimeoutMs)));
        const error = await Promise.race([closed, timeout]).finally(() => clearTimeout(timer));
        if (error !== undefined) throw new Error(`the integrity log thread did not close cleanly: ${error}`);
      }
    } finally {
      await this.#worker.terminate();
      this.#reader?.db.close();
      this.#reader = undefined;
      this.#checkpoints.close();
    }
  }

  /** The file reported served; gone only if the thread swapped in a newer version since (its status is on the way): a 503, not a 500. */
  #open(file: string): SqliteDatabase {
    try {
      return openReader(file);
    } catch (error) {
      throw new ProjectionUnavailableError(NAME, `its file is being replaced (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  #receive(message: FromLogThread): void {
    switch (message.kind) {
      case 'status':
        this.#update(message.status);
        return;
      case 'closed':
        this.#onClosed?.(message.error);
        return;
      case 'log':
      case 'started':
      case 'start-failed':
        return;
      default:
        assertNever(message);
    }
  }

  #update(status: LogThreadStatus): void {
    const before = this.#status;
    this.#status = status;
    if (status.served !== undefined) this.#waiters.release(status.served.position);
    if (status.state === 'failed' && before.state !== 'failed') {
      // The thread logged the error itself; its runner will not advance: nobody waits for it.
      this.#waiters.endAll();
    }
  }

  #failed(why: string, error?: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = why;
    this.#logger.error({ ...(error ? { err: error } : {}) }, `${why}: the Merkle log no longer advances and no checkpoint is signed until the server restarts`);
    this.#waiters.endAll();
    this.#stopNotices();
  }

  #post(message: ToLogThread): void {
    try {
      this.#worker.postMessage(message);
    } catch (error) {
      this.#failed('the integrity log thread cannot be reached', error instanceof Error ? error : new Error(String(error)));
    }
  }

  #notCaughtUp(minPosition: bigint, reason: ProjectionNotCaughtUpError['reason']): ProjectionNotCaughtUpError {
    return new ProjectionNotCaughtUpError(NAME, minPosition, this.#status.served?.position ?? 0n, reason);
  }
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A line of the thread's logger, logged again by the main thread's (its time, pid and host are the main logger's). */
function relayLogLine(logger: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    logger.warn('the integrity log thread wrote a log line that is not JSON');
    return;
  }
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = record;
  const method = LEVELS[typeof level === 'number' ? level : 30] ?? 'info';
  logger[method]({ ...fields, thread: 'integrity-log' }, typeof msg === 'string' ? msg : '');
}
