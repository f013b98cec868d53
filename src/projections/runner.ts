import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent, SubscribeAllOptions, Subscription } from '../eventstore/port.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { catchUp, yieldToEventLoop } from './catch-up.ts';
import type { ProjectionDefinition } from './definition.ts';
import { ProjectionNotCaughtUpError, ProjectionUnavailableError } from './errors.ts';
import { fsyncDir, readModelFileName, rebuildFileName, removeDatabaseFiles, versionsOnDisk } from './files.ts';
import { PositionWaiters } from './position-waiters.ts';
import type { ProgressReporter, ProgressTask } from './progress.ts';
import { openReader, peekCheckpoint, ReadModelFile, sameSchema } from './readmodel-file.ts';

export type RunnerState = 'building' | 'live' | 'failed' | 'stopped';

export interface RunnerOptions {
  store: EventStore;
  /** The read-models folder (see files.ts). */
  dir: string;
  logger: Logger;
  progress: ProgressReporter;
  batchSize: number;
  /** A live batch is committed once it is this old even if events keep coming. */
  batchDelayMsMax: number;
  /**
   * How long a live batch may wait for more events once none is at hand, while nobody waits
   * for a position (read-your-writes); 0: committed as soon as none is at hand.
   */
  batchLingerMs?: number;
  waitersMax: number;
  /** How the runner follows the log once caught up; the store's subscribeAll when absent (Projections passes a SharedLog's). */
  follow?: (options: SubscribeAllOptions) => Subscription;
  /**
   * Called after the runner's state, checkpoint or served file changed (a batch committed,
   * a version swapped in, a failure, the stop): a worker thread running the projections
   * reports them to the thread that answers queries (worker-protocol.ts).
   */
  onChange?: () => void;
}

/** What is being served to queries: a query-only connection on a live file. */
interface Served {
  reader: SqliteDatabase;
  version: number;
  file: string;
  position: bigint;
}

const IDLE = Symbol('idle');

/**
 * Keeps one projection's read model up to date: catches up from its checkpoint in pages,
 * then follows the log's subscription, applying events in bounded batches, each in one
 * transaction with the checkpoint.
 *
 * When the version's file is new (or an earlier build of it was interrupted) it is built
 * beside the previous version's file, which keeps being served — frozen at its checkpoint
 * — if its schema is the same; the new file is served only once it has caught up.
 */
export class ProjectionRunner {
  readonly #options: RunnerOptions;
  readonly #writer: ReadModelFile;
  readonly #waiters: PositionWaiters;
  #served: Served | undefined;
  #state: RunnerState;
  /** The writer file's checkpoint, as of the last commit. */
  #position: bigint;
  #failure: unknown;
  #stopping = false;
  #subscription: Subscription | undefined;
  #loop: Promise<void> = Promise.resolve();
  #turn: Promise<typeof IDLE> | undefined;
  /** Ends the live batch's linger (a read-your-writes caller arrived, or the batch is committed). */
  #endLinger: (() => void) | undefined;
  /** The live batch's linger: one timer per batch, whatever the number of times the runner goes idle in it. */
  #lingering: { deadlineMs: number; until: Promise<typeof IDLE> } | undefined;

  private constructor(
    readonly definition: ProjectionDefinition,
    options: RunnerOptions,
    writer: ReadModelFile,
    served: Served | undefined,
  ) {
    this.#options = options;
    this.#writer = writer;
    this.#served = served;
    const checkpoint = writer.checkpoint();
    this.#state = checkpoint.status === 'live' ? 'live' : 'building';
    this.#position = checkpoint.position;
    this.#waiters = new PositionWaiters(options.waitersMax, () => this.#endLinger?.());
  }

