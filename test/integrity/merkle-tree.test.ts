import { readFileSync } from 'node:fs';
import t from 'tap';
import { TreeRangeError } from '../../src/integrity/errors.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { merkleTreeHash, MerkleTree } from '../../src/integrity/merkle-tree.ts';
import type { TreeNodeStore } from '../../src/integrity/node-store.ts';
import type { NodeId } from '../../src/integrity/tree-math.ts';
import { leafHashes } from './leaves.ts';
import { referenceRoot } from './reference-merkle.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function treeOf(leaves: readonly Uint8Array[], batchSize = leaves.length || 1): MerkleTree {
  const tree = new MerkleTree(new MemoryNodeStore());
  for (let i = 0; i < leaves.length; i += batchSize) tree.appendLeafHashes(leaves.slice(i, i + batchSize));
  return tree;
}

t.test('the transparency-dev reference tree: every root and every stored node', async (t) => {
  const reference = JSON.parse(readFileSync(new URL('./vectors/merkle/reference-tree.json', import.meta.url), 'utf8')) as {
    leafInputsHex: string[];
    nodeHashesHexByLevel: string[][];
    rootHashesHexBySize: string[];
  };
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  t.equal(hex(tree.rootHash()), reference.rootHashesHexBySize[0], 'size 0');
  reference.leafInputsHex.forEach((input, i) => {
    tree.appendLeafHashes([hashLeaf(Buffer.from(input, 'hex'))]);
    t.equal(hex(tree.rootHash()), reference.rootHashesHexBySize[i + 1], `size ${i + 1}, root as it grows`);
  });
  reference.rootHashesHexBySize.forEach((want, size) => t.equal(hex(tree.rootHash(size)), want, `size ${size}, root from stored nodes`));
  reference.nodeHashesHexByLevel.forEach((level, l) => {
    const stored = store.readNodes(level.map((_, index) => ({ level: l, index })));
    t.same(stored.map(hex), level, `level ${l} nodes stored`);
  });
});

t.test('roots at every size up to 130 match the naive recursive MTH, whatever the batch size', async (t) => {
  const leaves = leafHashes(130);
  for (const batchSize of [1, 3, 64, 130]) {
    const tree = treeOf(leaves, batchSize);
    t.equal(tree.size(), 130);
    for (let size = 0; size <= 130; size++) {
      if (hex(tree.rootHash(size)) !== hex(referenceRoot(leaves.slice(0, size)))) t.fail(`batch ${batchSize}, size ${size}`);
    }
    t.pass(`batch size ${batchSize}`);
  }
  t.equal(hex(merkleTreeHash(leaves)), hex(referenceRoot(leaves)), 'merkleTreeHash streams the same root');
  t.equal(hex(merkleTreeHash([])), hex(referenceRoot([])), 'and the empty root');
});

t.test('the tree lives in its store: another MerkleTree over the same store continues it', async (t) => {
  const leaves = leafHashes(77);
  const store = new MemoryNodeStore();
  new MerkleTree(store).appendLeafHashes(leaves.slice(0, 30));
  const reopened = new MerkleTree(store);
  t.equal(reopened.size(), 30);
  reopened.appendLeafHashes(leaves.slice(30));
  t.equal(hex(new MerkleTree(store).rootHash()), hex(referenceRoot(leaves)));
});

t.test('consistency from the empty tree or to the same size is the empty proof (RFC 9162 §2.1.4.1)', async (t) => {
  const tree = treeOf(leafHashes(9));
  t.same(tree.consistencyProof(0, 9), []);
  t.same(tree.consistencyProof(9, 9), []);
  t.same(tree.consistencyProof(4), tree.consistencyProof(4, 9), 'to the current size by default');
});

t.test('leafHash returns the stored leaf', async (t) => {
  const leaves = leafHashes(5);
  const tree = treeOf(leaves);
  leaves.forEach((leaf, i) => t.equal(hex(tree.leafHash(i)), hex(leaf)));
});

t.test('sizes and indexes outside the tree are typed errors naming the field', async (t) => {
  const tree = treeOf(leafHashes(5));
  const rangeError = (field: string) => ({ name: TreeRangeError.name, code: 'integrity.tree_range', field });
  t.throws(() => tree.rootHash(6), rangeError('treeSize'));
  t.throws(() => tree.rootHash(-1), rangeError('treeSize'));
  t.throws(() => tree.rootHash(2.5), rangeError('treeSize'));
  t.throws(() => tree.leafHash(5), rangeError('leafIndex'));
  t.throws(() => tree.inclusionProof(5, 5), rangeError('leafIndex'));
  t.throws(() => tree.inclusionProof(0, 6), rangeError('treeSize'));
  t.throws(() => tree.inclusionProof(0, 0), rangeError('treeSize'));
  t.throws(() => tree.consistencyProof(4, 6), rangeError('size2'));
  t.throws(() => tree.consistencyProof(5, 4), rangeError('size1'));
  t.throws(() => tree.appendLeafHashes([new Uint8Array(31)]), rangeError('leafHashes[0].length'));
  t.equal(tree.size(), 5, 'a refused append changes nothing');
});

t.test('an append that the store refuses leaves the tree as it was', async (t) => {
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  tree.appendLeafHashes(leafHashes(3));
  const root = hex(tree.rootHash());
  const failing: TreeNodeStore = {
    readTreeSize: () => store.readTreeSize(),
    readNodes: (ids) => store.readNodes(ids),
    writeNodes: () => {
      throw new Error('disk full');
    },
  };
  t.throws(() => new MerkleTree(failing).appendLeafHashes(leafHashes(2)), /disk full/);
  t.equal(tree.size(), 3);
  t.equal(hex(tree.rootHash()), root);
});

t.test('proofs and roots read O(log n) stored nodes in one batch, never the leaves', async (t) => {
  const size = 100_003;
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  const leaves = Array.from({ length: size }, (_, i) => hashLeaf(Buffer.from(String(i))));
  tree.appendLeafHashes(leaves);
  const reads: NodeId[][] = [];
  const counting = new MerkleTree({
    readTreeSize: () => store.readTreeSize(),
    readNodes: (ids) => {
      reads.push([...ids]);
      return store.readNodes(ids);
    },
    writeNodes: (nodes, treeSize) => store.writeNodes(nodes, treeSize),
  });
  const bound = 2 * Math.ceil(Math.log2(size)) + 2;
  for (const [what, call] of [
    ['inclusion', () => counting.inclusionProof(77_777, 99_999)],
    ['consistency', () => counting.consistencyProof(12_345, 99_999)],
    ['root', () => counting.rootHash(99_999)],
  ] as const) {
    reads.length = 0;
    call();
    t.equal(reads.length, 1, `${what}: one batched read`);
    t.ok((reads[0] ?? []).length <= bound, `${what}: ${(reads[0] ?? []).length} nodes read, at most ${bound}`);
  }
});
