import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { fillStore, syntheticRecorded } from './fixtures/synthetic-events.ts';
import { filledStore, startProjections } from './helpers.ts';

t.test('the same events in batches of 1, 7 and 1000 give one digest', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(3000, 11);
  const digests = [1, 7, 1000].map((batchSize) => replayToDigest(eventStats, events, path.join(dir, `b${batchSize}.sqlite`), batchSize));
  t.equal(digests[0]?.position, 3000n);
  t.equal(new Set(digests.map((d) => d.sha256)).size, 1, `batch sizes agree: ${digests[0]?.sha256}`);
  // Control: the digest does see the events (a digest that ignored them would pass above).
  const dropped = events.filter((_, i) => i !== 1500);
  t.not(replayToDigest(eventStats, dropped, path.join(dir, 'dropped.sqlite'), 1000).sha256, digests[0]?.sha256, 'one event fewer: another digest');
});

t.test('the runner gives the replay digest at every batch size, through catch-up and live appends', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 1500, 5);
  const results: string[] = [];
  for (const batchSize of [1, 7, 1000]) {
    const dataDir = path.join(dir, `data-${batchSize}`);
    const projections = startProjections(t, { store, dataDir, definitions: [eventStats], batchSize });
    await projections.waitForPosition(await store.headPosition(), 60_000);
    if (batchSize === 1) await fillStore(store, 500, 6); // live appends while the first runner follows
    await projections.waitForPosition(await store.headPosition(), 60_000);
    await projections.close();
    results.push(digestReadModelFile(eventStats, path.join(dataDir, 'readmodels', 'event-stats.v1.sqlite')).sha256);
  }
  const replayed = replayToDigest(eventStats, await store.readAll(), path.join(dir, 'replay.sqlite'), 1000);
  t.equal(replayed.position, 2000n);
  t.same(results, [replayed.sha256, replayed.sha256, replayed.sha256]);
});
