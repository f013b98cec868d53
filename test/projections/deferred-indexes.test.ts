import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { defineProjection, type ProjectionDefinition } from '../../src/projections/definition.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { openReader, ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { rebuildProjection } from '../../src/projections/rebuild.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { filledStore, silent, startProjections } from './helpers.ts';

const SCHEMA = `CREATE TABLE seen (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, type TEXT NOT NULL) STRICT;
CREATE INDEX seen_by_stream ON seen (stream, position);
CREATE INDEX seen_by_type ON seen (type);
`;

/** Every event a row; `indexesSeen` records, per apply, how many of the file's CREATE INDEX indexes existed. */
function seenProjection(dir: string, deferredIndexes: string[], indexesSeen: number[] = []): ProjectionDefinition {
  const sql = path.join(dir, 'sql');
  fs.mkdirSync(sql, { recursive: true });
  fs.writeFileSync(path.join(sql, '0001_seen.sql'), SCHEMA);
  return defineProjection({
    name: 'seen',
    version: 1,
    eventTypes: '*',
    migrationsDir: sql,
    deferredIndexes,
    digest: [{ table: 'seen', key: ['position'] }],
    prepare(db) {
      const insert = db.prepare('INSERT INTO seen VALUES (?, ?, ?)');
      const indexes = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").pluck();
      return (e: RecordedEvent) => {
        indexesSeen.push(indexes.get() as number);
        insert.run(e.position, e.stream, e.type);
      };
    },
  });
}

const indexSql = (file: string) => {
  const db = openReader(file);
  try {
    return db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all();
  } finally {
    db.close();
  }
};

/** Builds `file` as `taizhang rebuild` does: unserved, in batches, marked live, closed for the rename. */
function buildUnserved(definition: ProjectionDefinition, events: RecordedEvent[], file: string, batchSize: number): void {
  const readModel = ReadModelFile.open(definition, file);
  readModel.buildUnserved();
  let position = 0n;
  for (let i = 0; i < events.length; i += batchSize) position = readModel.applyBatch(events.slice(i, i + batchSize), position);
  readModel.markLive();
  readModel.closeForRename();
}

t.test('an unserved build drops the deferred indexes while it applies and creates them, as migrated, before it is live', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(300, 5);
  const seen: number[] = [];
  const deferred = seenProjection(path.join(dir, 'a'), ['seen_by_stream'], seen);
  const built = path.join(dir, 'built.sqlite');
  buildUnserved(deferred, events, built, 64);
  t.same(new Set(seen), new Set([1]), 'apply ran with seen_by_type only: seen_by_stream was not maintained');
  t.equal(seen.length, 300);

  // The same events through the runner's path (served files keep every index).
  const seenServed: number[] = [];
  const served = path.join(dir, 'served.sqlite');
  const clean = replayToDigest(seenProjection(path.join(dir, 'b'), ['seen_by_stream'], seenServed), events, served, 1000);
  t.same(new Set(seenServed), new Set([2]), 'a file that is served as it is built keeps its indexes');
  t.same(indexSql(built), indexSql(served), 'the rebuilt file ends with the indexes exactly as the migrations wrote them');
  t.equal(digestReadModelFile(deferred, built).sha256, clean.sha256, 'and the same rows');
  const db = openReader(built);
  t.teardown(() => db.close());
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT position FROM seen WHERE stream = 'x' ORDER BY position").all() as { detail: string }[];
  t.match(plan.map((p) => p.detail).join('; '), /USING (COVERING )?INDEX seen_by_stream/, 'queries use the index again');
});

t.test('a deferred index the file does not have is a definition error; a malformed name is refused at once', async (t) => {
  const dir = t.testdir();
  const missing = seenProjection(dir, ['seen_by_stream', 'seen_by_nothing']);
  const file = ReadModelFile.open(missing, path.join(dir, 'missing.sqlite'));
  t.teardown(() => file.close());
  t.throws(() => file.buildUnserved(), { name: 'ProjectionDefinitionError', field: 'deferredIndexes', message: /no index seen_by_nothing/ });
  t.throws(() => seenProjection(dir, ['Seen By Stream']), { name: 'ProjectionDefinitionError', field: 'deferredIndexes' });
  t.throws(() => seenProjection(dir, ['seen_by_type', 'seen_by_type']), { name: 'ProjectionDefinitionError', field: 'deferredIndexes', message: /twice/ });
});

t.test('the runner builds a file it does not serve yet without its deferred indexes, and serves it with them', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 200, 9);
  const seen: number[] = [];
  const definition = seenProjection(path.join(dir, 'def'), ['seen_by_stream', 'seen_by_type'], seen);
  const projections = startProjections(t, { store, dataDir: path.join(dir, 'data'), definitions: [definition] });
  await projections.waitForPosition(200n, 60_000);
  t.ok(seen.length >= 200 && seen.slice(0, 200).every((n) => n === 0), 'the catch-up applied with neither index');
  const served = path.join(dir, 'data', 'readmodels', 'seen.v1.sqlite');
  const replayed = path.join(dir, 'replayed.sqlite');
  replayToDigest(seenProjection(path.join(dir, 'plain'), []), await store.readAll(), replayed, 1000);
  t.same(indexSql(served), indexSql(replayed), 'live with both indexes, as migrated');
  const db = openReader(served);
  t.teardown(() => db.close());
  t.equal(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = '_tz_deferred_index'").pluck().get(), 0, 'nothing left of the deferral');
});

t.test('a build interrupted with its indexes deferred still ends with them', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(120, 6);
  const definition = seenProjection(dir, ['seen_by_stream']);
  const file = path.join(dir, 'resumed.sqlite');
  const first = ReadModelFile.open(definition, file);
  first.deferIndexes();
  const position = first.applyBatch(events.slice(0, 50), 0n);
  first.close(); // the process dies here
  const second = ReadModelFile.open(definition, file);
  second.deferIndexes();
  t.equal(indexSql(file).length, 1, 'still deferred after the restart');
  second.applyBatch(events.slice(50), position);
  second.markLive();
  second.close();
  const clean = path.join(dir, 'clean.sqlite');
  const digest = replayToDigest(definition, events, clean, 1000);
  t.same(indexSql(file), indexSql(clean));
  t.equal(digestReadModelFile(definition, file).sha256, digest.sha256);
});

t.test('taizhang rebuild renames in a file with its deferred indexes', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 150, 10);
  const seen: number[] = [];
  const definition = seenProjection(path.join(dir, 'def'), ['seen_by_stream'], seen);
  const result = await rebuildProjection(definition, { store, dataDir: path.join(dir, 'data'), logger: silent, progress: 'none', batchSize: 64 });
  t.same(new Set(seen), new Set([1]), 'built without seen_by_stream');
  const replayed = path.join(dir, 'replayed.sqlite');
  const clean = replayToDigest(seenProjection(path.join(dir, 'plain'), []), await store.readAll(), replayed, 1000);
  t.same(indexSql(result.file), indexSql(replayed));
  t.equal(digestReadModelFile(definition, result.file).sha256, clean.sha256);
});
