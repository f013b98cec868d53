import t from 'tap';
import fs from 'node:fs';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { applyInBatches, freshReadModelFile, replayedSha256 } from './helpers.ts';

/** A WAL frame: its 24-byte header and a page (4096 bytes, SQLite's default page size). */
const FRAME_BYTES = 24 + 4096;

t.test("a read model's writer lets its WAL pass SQLite's 1000 pages before checkpointing (the checkpoint's fsyncs run on the applying thread)", async (t) => {
  const events = syntheticRecorded(600, 9);
  const { dir, file, rm } = freshReadModelFile(t, eventStats);
  // One event per batch: every commit writes the checkpoint row's page and a page or two of each table.
  applyInBatches(rm, events, 1);
  const walFrames = fs.statSync(`${file}-wal`).size / FRAME_BYTES;
  t.ok(walFrames > 1200, `the WAL holds ${walFrames.toFixed(0)} frames: no checkpoint at 1000`);
  rm.close();
  t.equal(digestReadModelFile(eventStats, file).sha256, replayedSha256(eventStats, events, dir), 'the rows are those of one replay');
});
