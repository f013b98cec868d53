import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { forwardingStore } from '../../src/eventstore/forwarding-store.ts';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../src/eventstore/port.ts';
import { catchUp, READ_PAGE_EVENTS } from '../../src/projections/catch-up.ts';
import { defineProjection, type ProjectionDefinition } from '../../src/projections/definition.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { openReader, ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { event as contractEvent } from '../eventstore/contract.ts';
import { fillStore } from './fixtures/synthetic-events.ts';
import { filledStore } from './helpers.ts';

/** A read model of two fund types only: a row per event, so every applied event shows. */
function fundTypes(dir: string): ProjectionDefinition {
  const sql = path.join(dir, 'sql');
  fs.mkdirSync(sql, { recursive: true });
  fs.writeFileSync(path.join(sql, '0001_seen.sql'), 'CREATE TABLE seen (position INTEGER PRIMARY KEY, type TEXT NOT NULL) STRICT;\n');
  return defineProjection({
    name: 'fund-types',
    version: 1,
    eventTypes: ['FundOpened', 'FundAllocated'],
    migrationsDir: sql,
    digest: [{ table: 'seen', key: ['position'] }],
    prepare(db) {
      const insert = db.prepare('INSERT INTO seen VALUES (?, ?)');
      return (e) => void insert.run(e.position, e.type);
    },
  });
}

/** The store, with every readAll's options and the events it handed out recorded. */
function recording(store: EventStore): { store: EventStore; reads: ReadAllOptions[]; handed: RecordedEvent[] } {
  const reads: ReadAllOptions[] = [];
  const handed: RecordedEvent[] = [];
  return {
    reads,
    handed,
    store: withReadAll(store, async (o) => {
      reads.push({ ...o });
      const page = await store.readAll(o);
      handed.push(...page);
      return page;
    }),
  };
}

/** The store with its readAll replaced, everything else passed through. */
function withReadAll(store: EventStore, readAll: EventStore['readAll']): EventStore {
  return forwardingStore(store, { readAll });
}

async function everything(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll({ after: 0n });
}

t.test('a catch-up reads only the types its projection declares, and its checkpoint still reaches the head', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 1500, 7);
  // The log ends with events of other types: the checkpoint must pass them too.
  await store.append('trainee-zz', [contractEvent({ type: 'TraineeRegistered' }), contractEvent({ type: 'CertificateRecorded' })], 'any');
  const head = await store.headPosition();
  const all = await everything(store);
  const wanted = all.filter((e) => e.type === 'FundOpened' || e.type === 'FundAllocated');
  t.ok(wanted.length > 50 && wanted.length < all.length / 2, `a minority of the log is of the two types (${wanted.length} of ${all.length})`);

  const definition = fundTypes(dir);
  const file = ReadModelFile.open(definition, path.join(dir, 'rm.sqlite'));
  t.teardown(() => file.close());
  const { store: watched, reads, handed } = recording(store);
  const batches: [bigint, number][] = [];
  const batchSize = 40;
  const position = await catchUp(watched, file, { batchSize, shouldStop: () => false, onBatch: (at, n) => batches.push([at, n]) });

  t.equal(position, head, 'caught up to the head, past the trailing events of other types');
  t.match(file.checkpoint(), { position: head, eventsSeen: BigInt(wanted.length) }, 'checkpoint at the head; only the events read are counted');
  t.ok(reads.every((o) => JSON.stringify(o.types) === JSON.stringify(['FundOpened', 'FundAllocated'])), 'every read names the types');
  t.ok(reads.every((o) => (o.limit ?? Infinity) <= READ_PAGE_EVENTS), 'every read is one small page');
  t.same(handed.map((e) => e.position), wanted.map((e) => e.position), 'the store handed out exactly the events of those types, once each');
  t.ok(batches.every(([, n]) => n <= batchSize), 'no batch holds more than batchSize events');
  t.equal(batches.length, Math.ceil(wanted.length / batchSize) + (wanted.length % batchSize === 0 ? 1 : 0), 'one transaction per batchSize events read');
  t.equal(batches.at(-1)?.[0], head);

  const replayed = replayToDigest(definition, all, path.join(dir, 'replay.sqlite'), 1000);
  t.equal(digestReadModelFile(definition, file.file).sha256, replayed.sha256, 'the same rows as a replay of every event');

  reads.length = 0;
  batches.length = 0;
  t.equal(await catchUp(watched, file, { batchSize, shouldStop: () => false, onBatch: (at, n) => batches.push([at, n]) }), head, 'nothing new: the same checkpoint');
  t.same(batches, [], 'and no batch reported');
  t.equal(reads.length, 1, 'one read found nothing after the checkpoint');

  await fillStore(store, 300, 8);
  const newHead = await store.headPosition();
  t.equal(await catchUp(watched, file, { batchSize, shouldStop: () => false, onBatch: () => {} }), newHead, 'resumes from the checkpoint up to the new head');
  const replayedAgain = replayToDigest(definition, await everything(store), path.join(dir, 'replay2.sqlite'), 7);
  t.equal(digestReadModelFile(definition, file.file).sha256, replayedAgain.sha256, 'still equal to a replay after resuming');
});

