/**
 * The leaf hash the SQLite store's writer computes at append and stores beside the event
 * (events.leaf_hash): byte for byte the hash the Merkle log, the export and `verify` compute
 * from the row (hashLeaf(leafBytesOf)); NULL where that road has no answer; absent from rows
 * of a store written before the column existed, which the migration keeps as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import t from 'tap';
import type { EventToAppend } from '../../src/eventstore/port.ts';
import { EVENTSTORE_MIGRATIONS_DIR, openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { applyMigrations } from '../../src/shared/sqlite-migrations.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore, insertSystemEvent } from './sqlite-fixture.ts';

const storedHashes = (file: string): Map<string, Buffer | null> => {
  const db = new Database(file, { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, leaf_hash FROM events').raw(true).all() as [string, Buffer | null][]).map(([id, hash]) => [id, hash]));
  } finally {
    db.close();
  }
};

const recomputed = (e: Parameters<typeof leafBytesOf>[0]): Buffer | undefined => {
  try {
    return hashLeaf(leafBytesOf(e));
  } catch {
    return undefined;
  }
};

t.test('generated events: the stored hash is the hash of leafBytesOf(the event read back), or NULL exactly where that has none', async (t) => {
  const { store, file } = await freshSqliteStore(t, { writer: 'inline' });
  const text = fc.string({ unit: fc.oneof(fc.constant('"'), fc.constant('\\'), fc.constant('\u0001'), fc.constant('é'), fc.constant('\ud83d\ude00'), fc.constant('\ud800'), fc.string({ maxLength: 1 })), maxLength: 8 });
  const data = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('10', '9', 'a', 'B', '')), fc.oneof(fc.double(), fc.integer(), text, fc.boolean()), { maxKeys: 6 }),
  );
  // Lone surrogates (no canonical form) only in data, so most events have a hash to compare.
  const appended = fc.record({ data, actorId: text.filter((s) => s.length > 0 && !/[\ud800-\udfff]/.test(s)), schemaVersion: fc.integer({ min: 1, max: 3 }), events: fc.integer({ min: 1, max: 3 }) });
  let hashed = 0;
  let unhashed = 0;
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(appended, async ({ data, actorId, schemaVersion, events }) => {
      const batch: EventToAppend[] = Array.from({ length: events }, (_, i) => {
        const e = event({ data: i === 0 ? data : { i }, schemaVersion });
        return { ...e, metadata: { ...e.metadata, actor: { id: actorId, role: 'finance' } } };
      });
      try {
        await store.append(newStream(), batch, 'no_stream');
      } catch {
        return; // refused at the door (e.g. not JSON): nothing stored, nothing to hash
      }
      const stored = storedHashes(file);
      const read = await store.readAll({ after: (await store.headPosition()) - BigInt(events) });
      for (const e of read) {
        const hash = stored.get(e.id);
        const expected = recomputed(e);
        if (hash === null) unhashed++;
        else hashed++;
        if (hash === null ? expected !== undefined : expected === undefined || !expected.equals(hash!)) {
          failures.push(`${e.id}: stored ${hash?.toString('hex') ?? 'NULL'}, recomputed ${expected?.toString('hex') ?? 'none'} for ${JSON.stringify(e.data)}`);
        }
      }
    }),
    { numRuns: 80, seed: 6962 },
  );
  t.same(failures, [], 'every stored hash is the recomputed one');
  t.ok(hashed > 2 * unhashed, `most events are hashed at append (${hashed} hashed, ${unhashed} without)`);
});

t.test('readAllLeafHashes: the positions and ids of readAll, system events skipped, each with its stored hash', async (t) => {
  const { store, file } = await freshSqliteStore(t, { writer: 'inline' });
  const stream = newStream();
  await store.append(stream, [event(), event()], 'no_stream');
  insertSystemEvent(file, 'stream');
  insertSystemEvent(file, 'type');
  await store.append(stream, [event()], 1n);
  const rows = await store.readAllLeafHashes();
  const all = await store.readAll();
  t.same(rows.map((r) => [r.position, r.id, r.stream, r.type]), all.map((e) => [e.position, e.id, e.stream, e.type]));
  t.same(rows.map((r) => Buffer.from(r.leafHash!).toString('hex')), all.map((e) => hashLeaf(leafBytesOf(e)).toString('hex')));
  t.same((await store.readAllLeafHashes({ after: 1n, limit: 1 })).map((r) => r.position), [2n], 'after and limit as readAll');
});

t.test('a store written before leaf hashes: the migration adds the column, old rows stay NULL and come back as text, new ones are hashed', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'events.sqlite');
  // The schema as it was: only the first migration.
  const oldMigrations = path.join(dir, 'migrations');
  fs.mkdirSync(oldMigrations);
  fs.copyFileSync(path.join(EVENTSTORE_MIGRATIONS_DIR, '0001_events.sql'), path.join(oldMigrations, '0001_events.sql'));
  const old = new Database(file);
  applyMigrations(old, oldMigrations);
  const stream = newStream();
  const oldEvent = event();
  old
    .prepare('INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, 0, ?, ?, 1, ?, ?, ?)')
    .run(stream, oldEvent.id, oldEvent.type, '2026-01-02T03:04:05.678Z', JSON.stringify(oldEvent.data), JSON.stringify(oldEvent.metadata));
  old.close();

  const store = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => store.close());
  const newEvent = event({ id: newUuidV7() });
  await store.append(stream, [newEvent], 0n);
  const stored = storedHashes(file);
  t.equal(stored.get(oldEvent.id), null, 'the old row has no hash');
  t.equal(stored.get(newEvent.id)?.length, 32, 'the new row has one');
  const rows = await store.readAllLeafHashes();
  const all = await store.readAll();
  t.equal(rows[0]!.leafHash, undefined);
  t.same(rows[0]!.text, { id: oldEvent.id, stream, revision: 0n, position: 1n, type: oldEvent.type, schemaVersion: 1, recordedAt: '2026-01-02T03:04:05.678Z', dataJson: JSON.stringify(oldEvent.data), metadataJson: JSON.stringify(oldEvent.metadata) }, 'the old row comes with its stored text');
  t.same(Buffer.from(rows[1]!.leafHash!), hashLeaf(leafBytesOf(all[1]!)), 'the new row with its hash');
  const applied = new Database(file, { readonly: true });
  t.same(applied.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all(), ['0001_events.sql', '0002_leaf_hash.sql']);
  t.throws(() => applied.prepare("UPDATE events SET leaf_hash = NULL").run(), 'still append-only');
  applied.close();
});
