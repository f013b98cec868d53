import t from 'tap';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { ReadModelsLockedError } from '../../src/projections/errors.ts';
import { lockReadModels } from '../../src/projections/lock.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { peekCheckpoint, ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { rebuildProjection } from '../../src/projections/rebuild.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { filledStore, silent, startProjections } from './helpers.ts';

t.test('rebuild by hand: built beside, renamed over the served file, digest of a clean replay', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 800, 71);
  const served = path.join(dataDir, 'readmodels', 'event-stats.v1.sqlite');
  // A served file whose rows went wrong (say, a bug since fixed): the rebuild must replace them.
  const projections = startProjections(t, { store, dataDir, definitions: [eventStats] });
  await projections.waitForPosition(800n, 60_000);
  await projections.close();
  const tamper = new Database(served);
  tamper.prepare('UPDATE event_type_stats SET event_count = event_count + 1').run();
  tamper.close();
  const clean = replayToDigest(eventStats, await store.readAll(), path.join(dir, 'clean.sqlite'), 1000);
  t.not(digestReadModelFile(eventStats, served).sha256, clean.sha256, 'before: the served rows are wrong');

  const result = await rebuildProjection(eventStats, { store, dataDir, logger: silent, progress: 'none', batchSize: 64 });
  t.match(result, { projection: 'event-stats', version: 1, position: 800n, events: 800, file: served });
  t.equal(digestReadModelFile(eventStats, served).sha256, clean.sha256);
  t.same(fs.readdirSync(path.join(dataDir, 'readmodels')).filter((f) => f.includes('rebuild')), [], 'no rebuild file left behind');
  // Built with its journal in memory and no fsync: what is renamed in must still be one whole file.
  t.same(fs.readdirSync(path.join(dataDir, 'readmodels')).filter((f) => f.startsWith('event-stats')), ['event-stats.v1.sqlite'], 'no journal or WAL beside it');
  const check = new Database(served, { readonly: true });
  t.teardown(() => check.close());
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok');
});

t.test('rebuild refuses to run while a server holds the read models', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 10, 72);
  startProjections(t, { store, dataDir, definitions: [eventStats] });
  await t.rejects(rebuildProjection(eventStats, { store, dataDir, logger: silent, progress: 'none' }), ReadModelsLockedError);
  t.throws(() => startProjections(t, { store, dataDir, definitions: [eventStats] }), ReadModelsLockedError, 'nor can a second server start');
});

t.test('the lock is released on close and usable again', async (t) => {
  const dir = t.testdir();
  const lock = lockReadModels(dir);
  t.throws(() => lockReadModels(dir), { code: 'read_models_locked' });
  lock.release();
  lockReadModels(dir).release();
  lock.release();
  t.pass('release is idempotent');
});

t.test('a rebuild interrupted between deleting the old file and renaming the new one is completed at the next start', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const readmodels = path.join(dataDir, 'readmodels');
  const store = await filledStore(t, dir, 300, 73);
  await rebuildProjection(eventStats, { store, dataDir, logger: silent, progress: 'none' });
  const complete = digestReadModelFile(eventStats, path.join(readmodels, 'event-stats.v1.sqlite'));
  // The state the crash leaves: only the finished rebuild file.
  fs.renameSync(path.join(readmodels, 'event-stats.v1.sqlite'), path.join(readmodels, 'event-stats.v1.rebuild.sqlite'));
  const projections = startProjections(t, { store, dataDir, definitions: [eventStats] });
  t.match((await projections.lag())[0], { state: 'live', position: '300' }, 'served at once, not rebuilt');
  await projections.close();
  t.equal(digestReadModelFile(eventStats, path.join(readmodels, 'event-stats.v1.sqlite')).sha256, complete.sha256);
  t.notOk(fs.existsSync(path.join(readmodels, 'event-stats.v1.rebuild.sqlite')));
});

t.test('an unfinished rebuild file is discarded at the next start', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const readmodels = path.join(dataDir, 'readmodels');
  const store = await filledStore(t, dir, 100, 74);
  fs.mkdirSync(readmodels, { recursive: true });
  ReadModelFile.open(eventStats, path.join(readmodels, 'event-stats.v1.rebuild.sqlite')).close();
  const projections = startProjections(t, { store, dataDir, definitions: [eventStats] });
  await projections.waitForPosition(100n, 60_000);
  t.notOk(fs.existsSync(path.join(readmodels, 'event-stats.v1.rebuild.sqlite')));
  t.equal(peekCheckpoint(path.join(readmodels, 'event-stats.v1.sqlite'))?.status, 'live');
});
