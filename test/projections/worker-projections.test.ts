import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { totalEvents } from '../../projections/event-stats/queries.ts';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { ReadModelsLockedError } from '../../src/projections/errors.ts';
import { peekCheckpoint } from '../../src/projections/readmodel-file.ts';
import { WorkerProjections, type StartWorkerProjectionsOptions } from '../../src/projections/worker-projections.ts';
import { readModelsThreadFromEnv } from '../../src/projections/start.ts';
import { siblingModule } from '../../src/shared/module-worker.ts';
import { syntheticAppends } from './fixtures/synthetic-events.ts';
import { eventually, filledStore, silent } from './helpers.ts';

// The worker loads the fixture itself: as .js when the suite runs from the JavaScript mirror (npm test), .ts under a loader.
const FIXTURE = siblingModule(import.meta.url, 'fixtures/worker-definitions').href;

async function startWorker(t: Test, store: SqliteEventStore, dataDir: string, exportName: string, more: Partial<StartWorkerProjectionsOptions> = {}): Promise<WorkerProjections> {
  const projections = await WorkerProjections.start({
    writer: store,
    store,
    dataDir,
    logger: silent,
    logLevel: 'silent',
    definitions: { module: FIXTURE, exportName },
    rawEvents: true,
    lagLogIntervalMs: 0,
    ...more,
  });
  t.teardown(() => projections.close());
  return projections;
}

async function appendOne(store: SqliteEventStore, seed: number): Promise<bigint> {
  const [next] = [...syntheticAppends(1, seed)];
  return (await store.append(next!.stream, next!.events, 'any')).position;
}

t.test('read-your-writes through the main thread: a query right after an append sees it', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 200, 71);
  // A linger of ten minutes: only the main thread's waiter, told to the worker, ends it within the wait.
  const projections = await startWorker(t, store, path.join(dir, 'data'), 'EVENT_STATS', { batchLingerMs: 600_000 });
  t.equal(await projections.query('event-stats', totalEvents, { minPosition: 200n, timeoutMs: 60_000 }), 200);
  for (let i = 1; i <= 5; i++) {
    const position = await appendOne(store, 72 + i);
    t.equal(await projections.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 30_000 }), 200 + i, `write ${i} is in the answer`);
  }
  t.match(projections.status(), [{ name: 'event-stats', version: 1, state: 'live', servedVersion: 1, servedPosition: 205n }]);
  t.equal((await projections.readiness()).ready, true);
  await t.rejects(projections.query('nope', totalEvents), { name: 'UnknownProjectionError' });
});

t.test('a version built in the worker is swapped in while the main thread serves; queries move to the new file', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 300, 81);
  const first = await startWorker(t, store, dataDir, 'EVENT_STATS');
  await first.waitForPosition(300n, 60_000);
  await first.close();
  const second = await startWorker(t, store, dataDir, 'EVENT_STATS_V2');
  const swapped = () => second.status()[0]?.servedVersion === 2;
  // Served from v1 until then, at v1's position.
  while (!swapped()) {
    t.equal(await second.query('event-stats', totalEvents), 300);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  t.match(second.servedFile('event-stats'), /event-stats\.v2\.sqlite$/);
  const position = await appendOne(store, 82);
  t.equal(await second.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 60_000 }), 301, 'the new file answers, up to date');
  t.notOk(fs.existsSync(path.join(dataDir, 'readmodels', 'event-stats.v1.sqlite')), 'the worker removed v1');
});

t.test('a crash of the worker thread is logged and the read models are no longer ready', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 50, 91);
  const lines: string[] = [];
  const logger = createLogger('error', { write: (line: string) => void lines.push(line) });
  const projections = await startWorker(t, store, path.join(dir, 'data'), 'THREAD_CRASH', { logger });
  await eventually(() => projections.status()[0]?.state === 'failed');
  t.equal((await projections.readiness()).ready, false);
  await t.rejects(projections.waitForPosition(1_000n, 60_000), { name: 'ProjectionNotCaughtUpError', projection: 'event-stats', reason: 'failed' }, 'no wait for what will not come');
  const logged = lines.join('');
  t.match(logged, /"msg":"the read models' thread failed/);
  t.match(logged, /the thread crashes \(test\)/, 'with the error that ended it');
  await t.resolves(projections.close(), 'closing after a crash does not hang');
});

t.test('start errors reach the caller; close commits what was applied, ends waits and releases the lock', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 100, 101);
  const projections = await startWorker(t, store, dataDir, 'EVENT_STATS');
  await t.rejects(startWorker(t, store, dataDir, 'EVENT_STATS'), ReadModelsLockedError, 'a second runner of the same data directory');
  await projections.waitForPosition(100n, 60_000);
  const position = await appendOne(store, 102);
  const waiting = projections.waitForPosition(1_000_000n, 60_000).catch((e: unknown) => e);
  await projections.waitForPosition(position, 60_000);
  await projections.close();
  t.match(await waiting, { name: 'ProjectionNotCaughtUpError', reason: 'closed', position }, 'close ends the waits');
  t.equal(peekCheckpoint(path.join(dataDir, 'readmodels', 'event-stats.v1.sqlite'))?.position, position);
  t.match(projections.status(), [{ state: 'stopped' }]);
  const again = await startWorker(t, store, dataDir, 'EVENT_STATS');
  t.equal(await again.query('event-stats', totalEvents, { minPosition: position, timeoutMs: 60_000 }), 101, 'the lock was released');
});

t.test('TAIZHANG_READ_MODELS_THREAD: off unless on, and anything else is a named configuration error', async (t) => {
  t.equal(readModelsThreadFromEnv({}), false, 'off by default');
  t.equal(readModelsThreadFromEnv({ TAIZHANG_READ_MODELS_THREAD: 'off' }), false);
  t.equal(readModelsThreadFromEnv({ TAIZHANG_READ_MODELS_THREAD: 'on' }), true);
  t.throws(() => readModelsThreadFromEnv({ TAIZHANG_READ_MODELS_THREAD: 'yes' }), /TAIZHANG_READ_MODELS_THREAD: must be on or off/);
});
