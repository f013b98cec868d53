/**
 * The running integrity log of a taizhang server: the merkle-log projection fed by the RAW
 * store (events as stored, never upcast), the checkpoint signer, and the read side the
 * /api/v1/integrity routes answer from.
 *
 * Its files live in `${dataDir}/integrity/` — the projection's `merkle-log.vN.sqlite`,
 * `checkpoints.sqlite` and its own `runner.lock` — apart from the catalogue's read models:
 * `taizhang rebuild` never touches the tree, and a CLI (export, prove) knows from the lock
 * whether a server is keeping the log or it may bring the log up to date itself.
 */
import type { Logger } from 'pino';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import type { EventStore } from '../eventstore/port.ts';
import type { MerkleTree } from '../integrity/merkle-tree.ts';
import type { NoteSigner } from '../integrity/note-keys.ts';
import { DEFAULT_BATCH_SIZE } from '../projections/catch-up.ts';
import { DEFAULT_BATCH_LINGER_MS } from '../projections/projections.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { ProjectionUnavailableError } from '../projections/errors.ts';
import { lockReadModels, type ReadModelsLock } from '../projections/lock.ts';
import { createProgress, type ProgressMode, type ProgressReporter } from '../projections/progress.ts';
import { ProjectionRunner } from '../projections/runner.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { CheckpointStore, CheckpointStoreError, integrityDir, type StoredCheckpoint } from './checkpoint-store.ts';
import { Checkpointer } from './checkpointer.ts';
import { leafSource } from './leaf-source.ts';
import type { IntegrityConfig } from './config.ts';
import { LogView } from './log-view.ts';
import type { IntegrityPort, IntegrityStatus } from './port.ts';
import { loadLogSigner } from './signer-key.ts';

export interface IntegrityLogOptions {
  /** The store as written: OpenedApp.rawStore / Runtime.rawStore, NOT the registry-wrapped one. */
  rawStore: EventStore;
  dataDir: string;
  logger: Logger;
  config: IntegrityConfig;
  progress?: ProgressMode | ProgressReporter;
  batchSize?: number;
  /**
   * How long a live batch may wait for more events while nobody waits for a position
   * (RunnerOptions.batchLingerMs; default DEFAULT_BATCH_LINGER_MS, as the read models): a
   * commit of the tree per few group commits of the store rather than per group. A proof
   * asked with minPosition ends the linger at once.
   */
  batchLingerMs?: number;
  /** How often the signer looks whether a checkpoint is due (default: a tenth of the interval, 50 ms to 1 s). */
  pollMs?: number;
  nowMs?: () => number;
  /** Tests only: a variant of the merkle-log projection (e.g. one that crashes mid-batch). */
  definition?: ProjectionDefinition;
}

const views = new WeakMap<SqliteDatabase, LogView>();

/** One LogView per connection (its statements are prepared once). */
export function logViewOf(db: SqliteDatabase): LogView {
  let view = views.get(db);
  if (view === undefined) {
    view = new LogView(db);
    views.set(db, view);
  }
  return view;
}

export class IntegrityLog implements IntegrityPort {
  readonly #runner: ProjectionRunner;
  readonly #checkpoints: CheckpointStore;
  readonly #checkpointer: Checkpointer;
  readonly #signer: NoteSigner;
  readonly #lock: ReadModelsLock;

  private constructor(runner: ProjectionRunner, checkpoints: CheckpointStore, checkpointer: Checkpointer, signer: NoteSigner, lock: ReadModelsLock) {
    this.#runner = runner;
    this.#checkpoints = checkpoints;
    this.#checkpointer = checkpointer;
    this.#signer = signer;
    this.#lock = lock;
  }

