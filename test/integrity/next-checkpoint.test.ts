import t from 'tap';
import { openCheckpoint, type Checkpoint } from '../../src/integrity/checkpoint.ts';
import { EMPTY_ROOT_HASH } from '../../src/integrity/hasher.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { signNextCheckpoint } from '../../src/integrity/next-checkpoint.ts';
import { NoteSigner } from '../../src/integrity/note-keys.ts';
import { leafHashes } from './leaves.ts';

const signer = new NoteSigner('taizhang.example/ledger', Buffer.alloc(32, 5));
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function treeOf(leaves: readonly Uint8Array[]): MerkleTree {
  const tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves);
  return tree;
}

t.test('each checkpoint is signed after proving it extends the previous one', async (t) => {
  const leaves = leafHashes(40);
  const tree = treeOf(leaves.slice(0, 10));
  const first = signNextCheckpoint(tree, signer, undefined);
  t.equal(first.checkpoint.treeSize, 10);
  tree.appendLeafHashes(leaves.slice(10));
  const second = signNextCheckpoint(tree, signer, first.checkpoint);
  t.equal(second.checkpoint.treeSize, 40);
  t.same(openCheckpoint(second.note, signer.verifier()).checkpoint, second.checkpoint);
  t.same(signNextCheckpoint(tree, signer, second.checkpoint).checkpoint, second.checkpoint, 'the same size again re-signs the same head');
  t.equal(signNextCheckpoint(tree, signer, first.checkpoint, 25).checkpoint.treeSize, 25, 'any size up to the tree');
});

t.test('a tree that does not extend the last checkpoint is never signed', async (t) => {
  const leaves = leafHashes(30);
  const signed = signNextCheckpoint(treeOf(leaves.slice(0, 20)), signer, undefined).checkpoint;
  const rewritten = [...leaves];
  rewritten[7] = leaves[8] as Uint8Array;
  const forked = treeOf(rewritten);
  t.throws(() => signNextCheckpoint(forked, signer, signed), {
    code: 'integrity.checkpoint_inconsistent',
    expected: b64(signed.rootHash),
    actual: b64(forked.rootHash(20)),
  });
  t.throws(() => signNextCheckpoint(treeOf(leaves.slice(0, 19)), signer, signed), { code: 'integrity.checkpoint_inconsistent', expected: 'tree size >= 20', actual: '19' });
  const emptyButWrong: Checkpoint = { ...signed, treeSize: 0 };
  t.throws(() => signNextCheckpoint(forked, signer, emptyButWrong), { code: 'integrity.checkpoint_inconsistent', actual: b64(EMPTY_ROOT_HASH) });
  t.doesNotThrow(() => signNextCheckpoint(forked, signer, { ...signed, treeSize: 0, rootHash: EMPTY_ROOT_HASH }));
  t.throws(() => signNextCheckpoint(forked, signer, { ...signed, origin: 'other.example/log' }), { code: 'integrity.checkpoint_origin' });
});
