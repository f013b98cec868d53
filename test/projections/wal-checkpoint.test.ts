import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';

/** A WAL frame: its 24-byte header and a page (4096 bytes, SQLite's default page size). */
const FRAME_BYTES = 24 + 4096;

t.test("a read model's writer lets its WAL pass SQLite's 1000 pages before checkpointing (the checkpoint's fsyncs run on the applying thread)", async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'rm.sqlite');
  const events = syntheticRecorded(600, 9);
  const rm = ReadModelFile.open(eventStats, file);
  let position = 0n;
  // One event per batch: every commit writes the checkpoint row's page and a page or two of each table.
  for (const event of events) position = rm.applyBatch([event], position);
  const walFrames = fs.statSync(`${file}-wal`).size / FRAME_BYTES;
  t.ok(walFrames > 1200, `the WAL holds ${walFrames.toFixed(0)} frames: no checkpoint at 1000`);
  rm.close();
  const replayed = replayToDigest(eventStats, events, path.join(dir, 'replay.sqlite'), 1000);
  t.equal(digestReadModelFile(eventStats, file).sha256, replayed.sha256, 'the rows are those of one replay');
});
