import type { EventStore, RecordedEvent } from '../eventstore/port.ts';
import type { ReadModelFile } from './readmodel-file.ts';

export const DEFAULT_BATCH_SIZE = 1000;
export const BATCH_SIZE_MAX = 10_000;
/**
 * `taizhang rebuild` runs while nothing is served from the read models (it holds their
 * lock), so a long transaction delays no reader: ten times fewer commits, each index page
 * written to the WAL once per batch instead of once per thousand events.
 */
export const REBUILD_BATCH_SIZE = BATCH_SIZE_MAX;

export interface CatchUpOptions {
  batchSize: number;
  /** Checked between batches: true ends the catch-up early. */
  shouldStop: () => boolean;
  /** After each committed batch, with the new checkpoint. */
  onBatch: (position: bigint, events: number) => void;
}

/**
 * Reads the log after the file's checkpoint in pages of `batchSize` events and applies each
 * page as one batch, until a page comes back short: the log ended when it was read.
 * One page in memory at a time. Returns the checkpoint reached.
 */
export async function catchUp(store: EventStore, file: ReadModelFile, options: CatchUpOptions): Promise<bigint> {
  let position = file.checkpoint().position;
  for (;;) {
    if (options.shouldStop()) return position;
    const page: RecordedEvent[] = await store.readAll({ after: position, limit: options.batchSize });
    if (page.length > 0) {
      position = file.applyBatch(page, position);
      options.onBatch(position, page.length);
    }
    if (page.length < options.batchSize) return position;
    // Applying is synchronous: let timers and I/O (HTTP, other projections) run between batches.
    await yieldToEventLoop();
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > BATCH_SIZE_MAX) {
    throw new RangeError(`batchSize must be an integer in 1..${BATCH_SIZE_MAX}, got ${batchSize}`);
  }
  return batchSize;
}
