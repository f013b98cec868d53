import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { totalEvents } from '../../projections/event-stats/queries.ts';
import { syntheticAppends } from './fixtures/synthetic-events.ts';
import { filledStore, startProjections, turns } from './helpers.ts';

/** Ten minutes: within a test, a lingering batch is committed only by a waiter, a full batch or a stop. */
const LONG_MS = 600_000;

t.test('a live batch lingers while nobody waits; a read-your-writes caller has it committed at once', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 20, 61);
  const projections = startProjections(t, { store, dataDir: path.join(dir, 'data'), definitions: [eventStats], batchLingerMs: LONG_MS, batchDelayMsMax: LONG_MS });
  await projections.waitForPosition(20n, 60_000);

  const [first] = [...syntheticAppends(1, 62)];
  const { position } = await store.append(first!.stream, first!.events, 'any');
  await turns(50);
  t.ok((projections.status()[0]?.servedPosition ?? 0n) < position, 'not committed yet: the batch waits for more events');
  // The caller arrives while the batch lingers: the wait must end well before its 60 s timeout.
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 60_000 }), 21);

  // A caller already waiting when the event arrives: no linger at all.
  const [second] = [...syntheticAppends(1, 63)];
  const next = await store.append(`${second!.stream}-b`, second!.events, 'any');
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: next.position, timeoutMs: 60_000 }), 22);
});

t.test('closing commits the lingering batch: a restart does not apply it again', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 10, 64);
  const dataDir = path.join(dir, 'data');
  const first = startProjections(t, { store, dataDir, definitions: [eventStats], batchLingerMs: LONG_MS, batchDelayMsMax: LONG_MS });
  await first.waitForPosition(10n, 60_000);
  const [more] = [...syntheticAppends(1, 65)];
  const { position } = await store.append(more!.stream, more!.events, 'any');
  await turns(50);
  await first.close();
  const second = startProjections(t, { store, dataDir, definitions: [eventStats] });
  t.equal(await second.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 60_000 }), 11, 'the event counted once');
});
