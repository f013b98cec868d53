import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { totalEvents } from '../../projections/event-stats/queries.ts';
import { ProjectionNotCaughtUpError } from '../../src/projections/errors.ts';
import { PositionWaiters } from '../../src/projections/position-waiters.ts';
import { syntheticAppends } from './fixtures/synthetic-events.ts';
import { filledStore, startProjections } from './helpers.ts';

t.test('PositionWaiters: release settles exactly the waiters at or below the position', async (t) => {
  const waiters = new PositionWaiters(3);
  const at5 = waiters.wait(5n, 60_000);
  const at7 = waiters.wait(7n, 60_000);
  const at9 = waiters.wait(9n, 60_000);
  t.equal(await waiters.wait(1n, 60_000), 'too_many_waiters', 'the fourth is refused at once');
  waiters.release(7n);
  t.equal(await at5, 'reached');
  t.equal(await at7, 'reached');
  t.equal(waiters.size, 1, 'the one at 9 still waits');
  t.equal(await waiters.wait(10n, 1), 'timeout');
  waiters.endAll();
  t.equal(await at9, 'ended');
  t.equal(waiters.size, 0);
});

t.test('read-your-writes: a query waits for the position a command wrote', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 300, 51);
  const projections = startProjections(t, { store, dataDir: path.join(dir, 'data'), definitions: [eventStats] });
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: 300n, timeoutMs: 60_000 }), 300);
  await t.resolves(projections.waitForPosition(0n, 0), 'a position already reached resolves without waiting');

  // Asked right after the append returns, before the runner has seen it: the answer must include it.
  for (let i = 1; i <= 5; i++) {
    const [next] = [...syntheticAppends(1, 52 + i)];
    const { position } = await store.append(next!.stream, next!.events, 'any');
    t.equal(await projections.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 60_000 }), 300 + i, `write ${i} is in the answer`);
  }
});

t.test('read-your-writes: a position not reached in time is a typed error with a retry hint', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 50, 53);
  const projections = startProjections(t, { store, dataDir: path.join(dir, 'data'), definitions: [eventStats], waitersMax: 1 });
  await projections.waitForPosition(50n, 60_000);
  const error = await projections.query('event-stats', totalEvents, { minPosition: 1_000_000n, timeoutMs: 30 }).catch((e: unknown) => e);
  t.type(error, ProjectionNotCaughtUpError);
  t.match(error, { projection: 'event-stats', minPosition: 1_000_000n, position: 50n, reason: 'timeout', retryAfterSeconds: 1, code: 'projection_not_caught_up' });

  const blocking = projections.waitForPosition(1_000_000n, 60_000);
  await t.rejects(projections.waitForPosition(1_000_001n, 60_000), { name: 'ProjectionNotCaughtUpError', reason: 'too_many_waiters' }, 'waiters are bounded');
  await projections.close();
  await t.rejects(blocking, { name: 'ProjectionNotCaughtUpError', reason: 'closed' }, 'closing ends the waits');
  await t.rejects(projections.waitForPosition(1_000_000n, 60_000), { name: 'ProjectionNotCaughtUpError', reason: 'closed' });
});

t.test('an unknown projection name is a typed error', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 1, 54);
  const projections = startProjections(t, { store, dataDir: path.join(dir, 'data'), definitions: [eventStats] });
  await t.rejects(projections.query('funds', () => 1), { name: 'UnknownProjectionError', message: /no projection named "funds" \(known: event-stats\)/ });
});
