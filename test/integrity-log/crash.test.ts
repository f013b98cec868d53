import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { hashesEqual } from '../../src/integrity/hasher.ts';
import { openCheckpoint } from '../../src/integrity/checkpoint.ts';
import { merkleTreeHash } from '../../src/integrity/merkle-tree.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { verifyConsistency } from '../../src/integrity/verify-consistency.ts';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { CheckpointStore, integrityDir } from '../../src/integrity-log/checkpoint-store.ts';
import { LogView } from '../../src/integrity-log/log-view.ts';
import { openReader, peekCheckpoint } from '../../src/projections/readmodel-file.ts';
import { fillStore } from '../projections/fixtures/synthetic-events.ts';
import { nodeScript } from '../helpers/node-script.ts';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import { readModelFileName } from '../../src/projections/files.ts';
import { HASH_SIZE_BYTES } from '../../src/integrity/hasher.ts';
import { slotOf, TILE_SLOTS } from '../../src/integrity/tile-layout.ts';
import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { expectedLeaves, rawStoreWith } from './helpers.ts';

// The compiled child under `npm test` (no loader in each of the nine children), the .ts through tsx otherwise.
const CHILD = nodeScript(new URL('./fixtures/crash-child.ts', import.meta.url));

async function runChild(store: SqliteEventStore, eventsFile: string, dataDir: string, crashAt: bigint, batchSize: number, appendWhenCaughtUp: number, seed: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [...CHILD, eventsFile, dataDir, String(crashAt), String(batchSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let appended = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (!chunk.includes('caught-up')) return;
    if (crashAt === 0n) child.kill('SIGKILL');
    else if (appendWhenCaughtUp > 0 && !appended) {
      appended = true;
      void fillStore(store, appendWhenCaughtUp, seed);
    }
  });
  return exited;
}

/** How many complete subtrees a tree of `size` leaves has, per tree level. */
function completeSubtrees(size: number): number[] {
  const out: number[] = [];
  for (let level = 0; 2 ** level <= size; level++) out.push(Math.floor(size / 2 ** level));
  return out;
}

/** How many non-zero hash slots the file's tiles hold, per tree level (a slot not yet written is zeros). */
function storedSlots(db: SqliteDatabase): number[] {
  const out: number[] = [];
  const zero = Buffer.alloc(HASH_SIZE_BYTES);
  for (const { tier, hashes } of db.prepare('SELECT tier, hashes FROM tree_tiles').all() as { tier: number; hashes: Buffer }[]) {
    for (let slot = 0; slot < TILE_SLOTS; slot++) {
      if (hashes.subarray(slot * HASH_SIZE_BYTES, (slot + 1) * HASH_SIZE_BYTES).equals(zero)) continue;
      // The slot's level: the first level whose slot of this tile's first node is past it.
      let localLevel = 0;
      while (localLevel < 7 && slotOf(tier * 8 + localLevel + 1, 0).slot <= slot) localLevel++;
      const level = tier * 8 + localLevel;
      out[level] = (out[level] ?? 0) + 1;
    }
  }
  return Array.from(out, (n) => n ?? 0);
}

/**
 * The file holds exactly the tree of the events up to its checkpoint: as many leaves, the
 * same root, a node for every complete subtree and no other; every checkpoint signed so far
 * is of that tree and consistent with the one before.
 */
async function checkConsistent(t: Test, store: SqliteEventStore, dataDir: string, label: string): Promise<{ position: bigint; size: number }> {
  const file = path.join(integrityDir(dataDir), readModelFileName(merkleLog.name, merkleLog.version));
  const position = peekCheckpoint(file)?.position ?? 0n;
  const { events, hashes } = await expectedLeaves(store);
  const size = events.filter((e) => e.position <= position).length;
  const db = openReader(file);
  const checkpoints = CheckpointStore.open(dataDir, { readOnly: true });
  try {
    const view = new LogView(db);
    t.equal(view.size(), size, `${label}: ${size} leaves, the events up to the checkpoint (position ${position})`);
    t.equal(db.prepare('SELECT count(*) FROM leaf_ids').pluck().get(), size, `${label}: one id per leaf`);
    t.same(storedSlots(db), completeSubtrees(size), `${label}: exactly the complete subtrees have a hash`);
    t.ok(hashesEqual(view.root(size), merkleTreeHash(hashes.slice(0, size))), `${label}: the root of those events`);
    const key = checkpoints.verifierKey();
    const signed = checkpoints.list();
    if (key !== undefined) {
      const verifier = parseVerifierKey(key.verifierKey);
      let previous: { treeSize: number; rootHash: Uint8Array } | undefined;
      for (const c of signed) {
        const { checkpoint } = openCheckpoint(c.note, verifier);
        t.ok(checkpoint.treeSize <= size, `${label}: checkpoint ${checkpoint.treeSize} is of committed leaves`);
        t.ok(hashesEqual(checkpoint.rootHash, view.root(checkpoint.treeSize)), `${label}: checkpoint ${checkpoint.treeSize} has the tree's root`);
        if (previous) verifyConsistency(previous.treeSize, checkpoint.treeSize, view.consistency(previous.treeSize, checkpoint.treeSize), previous.rootHash, checkpoint.rootHash);
        previous = checkpoint;
      }
    }
  } finally {
    db.close();
    checkpoints.close();
  }
  return { position, size };
}

t.test('SIGKILL inside merkle-log batches, again and again: the tree and the checkpoints stay consistent', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await rawStoreWith(t, dir, 2000, 41);
  const eventsFile = path.join(dir, 'events.sqlite');
  // Each batch size killed once catching up, then two of them (7, 64) while following live appends:
  // the cases the eight runs of before held, without their repeats.
  const runs = [...[1, 7, 64, 1000].map((batchSize) => ({ batchSize, following: false })), ...[7, 64].map((batchSize) => ({ batchSize, following: true }))];
  let at = { position: 0n, size: 0 };
  for (const [run, { batchSize, following }] of runs.entries()) {
    const head = await store.headPosition();
    const span = following ? 300 : Number(head - at.position);
    const crashAt = (following ? head : at.position) + 1n + BigInt(Math.floor(Math.random() * Math.max(1, span - 1)));
    const signal = await runChild(store, eventsFile, dataDir, crashAt, batchSize, following ? 300 : 0, 300 + run);
    t.equal(signal, 'SIGKILL', `run ${run}: killed applying position ${crashAt} (batch size ${batchSize}${following ? ', following' : ''})`);
    at = await checkConsistent(t, store, dataDir, `run ${run}`);
    t.ok(at.position < crashAt, `run ${run}: the batch holding ${crashAt} was rolled back whole`);
  }
  await runChild(store, eventsFile, dataDir, 0n, 100, 0, 0);
  const final = await checkConsistent(t, store, dataDir, 'final');
  t.equal(final.position, await store.headPosition(), 'restarted, the log caught up with the whole store');
  const checkpoints = CheckpointStore.open(dataDir, { readOnly: true });
  t.teardown(() => checkpoints.close());
  t.ok(checkpoints.list().length >= 3, 'checkpoints were signed along the way and kept across the crashes');
});
