/**
 * Leaves hashed on the second thread (leaf-hash-pipeline.ts) make the same tree as leaves
 * hashed on the main thread, whatever the batch ends, including events whose text the
 * thread does not vouch for (the writer hashes those itself).
 */
import path from 'node:path';
import t from 'tap';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import { hashesEqual, hashLeafText } from '../../src/integrity/hasher.ts';
import { LeafHashPipeline } from '../../src/integrity-log/leaf-hash-pipeline.ts';
import { envelopeTextOf } from '../../src/integrity/envelope-text.ts';
import { logViewOf } from '../../src/integrity-log/integrity-log.ts';
import { leafSource } from '../../src/integrity-log/leaf-source.ts';
import { MerkleLogWriter } from '../../src/integrity-log/log-writer.ts';
import { ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { openSqlite } from '../../src/shared/sqlite-connection.ts';
import { expectedRoot, rawStoreWith } from './helpers.ts';

t.test('a catch-up hashed on the thread: the root of the events hashed one by one', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 1200, 21);
  const meta = { actor: { id: 'u-1', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-01T09:00:00+08:00' };
  // A key holding an escape: the text road gives up on it, the writer takes the envelope's.
  await store.append('fund-odd', [{ id: '0190b6a2-3c4d-7e5f-8a1b-0000000000aa', type: 'FundOpened', schemaVersion: 1, data: { 'quote"d': 1, b: [2, { y: 1, x: 0 }] }, metadata: meta }], 'any');
  const file = path.join(dir, 'm.sqlite');
  ReadModelFile.open(merkleLog, file).close();
  const db = openSqlite(file);
  t.teardown(() => db.close());
  const writer = new MerkleLogWriter(db, { hashThreadAfterLeaves: 100 });
  const source = leafSource(store);
  let after = 0n;
  for (const size of [37, 500, 1, 700]) {
    const page = await source.readAll({ after, limit: size });
    db.transaction(() => {
      for (const event of page) writer.apply(event);
      writer.flush();
    })();
    after = page[page.length - 1]?.position ?? after;
  }
  const view = logViewOf(db);
  t.equal(view.size(), 1201);
  t.ok(hashesEqual(view.root(1201), await expectedRoot(store)), 'same root as leafBytesOf over every event');
  t.ok(hashesEqual(view.root(538), await expectedRoot(store, 538)), 'and at a size inside a thread batch');
});

t.test('a thread ended with chunks unanswered: they are hashed on the main thread, in order', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 600, 22);
  const stored = await store.readAllText({ limit: 600 });
  const expected = stored.map((s) => hashLeafText(envelopeTextOf(s)!).toString('hex'));
  const pipeline = new LeafHashPipeline();
  t.teardown(() => pipeline.close());
  for (const event of stored.slice(0, 400)) pipeline.submit(event);
  pipeline.close();
  for (const event of stored.slice(400)) pipeline.submit(event);
  const answers = pipeline.drain();
  t.same(answers.map((h) => h?.toString('hex')), expected, 'every hash, in submission order, across two threads');
});
