import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { totalEvents } from '../../projections/event-stats/queries.ts';
import { forwardingStore } from '../../src/eventstore/forwarding-store.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { defineProjection } from '../../src/projections/definition.ts';
import { ProjectionNotCaughtUpError, ProjectionUnavailableError } from '../../src/projections/errors.ts';
import { fillStore } from './fixtures/synthetic-events.ts';
import { eventually, filledStore, startProjections } from './helpers.ts';

/**
 * The store, with the runner's page reads from position `from` on held until `open()`: a
 * rebuild (in batches of `from` events) that stops after its first batch, whatever the
 * size of the pages a batch is read in. (Single-event reads, as the lag measure makes, pass.)
 */
function gated(store: EventStore, from = 500n): { store: EventStore; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    store: forwardingStore(store, {
      readAll: async (o) => {
        if ((o?.after ?? 0n) >= from && o?.limit !== 1) await gate;
        return store.readAll(o);
      },
      close: async () => {},
    }),
  };
}

const v2 = defineProjection({ ...eventStats, version: 2 });

t.test('a new version with the same schema: readers keep the old answers until the new file is complete', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 3000, 41);
  const first = startProjections(t, { store, dataDir, definitions: [eventStats] });
  await first.waitForPosition(3000n, 60_000);
  await first.close();
  await fillStore(store, 100, 42);

  const { store: slow, open } = gated(store);
  const second = startProjections(t, { store: slow, dataDir, definitions: [v2], batchSize: 500 });
  await eventually(async () => (await second.lag())[0]?.position === '500');
  t.equal(await second.query('event-stats', totalEvents), 3000, 'during the rebuild: v1 answers (3000 events), not v2 half-built (500)');
  const [building] = await second.lag();
  t.match(building, { state: 'building', version: 2, servedVersion: 1, servedPosition: '3000', position: '500', headPosition: '3100', eventsBehind: '2600' });
  t.equal((await second.readiness()).ready, false, 'not ready while building');
  await t.resolves(second.waitForPosition(3000n, 10), 'what v1 holds can be waited for');
  await t.rejects(second.waitForPosition(3100n, 20), new ProjectionNotCaughtUpError('event-stats', 3100n, 3000n, 'timeout'));

  open();
  await second.waitForPosition(3100n, 60_000);
  t.equal(await second.query('event-stats', totalEvents), 3100, 'after the swap: v2 answers, up to date');
  t.match(await second.readiness(), { ready: true, projections: [{ state: 'live', version: 2, servedVersion: 2 }] });
  t.notOk(fs.existsSync(path.join(dataDir, 'readmodels', 'event-stats.v1.sqlite')), 'v1 file deleted after the swap');
});

t.test('a new version with another schema: nothing is served until it is built', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 1500, 43);
  const first = startProjections(t, { store, dataDir, definitions: [eventStats] });
  await first.waitForPosition(1500n, 60_000);
  await first.close();

  const sql = path.join(dir, 'sql-v3');
  fs.mkdirSync(sql);
  fs.copyFileSync(path.join(eventStats.migrationsDir, '0001_event_stats.sql'), path.join(sql, '0001_event_stats.sql'));
  fs.writeFileSync(path.join(sql, '0002_last_position_index.sql'), 'CREATE INDEX event_type_last ON event_type_stats (last_position);\n');
  const v3 = defineProjection({ ...eventStats, version: 3, migrationsDir: sql });
  const { store: slow, open } = gated(store);
  const second = startProjections(t, { store: slow, dataDir, definitions: [v3], batchSize: 500 });
  await eventually(async () => (await second.lag())[0]?.position === '500');
  await t.rejects(second.query('event-stats', totalEvents), ProjectionUnavailableError, 'v1 has another schema: not served');
  t.match((await second.lag())[0], { state: 'building', servedVersion: null });
  const answer = second.query('event-stats', totalEvents, { minPosition: 1500n, timeoutMs: 60_000 });
  open();
  t.equal(await answer, 1500, 'a query with minPosition waits for the build and then answers');
});

t.test('the first build of a projection serves nothing until it completes', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 1200, 44);
  const { store: slow, open } = gated(store);
  const projections = startProjections(t, { store: slow, dataDir: path.join(dir, 'data'), definitions: [eventStats], batchSize: 500 });
  await eventually(async () => (await projections.lag())[0]?.position === '500');
  await t.rejects(projections.query('event-stats', totalEvents), { name: 'ProjectionUnavailableError', message: /version 1 is still being built/ });
  open();
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: 1200n, timeoutMs: 60_000 }), 1200);
});
