/**
 * The tile store (hashes 510 to a row) answers exactly what the in-memory node store
 * answers: every root, inclusion and consistency proof, across tile and tier boundaries,
 * whatever the append batches; it refuses a node it does not hold and a complete subtree
 * written again with another hash.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import { MissingNodeError } from '../../src/integrity/errors.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { SqliteTileStore } from '../../src/integrity/sqlite-tile-store.ts';
import { slotOf, TILE_SLOTS } from '../../src/integrity/tile-layout.ts';
import { verifyInclusion } from '../../src/integrity/verify-inclusion.ts';
import { syntheticLeafHashes } from './leaves.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference-merkle.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hexes = (hashes: readonly Uint8Array[]): string[] => hashes.map(hex);
const schema = fs.readFileSync(new URL('../../projections/merkle-log/0001_merkle_log.sql', import.meta.url), 'utf8');

function tileTree(): { db: Database.Database; tree: MerkleTree } {
  const db = new Database(':memory:');
  db.exec(schema);
  return { db, tree: new MerkleTree(new SqliteTileStore(db)) };
}

t.test('tile layout: every node of a 2^20-leaf tree has its own slot', async (t) => {
  const seen = new Set<string>();
  for (let level = 0; level <= 20; level++) {
    for (const index of new Set([0, 1, 2, 127, 128, 255, 256, 2 ** (20 - level) - 1].filter((i) => i < 2 ** (20 - level)))) {
      const a = slotOf(level, index);
      t.ok(a.slot >= 0 && a.slot < TILE_SLOTS, `(${level}, ${index}) slot ${a.slot} inside the tile`);
      const key = `${a.tier}/${a.tile}/${a.slot}`;
      t.notOk(seen.has(key), `(${level}, ${index}) shares no slot`);
      seen.add(key);
    }
  }
});

t.test('every m for sizes around tile edges up to 300 leaves, appended in uneven batches: the reference proofs and roots', async (t) => {
  const leaves = syntheticLeafHashes(0, 300);
  const { db, tree } = tileTree();
  t.teardown(() => db.close());
  for (let at = 0, step = 1; at < leaves.length; at += step, step = (step * 7) % 97 || 1) tree.appendLeafHashes(leaves.slice(at, Math.min(leaves.length, at + step)));
  t.equal(tree.size(), 300);
  const failures: string[] = [];
  const sizes = [...Array.from({ length: 20 }, (_, i) => i + 1), 63, 64, 65, 127, 128, 129, 255, 256, 257, 258, 299, 300];
  for (const n of sizes) {
    const prefix = leaves.slice(0, n);
    if (hex(tree.rootHash(n)) !== hex(referenceRoot(prefix))) failures.push(`root ${n}`);
    for (let m = 0; m < n; m++) {
      if (hexes(tree.inclusionProof(m, n)).join() !== hexes(referenceInclusionProof(m, prefix)).join()) failures.push(`inclusion (${m}, ${n})`);
      if (m > 0 && hexes(tree.consistencyProof(m, n)).join() !== hexes(referenceConsistencyProof(m, prefix)).join()) failures.push(`consistency (${m}, ${n})`);
    }
  }
  t.same(failures, [], 'every pair agrees with the naive RFC 9162 reference');
});

t.test('across tiers (70 000 leaves, three tiers): random pairs agree with the in-memory store', async (t) => {
  const size = 70_000;
  const { db, tree } = tileTree();
  t.teardown(() => db.close());
  const memory = new MerkleTree(new MemoryNodeStore());
  for (let at = 0; at < size; at += 4093) {
    const batch = syntheticLeafHashes(at, Math.min(4093, size - at));
    tree.appendLeafHashes(batch);
    memory.appendLeafHashes(batch);
  }
  t.equal(db.prepare('SELECT count(DISTINCT tier) FROM tree_tiles').pluck().get(), 3, 'tiers 0, 1 and 2 are in use');
  const pairs = fc.integer({ min: 1, max: size }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
  fc.assert(
    fc.property(pairs, ([m, n]) => {
      const root = tree.rootHash(n);
      if (hex(root) !== hex(memory.rootHash(n))) return false;
      const proof = tree.inclusionProof(m, n);
      verifyInclusion(m, n, memory.leafHash(m), proof, root);
      return m === 0 || hexes(tree.consistencyProof(m, n)).join() === hexes(memory.consistencyProof(m, n)).join();
    }),
    { numRuns: 100, seed: 6 },
  );
});

t.test('a node it does not hold is a MissingNodeError; a complete subtree never changes', async (t) => {
  const { db, tree } = tileTree();
  t.teardown(() => db.close());
  const store = new SqliteTileStore(db);
  tree.appendLeafHashes(syntheticLeafHashes(0, 5));
  t.throws(() => store.readNodes([{ level: 0, index: 5 }]), MissingNodeError, 'a leaf past the end');
  t.throws(() => store.readNodes([{ level: 1, index: 2 }]), MissingNodeError, 'an incomplete subtree');
  t.throws(() => store.readNodes([{ level: 8, index: 0 }]), MissingNodeError, 'a tier with no tile yet');
  const [leaf1] = store.readNodes([{ level: 0, index: 1 }]);
  store.writeNodes([{ level: 0, index: 1, hash: leaf1! }], 5);
  t.pass('the same hash written again is left alone');
  t.throws(() => store.writeNodes([{ level: 0, index: 1, hash: Buffer.alloc(32, 7) }], 5), /another hash/, 'another hash is refused');
  t.equal(tree.size(), 5);
});
