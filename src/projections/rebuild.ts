import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/port.ts';
import { catchUp, checkBatchSize, REBUILD_BATCH_SIZE } from './catch-up.ts';
import type { ProjectionDefinition } from './definition.ts';
import { fsyncDir, readModelFileName, readModelsDir, rebuildFileName, removeDatabaseFiles, versionsOnDisk } from './files.ts';
import { lockReadModels } from './lock.ts';
import { createProgress, type ProgressMode, type ProgressReporter } from './progress.ts';
import { ReadModelFile } from './readmodel-file.ts';

export interface RebuildOptions {
  store: EventStore;
  dataDir: string;
  logger: Logger;
  batchSize?: number;
  progress?: ProgressMode | ProgressReporter;
}

export interface RebuildResult {
  projection: string;
  version: number;
  position: bigint;
  events: number;
  seconds: number;
  file: string;
}

/**
 * `taizhang rebuild NAME`: builds the current version from position 0 into
 * NAME.vN.rebuild.sqlite, then deletes the served file and renames the new one in its
 * place. Runs only while no server holds the read models (the lock says so), so nothing
 * is served in between; if it is interrupted, the served file is untouched (or, after the
 * delete, the finished file is renamed in at the next start) — never a half-built one.
 */
export async function rebuildProjection(definition: ProjectionDefinition, options: RebuildOptions): Promise<RebuildResult> {
  const dir = readModelsDir(options.dataDir);
  const batchSize = checkBatchSize(options.batchSize ?? REBUILD_BATCH_SIZE);
  const lock = lockReadModels(dir);
  try {
    const building = path.join(dir, rebuildFileName(definition.name, definition.version));
    removeDatabaseFiles(building);
    const file = ReadModelFile.open(definition, building);
    file.buildUnserved();
    const progress = typeof options.progress === 'object' ? options.progress : createProgress({ mode: options.progress ?? 'auto', logger: options.logger });
    const startMs = performance.now();
    let events = 0;
    let position: bigint;
    try {
      const task = progress.start(`${definition.name} v${definition.version}`, 0n, await options.store.headPosition());
      position = await catchUp(options.store, file, {
        batchSize,
        shouldStop: () => false,
        onBatch: (at, n) => {
          events += n;
          task.update(at, events);
        },
      });
      task.done(position, events);
      file.markLive();
      file.closeForRename();
    } catch (e) {
      file.close();
      removeDatabaseFiles(building);
      throw e;
    }
    const target = path.join(dir, readModelFileName(definition.name, definition.version));
    removeDatabaseFiles(target);
    fs.renameSync(building, target);
    for (const v of versionsOnDisk(dir, definition.name)) {
      if (v < definition.version) removeDatabaseFiles(path.join(dir, readModelFileName(definition.name, v)));
    }
    fsyncDir(dir);
    const seconds = (performance.now() - startMs) / 1000;
    return { projection: definition.name, version: definition.version, position, events, seconds, file: target };
  } finally {
    lock.release();
  }
}
