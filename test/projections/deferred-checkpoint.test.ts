import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { defineProjection } from '../../src/projections/definition.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { DEFERRED_EVENTS_MAX, peekCheckpoint, ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { fillStore, syntheticRecorded } from './fixtures/synthetic-events.ts';
import { applyInBatches, batchesOf, filledStore, freshReadModelFile, replayedSha256, startProjections } from './helpers.ts';

/**
 * A live batch of events a read model handles none of is not a transaction of its own: the
 * checkpoint's move waits in memory for the next batch that writes rows, a bound, or close
 * (ReadModelFile.applyBatch). Event-stats' tables, fed one synthetic type only (~1 event in 10).
 */
const sanctions = defineProjection({ ...eventStats, name: 'sanctions', eventTypes: ['InstitutionSanctioned'] });
const handled = (batch: readonly RecordedEvent[]) => batch.some((e) => e.type === 'InstitutionSanctioned');

t.test('a batch of events not handled moves the checkpoint in memory only; the next batch that writes rows writes the move', async (t) => {
  const events = syntheticRecorded(400, 3);
  const { dir, file, rm } = freshReadModelFile(t, sanctions);
  let position = 0n;
  let written = 0n;
  let deferred = 0;
  for (const [i, batch] of batchesOf(events, 5).entries()) {
    position = rm.applyBatch(batch, position);
    // The first batch is always written: the file's checkpoint is checked by a transaction once.
    if (i === 0 || handled(batch)) written = position;
    else deferred += 1;
    t.equal(peekCheckpoint(file)?.position, written, `batch ${i}: the file's checkpoint`);
    t.equal(rm.checkpoint().position, position, `batch ${i}: the checkpoint as the object reports it`);
  }
  t.ok(deferred > 10, `${deferred} batches of 80 handled none`);
  t.ok(written < 400n, 'the last batches handled none: their move is not written yet');
  t.equal(rm.checkpoint().eventsSeen, 400n, 'every event counted, written or not');
  rm.close();
  t.match(peekCheckpoint(file), { position: 400n, eventsSeen: 400n }, 'close writes the move');
  t.equal(digestReadModelFile(sanctions, file).sha256, replayedSha256(sanctions, events, dir), 'the same rows as one replay of the log');
});

t.test('before the move is written, the file holds exactly the effects of the events up to its checkpoint (a crash loses only the move)', async (t) => {
  const events = syntheticRecorded(400, 3);
  const { dir, file, rm } = freshReadModelFile(t, sanctions);
  const position = applyInBatches(rm, events, 5);
  const onDisk = digestReadModelFile(sanctions, file);
  t.ok(onDisk.position < position, `the file says ${onDisk.position}, the object ${position}`);
  const upTo = events.filter((e) => e.position <= onDisk.position);
  t.equal(onDisk.sha256, replayedSha256(sanctions, upTo, dir, 'upto'), 'rows of the events up to the file checkpoint');
  t.equal(onDisk.sha256, replayedSha256(sanctions, events, dir, 'all'), 'which are the rows of the whole log: the rest were not its events');
});

t.test(`the move is written once ${DEFERRED_EVENTS_MAX} events wait`, async (t) => {
  const never = defineProjection({ ...eventStats, name: 'never', eventTypes: ['NeverWritten'] });
  const events = syntheticRecorded(DEFERRED_EVENTS_MAX + 1000, 4);
  const { file, rm } = freshReadModelFile(t, never);
  let position = 0n;
  for (const batch of batchesOf(events, 500)) {
    position = rm.applyBatch(batch, position);
    const onDisk = peekCheckpoint(file)?.position ?? 0n;
    t.ok(position - onDisk < BigInt(DEFERRED_EVENTS_MAX), `at ${position} the file says ${onDisk}`);
  }
  t.equal(peekCheckpoint(file)?.position, BigInt(DEFERRED_EVENTS_MAX) + 500n, 'the first batch and the batch that reached the bound were written');
});

t.test('while a move waits, a batch not following it, or out of order, is refused as before', async (t) => {
  const events = syntheticRecorded(60, 3).map((e) => ({ ...e, type: 'Other' }));
  const { dir, rm } = freshReadModelFile(t, sanctions);
  t.equal(rm.applyBatch(events.slice(0, 10), 0n), 10n);
  t.equal(rm.applyBatch(events.slice(10, 20), 10n), 20n, 'deferred');
  t.throws(() => rm.applyBatch(events.slice(20, 30), 10n), /checkpoint is 20, expected 10/, 'the caller saw another checkpoint');
  const again = ReadModelFile.open(sanctions, path.join(dir, 'again.sqlite'));
  t.teardown(() => again.close());
  t.equal(again.applyBatch(events.slice(0, 10), 0n), 10n);
  t.equal(again.applyBatch(events.slice(10, 20), 10n), 20n, 'deferred');
  t.throws(() => again.applyBatch([events[21]!, events[20]!], 20n), /out of order/);
  t.equal(again.checkpoint().position, 20n, 'nothing of the refused batch is kept');
});

t.test('through the runner: live appends of other types, then stop, leave the checkpoint at the head and the rows of a replay', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 300, 7);
  const dataDir = path.join(dir, 'data');
  const projections = startProjections(t, { store, dataDir, definitions: [sanctions], batchLingerMs: 0 });
  await projections.waitForPosition(await store.headPosition(), 60_000);
  await fillStore(store, 300, 8, 1); // one event per append: many small live batches
  const head = await store.headPosition();
  await projections.waitForPosition(head, 60_000);
  await projections.close();
  const file = path.join(dataDir, 'readmodels', 'sanctions.v1.sqlite');
  t.equal(peekCheckpoint(file)?.position, head);
  t.equal(digestReadModelFile(sanctions, file).sha256, replayedSha256(sanctions, await store.readAll(), dir));
});