  /** Opens the files, decides what to serve, and starts the loop in the background. */
  static start(definition: ProjectionDefinition, options: RunnerOptions): ProjectionRunner {
    fs.mkdirSync(options.dir, { recursive: true });
    recoverInterruptedRebuild(definition, options.dir);
    const file = path.join(options.dir, readModelFileName(definition.name, definition.version));
    const writer = ReadModelFile.open(definition, file);
    let served: Served | undefined;
    try {
      if (writer.checkpoint().status === 'live') {
        served = serve(writer.openReader(), definition.version, file);
      } else {
        // Not served until it has caught up: its query-only indexes are created then, in one sort each.
        writer.deferIndexes();
        served = previousServable(definition, options);
      }
    } catch (e) {
      writer.close();
      throw e;
    }
    const runner = new ProjectionRunner(definition, options, writer, served);
    if (runner.#state === 'live') runner.#removeOtherVersions();
    runner.#loop = runner.#run();
    return runner;
  }

  get state(): RunnerState {
    return this.#state;
  }

  get failure(): unknown {
    return this.#failure;
  }

  /** Checkpoint of the file being written (the current version's); kept after stop. */
  get position(): bigint {
    return this.#position;
  }

  get served(): { version: number; file: string; position: bigint } | undefined {
    const s = this.#served;
    return s === undefined ? undefined : { version: s.version, file: s.file, position: s.position };
  }

  /** Resolves once the served read model is at `minPosition` or beyond; else a ProjectionNotCaughtUpError. */
  async waitForPosition(minPosition: bigint, timeoutMs: number): Promise<void> {
    const reached = () => (this.#served?.position ?? -1n) >= minPosition;
    if (reached()) return;
    const ended = () => this.#notCaughtUp(minPosition, this.state === 'failed' ? 'failed' : 'closed');
    if (this.#state === 'failed' || this.#state === 'stopped') throw ended();
    const outcome = await this.#waiters.wait(minPosition, timeoutMs);
    if (outcome === 'reached' || reached()) return;
    throw outcome === 'ended' ? ended() : this.#notCaughtUp(minPosition, outcome);
  }

  /** Runs `query` on the served read model. It must be done with the connection when it returns. */
  read<T>(query: (db: SqliteDatabase) => T): T {
    const served = this.#served;
    if (served === undefined) {
      const why = this.#state === 'failed' ? 'it failed before its first build completed' : `version ${this.definition.version} is still being built`;
      throw new ProjectionUnavailableError(this.definition.name, why);
    }
    return query(served.reader);
  }

  /** Stops after the batch in hand is committed; closes the files. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#subscription?.close();
    await this.#loop;
    if (this.#state !== 'failed') this.#state = 'stopped';
    this.#waiters.endAll();
    this.#served?.reader.close();
    this.#served = undefined;
    this.#writer.close();
    this.#options.onChange?.();
  }

  async #run(): Promise<void> {
    const { logger } = this.#options;
    const { name, version } = this.definition;
    try {
      let position = await this.#catchUp();
      this.#writer.releaseCache();
      if (this.#stopping) return;
      if (this.#state === 'building') this.#swapIn(position);
      logger.info({ projection: name, version, position: String(position) }, 'projection caught up; following the log');
      position = await this.#follow(position);
    } catch (error) {
      this.#state = 'failed';
      this.#failure = error;
      logger.error({ projection: name, version, err: error }, 'projection stopped: it will not advance until restarted');
      this.#waiters.endAll();
      this.#options.onChange?.();
    }
  }

  async #catchUp(): Promise<bigint> {
    const { store, progress, batchSize } = this.#options;
    const from = this.#writer.checkpoint().position;
    let task: ProgressTask | undefined;
    if (this.#state === 'building') {
      const head = await store.headPosition();
      // An empty log (a new installation) is built at once: no bar, no log lines.
      if (head > from) task = progress.start(`${this.definition.name} v${this.definition.version}`, from, head);
    }
    let events = 0;
    const position = await catchUp(store, this.#writer, {
      batchSize,
      shouldStop: () => this.#stopping,
      onBatch: (at, n) => {
        events += n;
        task?.update(at, events);
        this.#published(at);
      },
    });
    task?.done(position, events);
    return position;
  }

  /**
   * Follows the subscription. Events are gathered into a batch while they keep arriving
   * without the event loop going idle; the batch is committed when it is full, when it is
   * `batchDelayMsMax` old, or once the next event is not already at hand and, unless a
   * caller is waiting for a position, the batch is `batchLingerMs` old.
   *
   * Why linger: under a stream of commands each group commit of the store brings a few
   * events, and a commit per group costs each read model a transaction (BEGIN, COMMIT, its
   * checkpoint row and the WAL frames of every page touched) — measured at more of the
   * main thread than applying the events themselves. A few milliseconds' wait lets a
   * transaction take several groups; a read-your-writes caller is not kept waiting.
   */
  async #follow(after: bigint): Promise<bigint> {
    const { store, batchSize, batchDelayMsMax } = this.#options;
    const lingerMs = this.#options.batchLingerMs ?? 0;
    let position = after;
    const subscription = this.#options.follow?.({ after }) ?? store.subscribeAll({ after });
    this.#subscription = subscription;
    if (this.#stopping) await subscription.close();
    const events = subscription[Symbol.asyncIterator]();
    let batch: RecordedEvent[] = [];
    let batchStartMs = 0;
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    const commit = async () => {
      this.#endLinger?.();
      position = this.#writer.applyBatch(batch, position);
      this.#published(position);
      batch = [];
      await yieldToEventLoop();
    };
    try {
      for (;;) {
        pending ??= events.next();
        let next = batch.length === 0 ? await pending : await Promise.race([pending, this.#nextTurn()]);
        const lingerLeftMs = lingerMs - (performance.now() - batchStartMs);
        if (next === IDLE && lingerLeftMs >= 1 && this.#waiters.size === 0) {
          // An event coming first leaves the timer running: the batch's deadline stays, and
          // the next idle moment of the batch waits on the same timer (one per batch, not per
          // group commit of the store and read model).
          next = await Promise.race([pending, this.#lingerUntil(batchStartMs + lingerMs)]);
        }
        if (next === IDLE) {
          await commit();
          continue;
        }
        pending = undefined;
        if (next.done === true) break;
        if (batch.length === 0) batchStartMs = performance.now();
        batch.push(next.value);
        // The rest of a group commit is usually at hand already: taken without a promise and a
        // race each (per event and read model, the largest allocation of the serving thread).
        while (batch.length < batchSize) {
          const atHand = subscription.nextAtHand?.();
          if (atHand === undefined) break;
          batch.push(atHand);
        }
        if (batch.length >= batchSize || performance.now() - batchStartMs >= batchDelayMsMax) await commit();
      }
      if (batch.length > 0) await commit();
    } finally {
      this.#endLinger?.(); // no timer outlives the loop
      await subscription.close();
    }
    return position;
  }

  /**
   * Settles at `deadlineMs` (performance.now()), or at once when a caller starts waiting for
   * a position or the batch is committed; the same promise for the same deadline.
   */
  #lingerUntil(deadlineMs: number): Promise<typeof IDLE> {
    if (this.#lingering?.deadlineMs === deadlineMs) return this.#lingering.until;
    this.#endLinger?.();
    const until = new Promise<typeof IDLE>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#endLinger = undefined;
        this.#lingering = undefined;
        resolve(IDLE);
      };
      const timer = setTimeout(done, Math.max(0, deadlineMs - performance.now()));
      this.#endLinger = done;
    });
    this.#lingering = { deadlineMs, until };
    return until;
  }

  /** Settles at the next turn of the event loop: by then, an event not yet delivered is not at hand. */
  #nextTurn(): Promise<typeof IDLE> {
    this.#turn ??= new Promise((resolve) =>
      setImmediate(() => {
        this.#turn = undefined;
        resolve(IDLE);
      }),
    );
    return this.#turn;
  }

  /** A batch was committed at `position`: a live file now serves it. */
  #published(position: bigint): void {
    this.#position = position;
    const served = this.#state === 'live' ? this.#served : undefined;
    if (served !== undefined) served.position = position;
    this.#options.onChange?.();
    if (served !== undefined) this.#waiters.release(position);
  }

  /** The new version caught up: mark it live, serve it, and drop older versions. */
  #swapIn(position: bigint): void {
    this.#writer.markLive();
    const previous = this.#served;
    this.#served = serve(this.#writer.openReader(), this.definition.version, this.#writer.file, position);
    this.#state = 'live';
    previous?.reader.close();
    this.#removeOtherVersions();
    this.#options.logger.info(
      { projection: this.definition.name, version: this.definition.version, replaced: previous?.version ?? null, position: String(position) },
      'projection built; now serving it',
    );
    this.#options.onChange?.();
    this.#waiters.release(position);
  }

  /** Deletes the files of older versions; a newer version's file (a rollback) is left alone. */
  #removeOtherVersions(): void {
    const { name, version } = this.definition;
    const { dir, logger } = this.#options;
    for (const v of versionsOnDisk(dir, name)) {
      if (v < version) removeDatabaseFiles(path.join(dir, readModelFileName(name, v)));
      if (v > version) logger.warn({ projection: name, version, newer: v }, 'a newer version of this read model is on disk; left in place');
    }
    fsyncDir(dir);
  }

  #notCaughtUp(minPosition: bigint, reason: ProjectionNotCaughtUpError['reason']): ProjectionNotCaughtUpError {
    return new ProjectionNotCaughtUpError(this.definition.name, minPosition, this.#served?.position ?? 0n, reason);
  }
}

