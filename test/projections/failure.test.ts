import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { totalEvents } from '../../projections/event-stats/queries.ts';
import { asBatchApplier, defineProjection } from '../../src/projections/definition.ts';
import { peekCheckpoint } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { eventually, filledStore, startProjections } from './helpers.ts';

t.test('a projection whose apply throws stops at its last good batch; the others go on', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 1000, 61);
  const broken = defineProjection({
    ...eventStats,
    name: 'broken',
    prepare(db) {
      const inner = asBatchApplier(eventStats.prepare(db));
      return {
        apply(event) {
          if (event.position === 250n) throw new Error('cannot handle this one');
          inner.apply(event);
        },
        flush: inner.flush,
      };
    },
  });
  const projections = startProjections(t, { store, dataDir, definitions: [broken, eventStats], batchSize: 100 });
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: 1000n, timeoutMs: 60_000 }), 1000, 'event-stats is complete');
  await eventually(async () => (await projections.lag())[0]?.state === 'failed');
  const [status] = await projections.lag();
  t.match(status, { projection: 'broken', state: 'failed', position: '200', eventsBehind: '800' });
  t.match(status?.error, /failed at position 250 \(\w+ [0-9a-f-]{36}\): cannot handle this one/, 'the error names the event, not its data');
  t.equal((await projections.readiness()).ready, false);
  await t.rejects(projections.waitForPosition(300n, 60_000, ['broken']), { name: 'ProjectionNotCaughtUpError', reason: 'failed' }, 'no wait for a failed projection');
  t.equal(peekCheckpoint(path.join(dataDir, 'readmodels', 'broken.v1.sqlite'))?.position, 200n, 'the failing batch was rolled back whole');
});

t.test('a batch applier whose flush throws fails the batch, named by its last event', async (t) => {
  const dir = t.testdir();
  const flushBroken = defineProjection({
    ...eventStats,
    name: 'flush-broken',
    prepare(db) {
      const inner = asBatchApplier(eventStats.prepare(db));
      let batches = 0;
      return {
        apply: inner.apply,
        flush() {
          batches += 1;
          if (batches === 3) throw new Error('disk says no');
          inner.flush();
        },
      };
    },
  });
  const file = path.join(dir, 'flush.sqlite');
  t.throws(() => replayToDigest(flushBroken, syntheticRecorded(100, 62), file, 10), {
    name: 'ProjectionFailedError',
    message: /flush-broken v1 failed at position 30 \(\w+ [0-9a-f-]{36}\): disk says no/,
  });
  t.equal(peekCheckpoint(file)?.position, 20n, 'the batch was rolled back; the two before it stand');
});
