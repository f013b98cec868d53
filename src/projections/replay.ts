import type { RecordedEvent } from '../eventstore/port.ts';
import { checkBatchSize } from './catch-up.ts';
import type { ProjectionDefinition } from './definition.ts';
import { removeDatabaseFiles } from './files.ts';
import { digestReadModelFile, type ProjectionDigest } from './projection-digest.ts';
import { ReadModelFile } from './readmodel-file.ts';

/**
 * Builds a read model from `events` into `file` (replacing it) in batches of `batchSize`,
 * through the same batch code as the runner, and returns its digest. For auditors'
 * offline replays (events from an export bundle) and for the determinism tests.
 */
export function replayToDigest(definition: ProjectionDefinition, events: Iterable<RecordedEvent>, file: string, batchSize: number): ProjectionDigest {
  checkBatchSize(batchSize);
  removeDatabaseFiles(file);
  const readModel = ReadModelFile.open(definition, file);
  try {
    let position = 0n;
    let batch: RecordedEvent[] = [];
    for (const event of events) {
      batch.push(event);
      if (batch.length === batchSize) {
        position = readModel.applyBatch(batch, position);
        batch = [];
      }
    }
    readModel.applyBatch(batch, position);
    readModel.markLive();
  } finally {
    readModel.close();
  }
  return digestReadModelFile(definition, file);
}
