import t from 'tap';
import { measureLag } from '../../src/projections/lag.ts';
import { filledStore } from './helpers.ts';

t.test('lag: events and seconds behind the head, from the oldest event not yet applied', async (t) => {
  const store = await filledStore(t, t.testdir(), 40, 81);
  const [eleventh] = await store.readAll({ after: 10n, limit: 1 });
  const now = Date.parse(eleventh!.recordedAt) + 4_200;
  const runner = { definition: { name: 'p', version: 3 }, state: 'live' as const, position: 10n, served: { version: 3, position: 10n }, failure: undefined };
  t.same(await measureLag(runner, store, 40n, () => now), {
    projection: 'p',
    version: 3,
    state: 'live',
    position: '10',
    servedVersion: 3,
    servedPosition: '10',
    headPosition: '40',
    eventsBehind: '30',
    secondsBehind: 4.2,
  });
  const caughtUp = await measureLag({ ...runner, position: 40n }, store, 40n, () => now + 1e9);
  t.match(caughtUp, { eventsBehind: '0', secondsBehind: 0 }, 'caught up: no lag whatever the clock says');
  const failed = await measureLag({ ...runner, state: 'failed', failure: new Error('boom') }, store, 40n, () => now);
  t.match(failed, { state: 'failed', error: 'boom' });
});
