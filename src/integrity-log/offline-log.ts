/**
 * The Merkle log from a CLI (export, prove) when no server keeps it: with the integrity
 * lock free, the merkle-log projection is brought up to the store's head through the
 * runtime's own catch-up (one transaction per batch, as a server would) and a checkpoint is
 * signed if the tree grew. With the lock held, a server does that, and the CLI only reads.
 */
import type { Logger } from 'pino';
import path from 'node:path';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import type { EventStore } from '../eventstore/port.ts';
import { catchUp, REBUILD_BATCH_SIZE } from '../projections/catch-up.ts';
import { ReadModelsLockedError } from '../projections/errors.ts';
import { readModelFileName } from '../projections/files.ts';
import { lockReadModels } from '../projections/lock.ts';
import type { ProgressReporter } from '../projections/progress.ts';
import { openReader, ReadModelFile } from '../projections/readmodel-file.ts';
import { CheckpointStore, CheckpointStoreError, integrityDir, type StoredCheckpoint } from './checkpoint-store.ts';
import { Checkpointer } from './checkpointer.ts';
import type { IntegrityConfig } from './config.ts';
import { logViewOf } from './integrity-log.ts';
import { leafSource } from './leaf-source.ts';
import { loadLogSigner } from './signer-key.ts';

export type OfflineUpdate = { mode: 'server-running' } | { mode: 'updated'; treeSize: number; signed: StoredCheckpoint | undefined };

export async function updateLogIfIdle(options: { rawStore: EventStore; dataDir: string; config: IntegrityConfig; logger: Logger; progress?: ProgressReporter }): Promise<OfflineUpdate> {
  const dir = integrityDir(options.dataDir);
  let lock;
  try {
    lock = lockReadModels(dir);
  } catch (error) {
    if (error instanceof ReadModelsLockedError) return { mode: 'server-running' };
    throw error;
  }
  try {
    const signer = loadLogSigner(options.dataDir, options.config.origin);
    const logFile = path.join(dir, readModelFileName(merkleLog.name, merkleLog.version));
    const file = ReadModelFile.open(merkleLog, logFile);
    try {
      const head = await options.rawStore.headPosition();
      const from = file.checkpoint().position;
      const task = head > from ? options.progress?.start('merkle-log', from, head) : undefined;
      let events = 0;
      // As the server's runner does: stored leaf hashes where the store has them (leaf-source.ts).
      // Batches as large as a rebuild's: the lock is ours, nobody reads the log meanwhile.
      const position = await catchUp(leafSource(options.rawStore), file, {
        batchSize: REBUILD_BATCH_SIZE,
        shouldStop: () => false,
        onBatch: (at, n) => {
          events += n;
          task?.update(at, events);
        },
      });
      task?.done(position, events);
      if (file.checkpoint().status !== 'live') file.markLive();
    } finally {
      file.close();
    }
    const checkpoints = CheckpointStore.open(options.dataDir);
    const reader = openReader(logFile);
    try {
      const bound = checkpoints.verifierKey();
      if (bound !== undefined && bound.verifierKey !== signer.verifierKey) throw new CheckpointStoreError(`the checkpoints were signed by ${bound.verifierKey}, but the key file is ${signer.verifierKey}`);
      const checkpointer = new Checkpointer({
        store: checkpoints,
        signer,
        withTree: (sign) => logViewOf(reader).snapshot((view) => sign(view.tree)),
        everyEvents: options.config.checkpointEveryEvents,
        intervalMs: options.config.checkpointIntervalMs,
        logger: options.logger,
      });
      const signed = checkpointer.signIfDue(true);
      if (checkpointer.failure !== undefined) throw checkpointer.failure;
      return { mode: 'updated', treeSize: logViewOf(reader).size(), signed };
    } finally {
      reader.close();
      checkpoints.close();
    }
  } finally {
    lock.release();
  }
}
