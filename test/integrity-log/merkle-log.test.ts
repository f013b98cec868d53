import t from 'tap';
import path from 'node:path';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import { toBase64 } from '../../src/integrity/base64.ts';
import { openCheckpoint } from '../../src/integrity/checkpoint.ts';
import { TreeRangeError } from '../../src/integrity/errors.ts';
import { hashesEqual } from '../../src/integrity/hasher.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { verifyConsistency } from '../../src/integrity/verify-consistency.ts';
import { verifyInclusion } from '../../src/integrity/verify-inclusion.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openSqlite } from '../../src/shared/sqlite-connection.ts';
import { MerkleLogWriter } from '../../src/integrity-log/log-writer.ts';
import { ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { logViewOf } from '../../src/integrity-log/integrity-log.ts';
import { syntheticRecorded } from '../projections/fixtures/synthetic-events.ts';
import { caughtUp, expectedLeaves, rawStoreWith, startLog } from './helpers.ts';

const b64 = (x: Uint8Array) => toBase64(x);

t.test('the projection integrates every event as stored: roots, leaves, proofs match an independent computation', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 1500, 3);
  const log = startLog(t, { rawStore: store, dataDir: path.join(dir, 'data'), batchSize: 97 });
  await caughtUp(log, store);
  const { events, hashes } = await expectedLeaves(store);
  const signed = log.signNow();
  t.ok(signed, 'a checkpoint is signed once the tree grew');
  t.equal(signed?.treeSize, 1500);
  const verifier = parseVerifierKey(log.verifierKey());
  const { checkpoint } = openCheckpoint(signed!.note, verifier, 'taizhang.test/log');
  t.equal(checkpoint.origin, 'taizhang.test/log');
  log.view((view) => {
    t.equal(view.size(), 1500);
    t.equal(b64(view.root(1500)), b64(checkpoint.rootHash), 'the checkpoint signs the root of the served tree');
    for (const i of [0, 1, 2, 511, 512, 1023, 1024, 1499]) {
      const leaf = view.leafAt(i)!;
      t.equal(leaf.eventId, events[i]!.id, `leaf ${i} is event ${i} in position order`);
      t.equal(leaf.position, events[i]!.position);
      const answer = view.inclusion(i, 1500);
      t.equal(b64(answer.leafHash), b64(hashes[i]!), `leaf ${i}: SHA-256(0x00 || JCS(envelope as stored))`);
      verifyInclusion(i, 1500, hashes[i]!, answer.proof, checkpoint.rootHash);
    }
    t.same(view.leafOfEvent(events[700]!.id), { leafIndex: 700, eventId: events[700]!.id, position: events[700]!.position });
    t.equal(view.leafOfEvent('0190b6a2-0000-7000-8000-000000000000'), undefined, 'an unknown event has no leaf');
    for (const [m, n] of [[1, 1500], [700, 1024], [1024, 1500], [3, 5]] as const) {
      verifyConsistency(m, n, view.consistency(m, n), view.root(m), view.root(n));
    }
    t.throws(() => view.inclusion(0, 1501), TreeRangeError, 'a size beyond the tree is refused');
  });
  t.pass('every inclusion and consistency proof verifies with the pure verifiers');
});

t.test('pii- streams and $ events never become leaves', async (t) => {
  const dir = t.testdir();
  const store = await rawStoreWith(t, dir, 10, 4);
  const meta = { actor: { id: 'vault', role: 'system' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-01T09:00:00+08:00' };
  await store.append('pii-p_abc', [{ id: '0190b6a2-3c4d-7e5f-8a1b-000000000001', type: 'PersonalRecordSealed', schemaVersion: 1, data: { sealed: 'x' }, metadata: meta }], 'any');
  await store.append('fund-zz', [{ id: '0190b6a2-3c4d-7e5f-8a1b-000000000002', type: 'FundOpened', schemaVersion: 1, data: {}, metadata: meta }], 'any');
  const log = startLog(t, { rawStore: store, dataDir: path.join(dir, 'data') });
  await caughtUp(log, store);
  log.view((view) => {
    t.equal(view.size(), 11, '10 events + the fund event; the vault stream is skipped');
    t.equal(view.leafOfEvent('0190b6a2-3c4d-7e5f-8a1b-000000000001'), undefined);
    t.equal(view.leafOfEvent('0190b6a2-3c4d-7e5f-8a1b-000000000002')?.leafIndex, 10);
  });
});

t.test('deterministic: the same events give the same nodes whatever the batch size', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(777, 9);
  const digests = [1, 13, 1000].map((batch) => replayToDigest(merkleLog, events, path.join(dir, `b${batch}.sqlite`), batch).sha256);
  t.equal(new Set(digests).size, 1, `one digest for batch sizes 1, 13 and 1000: ${digests[0]}`);
});

t.test('a transaction that rolls back leaves no trace in the frontier: later appends continue the right tree', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(300, 5);
  const file = path.join(dir, 'm.sqlite');
  ReadModelFile.open(merkleLog, file).close();
  const db = openSqlite(file);
  t.teardown(() => db.close());
  const writer = new MerkleLogWriter(db);
  const appendAll = (batch: readonly RecordedEvent[], failAfter?: number) =>
    db.transaction(() => {
      batch.forEach((e) => writer.apply(e));
      if (failAfter === undefined) writer.flush();
      else {
        writer.flush();
        throw new Error('boom after the write');
      }
    })();
  appendAll(events.slice(0, 100));
  t.throws(() => appendAll(events.slice(100, 200), 50), /boom/, 'a transaction fails after writing 100 leaves');
  const view = logViewOf(db);
  t.equal(view.size(), 100, 'the rollback took its leaves away');
  appendAll(events.slice(100, 300));
  const clean = path.join(dir, 'clean.sqlite');
  replayToDigest(merkleLog, events, clean, 1000);
  const cleanDb = openSqlite(clean, { queryOnly: true });
  t.teardown(() => cleanDb.close());
  t.equal(view.size(), 300);
  t.ok(hashesEqual(view.root(300), logViewOf(cleanDb).root(300)), 'same root as a clean replay');
  t.ok(hashesEqual(view.root(137), logViewOf(cleanDb).root(137)), 'and the same root at a past size');
});

t.test('events gathered twice (a failed batch retried on the same writer) are refused, not integrated twice', async (t) => {
  const dir = t.testdir();
  const events = syntheticRecorded(20, 6);
  const file = path.join(dir, 'm.sqlite');
  ReadModelFile.open(merkleLog, file).close();
  const db = openSqlite(file);
  t.teardown(() => db.close());
  const writer = new MerkleLogWriter(db);
  for (const e of events.slice(0, 10)) writer.apply(e);
  // The batch failed before its flush; the same events come again.
  for (const e of events.slice(0, 10)) writer.apply(e);
  t.throws(() => db.transaction(() => writer.flush())(), /does not follow position/);
  t.equal(logViewOf(db).size(), 0, 'nothing was written');
  for (const e of events.slice(0, 10)) writer.apply(e);
  db.transaction(() => writer.flush())();
  t.equal(logViewOf(db).size(), 10, 'and the writer is usable again: nothing stayed gathered');
});
