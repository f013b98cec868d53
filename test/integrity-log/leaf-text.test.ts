/**
 * The leaf text assembled from an event's stored JSON text (src/integrity/envelope-text.ts) is byte for byte
 * leafBytesOf(the parsed event) — what the export writes and `verify` hashes — or it is
 * undefined and the writer takes leafBytesOf's road. And the log built through the store's
 * text (leafSource) is the log built from parsed events.
 */
import path from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import type { RecordedEvent, StoredEventText } from '../../src/eventstore/port.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { HashedLeafEvent, leafSource, TextBackedEvent } from '../../src/integrity-log/leaf-source.ts';
import { envelopeTextOf } from '../../src/integrity/envelope-text.ts';
import { leafBytesOf, leafHashOf } from '../../src/integrity-log/log-writer.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { fillStore, syntheticRecorded } from '../projections/fixtures/synthetic-events.ts';
import { rawStoreWith, withoutLeafHashes } from './helpers.ts';

const asStored = (e: RecordedEvent, metadataJson = JSON.stringify(e.metadata)): StoredEventText => ({
  id: e.id,
  stream: e.stream,
  revision: e.revision,
  position: e.position,
  type: e.type,
  schemaVersion: e.schemaVersion,
  recordedAt: e.recordedAt,
  dataJson: JSON.stringify(e.data),
  metadataJson,
});
const parsed = (s: StoredEventText): RecordedEvent => ({ ...s, data: JSON.parse(s.dataJson) as unknown, metadata: JSON.parse(s.metadataJson) as RecordedEvent['metadata'] });

t.test('synthetic events: the text road gives leafBytesOf exactly, and never gives up on them', async (t) => {
  const failures: string[] = [];
  for (const event of syntheticRecorded(500, 3)) {
    const text = envelopeTextOf(asStored(event));
    if (text === undefined) failures.push(`${event.position}: gave up`);
    else if (!Buffer.from(text, 'utf8').equals(leafBytesOf(event))) failures.push(`${event.position}: ${text}`);
  }
  t.same(failures, []);
});

t.test('any data, odd metadata: whenever the text road answers, it is leafBytesOf', async (t) => {
  const [base] = syntheticRecorded(1, 4) as [RecordedEvent];
  const metadata = fc.oneof(
    fc.constant(JSON.stringify(base.metadata)),
    // keys in another order, an extra key (not hashed), an escape, a non-string, a missing field
    fc.constant(JSON.stringify({ requestId: 'r', occurredAt: '2026-01-01T00:00:00+08:00', causationId: 'c', correlationId: 'k', actor: { role: 'finance', id: 'u"1' } })),
    fc.constant(JSON.stringify({ ...base.metadata, extra: 'kept out of the hash' })),
    fc.constant(JSON.stringify({ ...base.metadata, requestId: 7 })),
    fc.constant(JSON.stringify({ ...base.metadata, actor: { id: 'u', role: 'r', more: 1 } })),
  );
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), metadata, fc.string({ unit: 'grapheme', minLength: 1 }), (data, metadataJson, stream) => {
      const stored = { ...asStored({ ...base, data, stream }, metadataJson) };
      const text = envelopeTextOf(stored);
      if (text === undefined) return true;
      return Buffer.from(text, 'utf8').equals(leafBytesOf(parsed(stored)));
    }),
    { numRuns: 300, seed: 9162 },
  );
});

t.test('through leafSource: the leaf hashes the store computed at append, as the parsed events hash', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 300, 12);
  const source = leafSource(store);
  t.not(source, store, 'the SQLite store hands out its leaf hashes');
  const viaHash = await source.readAll({ limit: 300 });
  const plain = await store.readAll({ limit: 300 });
  t.equal(viaHash.length, 300);
  t.ok(viaHash.every((e) => e instanceof HashedLeafEvent), 'every row has its stored hash');
  t.same(
    viaHash.map((e) => leafHashOf(e).toString('hex')),
    plain.map((e) => hashLeaf(leafBytesOf(e)).toString('hex')),
    'the same leaf hashes',
  );
  t.same(
    viaHash.map((e) => [e.id, e.position, e.stream, e.type]),
    plain.map((e) => [e.id, e.position, e.stream, e.type]),
    'the same events in the same places',
  );
  t.throws(() => viaHash[7]!.data, /read as its leaf hash/, 'content that was not read is not made up');
  t.same(await source.readAll({ types: [plain[0]!.type], limit: 5 }), await store.readAll({ types: [plain[0]!.type], limit: 5 }), 'a type filter reads the store as it is');
});

t.test('through leafSource: rows stored without a hash come as text, hash as the parsed ones do, and parse when asked', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'events.sqlite');
  await (await rawStoreWith(t, dir, 300, 12)).close();
  withoutLeafHashes(file);
  const store = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => store.close());
  // A later append is hashed at append: one page then holds both kinds of rows.
  await fillStore(store, 20, 13);
  const source = leafSource(store);
  const mixed = await source.readAll({ after: 250n, limit: 70 });
  const plain = await store.readAll({ after: 250n, limit: 70 });
  t.equal(mixed.length, 70);
  t.same(
    mixed.map((e) => (e instanceof TextBackedEvent ? 'text' : e instanceof HashedLeafEvent ? 'hash' : 'other')),
    [...Array<string>(50).fill('text'), ...Array<string>(20).fill('hash')],
    'old rows as text, new rows with their hash',
  );
  t.same(
    mixed.map((e) => leafHashOf(e).toString('hex')),
    plain.map((e) => hashLeaf(leafBytesOf(e)).toString('hex')),
    'the same leaf hashes',
  );
  t.same(mixed[7]!.data, plain[7]!.data, 'data parses on demand');
  t.same(mixed[7]!.metadata, plain[7]!.metadata, 'metadata parses on demand');
});

t.test('through leafSource: a subscription follows the store with the stored hashes, old rows as text, live appends included', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'events.sqlite');
  await (await rawStoreWith(t, dir, 40, 21)).close();
  withoutLeafHashes(file);
  const store = await openSqliteStore({ file, writer: 'inline', pollIntervalMs: 10 });
  t.teardown(() => store.close());
  await fillStore(store, 10, 22);
  const subscription = leafSource(store).subscribeAll({ after: 30n });
  const seen: RecordedEvent[] = [];
  for await (const event of subscription) {
    seen.push(event);
    if (seen.length === 20) await fillStore(store, 5, 23); // caught up: these arrive live
    if (seen.length === 25) break;
  }
  const plain = await store.readAll({ after: 30n });
  t.same(seen.map((e) => e.position), plain.map((e) => e.position), 'the same sequence, no gap, no duplicate');
  t.same(
    seen.map((e) => (e instanceof TextBackedEvent ? 'text' : e instanceof HashedLeafEvent ? 'hash' : 'other')),
    [...Array<string>(10).fill('text'), ...Array<string>(15).fill('hash')],
  );
  t.same(
    seen.map((e) => leafHashOf(e).toString('hex')),
    plain.map((e) => hashLeaf(leafBytesOf(e)).toString('hex')),
    'the same leaf hashes',
  );
});