  /** Takes the integrity lock, loads (creating on first start) the signing key, and starts the projection and the signer. */
  static start(options: IntegrityLogOptions): IntegrityLog {
    const dir = integrityDir(options.dataDir);
    const lock = lockReadModels(dir);
    let checkpoints: CheckpointStore | undefined;
    try {
      const signer = loadLogSigner(options.dataDir, options.config.origin);
      checkpoints = CheckpointStore.open(options.dataDir);
      const bound = checkpoints.verifierKey();
      if (bound !== undefined && bound.verifierKey !== signer.verifierKey) {
        throw new CheckpointStoreError(`the checkpoints in ${dir} were signed by ${bound.verifierKey}, but the key file is ${signer.verifierKey}: restore the original keys/log-signer.key`);
      }
      const progress = typeof options.progress === 'object' ? options.progress : createProgress({ mode: options.progress ?? 'auto', logger: options.logger });
      const runner = ProjectionRunner.start(options.definition ?? merkleLog, {
        // Catch-up pages read as stored text, hashed without a parse where the text allows (leaf-source.ts).
        store: leafSource(options.rawStore),
        dir,
        logger: options.logger,
        progress,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        batchDelayMsMax: 100,
        batchLingerMs: options.batchLingerMs ?? DEFAULT_BATCH_LINGER_MS,
        waitersMax: 10_000,
      });
      const checkpointer = new Checkpointer({
        store: checkpoints,
        signer,
        withTree: <T>(sign: (tree: MerkleTree) => T) => servedTree(runner, sign),
        everyEvents: options.config.checkpointEveryEvents,
        intervalMs: options.config.checkpointIntervalMs,
        logger: options.logger,
        ...(options.nowMs ? { nowMs: options.nowMs } : {}),
      });
      checkpointer.start(options.pollMs ?? Math.min(1000, Math.max(50, Math.round(options.config.checkpointIntervalMs / 10))));
      options.logger.info({ origin: signer.name, verifierKey: signer.verifierKey }, 'integrity log started');
      return new IntegrityLog(runner, checkpoints, checkpointer, signer, lock);
    } catch (error) {
      checkpoints?.close();
      lock.release();
      throw error;
    }
  }

  get origin(): string {
    return this.#signer.name;
  }

  verifierKey(): string {
    return this.#signer.verifierKey;
  }

  latestCheckpoint(): StoredCheckpoint | undefined {
    return this.#checkpoints.latest();
  }

  view<T>(read: (view: LogView) => T): T {
    return this.#runner.read((db) => read(logViewOf(db)));
  }

  waitForPosition(minPosition: bigint, timeoutMs: number): Promise<void> {
    return this.#runner.waitForPosition(minPosition, timeoutMs);
  }

  /** Signs a checkpoint now if the served tree grew since the last one (tests, shutdown). */
  signNow(): StoredCheckpoint | undefined {
    return this.#checkpointer.signIfDue(true);
  }

  /** The file the tree is served from and the position it has integrated; undefined while none is served. */
  get served(): { file: string; position: bigint } | undefined {
    const served = this.#runner.served;
    return served === undefined ? undefined : { file: served.file, position: served.position };
  }

  /** Why the projection stopped, once it failed. */
  get failure(): unknown {
    return this.#runner.failure;
  }

  status(): IntegrityStatus {
    const served = this.#runner.served;
    const latest = this.#checkpoints.latest();
    return {
      state: this.#runner.state,
      servedPosition: served?.position,
      checkpointSize: latest?.treeSize,
      signingFailure: this.#checkpointer.failure?.message,
    };
  }

  /** Stops signing, then the projection (its batch in hand is committed), then closes the files and the lock. */
  async close(): Promise<void> {
    this.#checkpointer.stop();
    try {
      await this.#runner.stop();
    } finally {
      this.#checkpoints.close();
      this.#lock.release();
    }
  }
}

function servedTree<T>(runner: ProjectionRunner, sign: (tree: MerkleTree) => T): T | undefined {
  try {
    return runner.read((db) => logViewOf(db).snapshot((view) => sign(view.tree)));
  } catch (error) {
    if (error instanceof ProjectionUnavailableError) return undefined;
    throw error;
  }
}
