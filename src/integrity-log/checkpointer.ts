/**
 * Signs the log's checkpoints: once the tree has grown by `everyEvents` leaves since the
 * last checkpoint, or `intervalMs` after it when the tree grew at all. Before signing,
 * signNextCheckpoint proves the new tree head consistent with the last checkpoint signed
 * (C2SP tlog-checkpoint: a log never signs two inconsistent checkpoints); if it is not,
 * nothing is signed, the failure is logged as fatal and kept for /ready, and signing stays
 * stopped until an operator looks.
 *
 * The note holds the C2SP body only (origin, size, root): the spec discourages extension
 * lines and Go's and others' parsers take the plain form. The signing time is recorded
 * beside the note in the checkpoint store, unsigned.
 *
 * A tree smaller than the last checkpoint (a rebuild in progress, or the last batches undone
 * by a power loss) is not a fault: the same events will bring it back; it is simply not
 * signed until it has grown past the checkpoint.
 */
import type { Logger } from 'pino';
import { InconsistentCheckpointError } from '../integrity/errors.ts';
import type { MerkleTree } from '../integrity/merkle-tree.ts';
import { signNextCheckpoint } from '../integrity/next-checkpoint.ts';
import type { NoteSigner } from '../integrity/note-keys.ts';
import { describeCheckpoint, type CheckpointStore, type StoredCheckpoint } from './checkpoint-store.ts';

export interface CheckpointerOptions {
  store: CheckpointStore;
  signer: NoteSigner;
  /** Runs `sign` on a snapshot of the served tree; undefined while no tree is served. */
  withTree: <T>(sign: (tree: MerkleTree) => T) => T | undefined;
  everyEvents: number;
  intervalMs: number;
  logger: Logger;
  /** Wall clock (ms since the epoch); injected by tests. */
  nowMs?: () => number;
}

export class Checkpointer {
  readonly #o: CheckpointerOptions;
  readonly #nowMs: () => number;
  #lastSignedMs: number;
  #timer: NodeJS.Timeout | undefined;
  #failure: Error | undefined;

  constructor(options: CheckpointerOptions) {
    this.#o = options;
    this.#nowMs = options.nowMs ?? Date.now;
    const latest = options.store.latest();
    this.#lastSignedMs = latest === undefined ? this.#nowMs() : Date.parse(latest.signedAt);
  }

  /** Set when signing stopped because the tree contradicts a signed checkpoint. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Signs a checkpoint of the whole served tree if one is due (or, with `force`, whenever
   * the tree grew). Returns the new checkpoint, or undefined when none was signed.
   */
  signIfDue(force = false): StoredCheckpoint | undefined {
    if (this.#failure !== undefined) return undefined;
    const { store, signer, logger } = this.#o;
    try {
      const signed = this.#o.withTree((tree) => {
        const size = tree.size();
        const previous = store.latestVerified(signer.verifier());
        const last = previous?.treeSize ?? 0;
        if (size <= last) return undefined;
        const due = force || size - last >= this.#o.everyEvents || this.#nowMs() - this.#lastSignedMs >= this.#o.intervalMs;
        return due ? signNextCheckpoint(tree, signer, previous, size) : undefined;
      });
      if (signed === undefined) return undefined;
      const nowMs = this.#nowMs();
      const stored = store.record(signed, signer.verifierKey, new Date(nowMs).toISOString());
      this.#lastSignedMs = nowMs;
      logger.info({ checkpoint: describeCheckpoint(stored) }, 'checkpoint signed');
      return stored;
    } catch (error) {
      if (!(error instanceof InconsistentCheckpointError)) throw error;
      this.#failure = error;
      logger.fatal({ err: error }, 'the Merkle log contradicts a checkpoint it signed: signing stopped; nothing more will be signed until an operator investigates');
      return undefined;
    }
  }

  /** Looks every `pollMs` whether a checkpoint is due (the timer never keeps the process alive). */
  start(pollMs: number): void {
    this.#timer = setInterval(() => {
      try {
        this.signIfDue();
      } catch (error) {
        this.#o.logger.error({ err: error }, 'checkpoint signing failed; retrying at the next poll');
      }
    }, pollMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