t.test("a projection of every type ('*') reads every event, unfiltered", async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 400, 9);
  const file = ReadModelFile.open(eventStats, path.join(dir, 'stats.sqlite'));
  t.teardown(() => file.close());
  const { store: watched, reads, handed } = recording(store);
  await catchUp(watched, file, { batchSize: 1000, shouldStop: () => false, onBatch: () => {} });
  t.ok(reads.every((o) => o.types === undefined), 'no type filter');
  t.equal(handed.length, 400);
  t.equal(file.checkpoint().eventsSeen, 400n);
});

t.test('a batch filled page by page is one transaction: a failure in any page leaves nothing of it', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 3 * READ_PAGE_EVENTS + 10, 11);
  const file = ReadModelFile.open(eventStats, path.join(dir, 'stats.sqlite'));
  t.teardown(() => file.close());
  let pages = 0;
  const failing = withReadAll(store, async (o) => {
    pages += 1;
    // The third page of the first batch fails, after two were applied inside it.
    if (pages === 3) throw new Error('the store went away');
    return store.readAll(o);
  });
  await t.rejects(catchUp(failing, file, { batchSize: 1000, shouldStop: () => false, onBatch: () => {} }), /the store went away/);
  t.equal(pages, 3);
  t.equal(file.checkpoint().position, 0n, 'the checkpoint did not move');
  const reader = openReader(file.file);
  t.teardown(() => reader.close());
  t.equal(reader.prepare('SELECT count(*) FROM event_type_stats').pluck().get(), 0, 'no row of the two applied pages was kept');
  t.throws(() => file.beginBatch(0n), /a batch failed; reopen/, 'the object refuses more batches');
});

t.test('an open batch refuses a checkpoint behind what it applied, and a checkpoint that moved', async (t) => {
  const dir = t.testdir();
  const store = await filledStore(t, dir, 100, 12);
  const all = await everything(store);
  const definition = fundTypes(dir);
  const file = ReadModelFile.open(definition, path.join(dir, 'rm.sqlite'));
  t.teardown(() => file.close());
  const batch = file.beginBatch(0n);
  t.equal(batch.apply(all.slice(0, 10)), all[9]!.position);
  t.throws(() => batch.commit(all[5]!.position), /before the last event applied/);
  t.equal(file.checkpoint().position, 0n, 'rolled back');
  const again = ReadModelFile.open(definition, path.join(dir, 'rm.sqlite'));
  t.teardown(() => again.close());
  t.throws(() => again.beginBatch(3n), /checkpoint is 0, expected 3/);
  const ok = again.beginBatch(0n);
  ok.apply(all.slice(0, 10));
  t.equal(ok.commit(50n), 50n, 'the checkpoint may move past the last event applied');
  t.match(again.checkpoint(), { position: 50n, eventsSeen: 10n });
});