function serve(reader: SqliteDatabase, version: number, file: string, position?: bigint): Served {
  const at = position ?? (reader.prepare('SELECT position FROM _tz_checkpoint').safeIntegers(true).pluck().get() as bigint);
  return { reader, version, file, position: at };
}

/**
 * While a version is being built: the newest older version's file, if it is live and has
 * exactly the schema the current queries expect (same migration files, same bytes).
 */
function previousServable(definition: ProjectionDefinition, options: RunnerOptions): Served | undefined {
  const older = versionsOnDisk(options.dir, definition.name).filter((v) => v < definition.version);
  for (const version of older.reverse()) {
    const file = path.join(options.dir, readModelFileName(definition.name, version));
    if (peekCheckpoint(file)?.status !== 'live') continue;
    const reader = openReader(file);
    if (sameSchema(reader, definition)) return serve(reader, version, file);
    reader.close();
    options.logger.warn(
      { projection: definition.name, version: definition.version, previous: version },
      'the previous version has another schema: nothing is served until the new version is built',
    );
    return undefined;
  }
  return undefined;
}

/**
 * `taizhang rebuild` renames its finished file over the served one after deleting the
 * latter; a crash between the two leaves only the finished rebuild file, which is then
 * the one to keep. Any other rebuild file is an interrupted rebuild and is deleted.
 */
function recoverInterruptedRebuild(definition: ProjectionDefinition, dir: string): void {
  const rebuilt = path.join(dir, rebuildFileName(definition.name, definition.version));
  if (!fs.existsSync(rebuilt)) return;
  const target = path.join(dir, readModelFileName(definition.name, definition.version));
  if (!fs.existsSync(target) && peekCheckpoint(rebuilt)?.status === 'live') {
    removeDatabaseFiles(target);
    fs.renameSync(rebuilt, target);
  }
  removeDatabaseFiles(rebuilt);
  fsyncDir(dir);
}
