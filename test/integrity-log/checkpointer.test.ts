/**
 * The checkpoint schedule (every N leaves, or T ms after the last checkpoint when the tree
 * grew), and the refusal to sign a tree that contradicts a checkpoint already signed.
 */
import t from 'tap';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { NoteSigner } from '../../src/integrity/note-keys.ts';
import { CheckpointStore } from '../../src/integrity-log/checkpoint-store.ts';
import { Checkpointer } from '../../src/integrity-log/checkpointer.ts';
import { loadIntegrityConfig } from '../../src/integrity-log/config.ts';
import { leafHashes } from '../integrity/leaves.ts';
import { silent } from './helpers.ts';

const signer = new NoteSigner('taizhang.test/log', Buffer.alloc(32, 9));

t.test('signed every N leaves, or T ms after the last checkpoint once the tree grew', async (t) => {
  const store = CheckpointStore.open(t.testdir());
  t.teardown(() => store.close());
  const leaves = leafHashes(40);
  const tree = new MerkleTree(new MemoryNodeStore());
  let nowMs = Date.parse('2026-03-02T01:00:00Z');
  const checkpointer = new Checkpointer({ store, signer, withTree: (sign) => sign(tree), everyEvents: 10, intervalMs: 5_000, logger: silent, nowMs: () => nowMs });
  const signedSize = () => checkpointer.signIfDue()?.treeSize;

  t.equal(signedSize(), undefined, 'an empty tree: nothing to sign');
  tree.appendLeafHashes(leaves.slice(0, 9));
  t.equal(signedSize(), undefined, '9 of 10 leaves, no time passed: not due');
  tree.appendLeafHashes(leaves.slice(9, 10));
  t.equal(signedSize(), 10, '10 leaves: due by count');
  tree.appendLeafHashes(leaves.slice(10, 13));
  nowMs += 4_999;
  t.equal(signedSize(), undefined, '3 leaves, 4.999 s: not due');
  nowMs += 1;
  t.equal(signedSize(), 13, '3 leaves, 5 s: due by time');
  nowMs += 60_000;
  t.equal(signedSize(), undefined, 'time alone, without growth, signs nothing');
  tree.appendLeafHashes(leaves.slice(13, 14));
  t.equal(checkpointer.signIfDue(true)?.treeSize, 14, 'forced (shutdown, tests): whenever it grew');
  t.same(store.list().map((c) => c.treeSize), [10, 13, 14], 'every checkpoint is kept');
  t.equal(store.latest()?.signedAt, new Date(nowMs).toISOString(), 'with when it was signed');
});

t.test('a tree that contradicts the last checkpoint is never signed, and signing stops', async (t) => {
  const store = CheckpointStore.open(t.testdir());
  t.teardown(() => store.close());
  const leaves = leafHashes(30);
  let tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves.slice(0, 10));
  const checkpointer = new Checkpointer({ store, signer, withTree: (sign) => sign(tree), everyEvents: 1, intervalMs: 1_000, logger: silent });
  t.equal(checkpointer.signIfDue()?.treeSize, 10);

  // Another history of 20 leaves: leaf 3 differs, so its first 10 leaves do not have the signed root.
  tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes([...leaves.slice(0, 3), leaves[29]!, ...leaves.slice(4, 20)]);
  t.equal(checkpointer.signIfDue(), undefined, 'not signed');
  t.match(checkpointer.failure?.message, /no longer has the root of the last checkpoint at size 10/, 'the failure says why');
  t.same(store.list().map((c) => c.treeSize), [10], 'nothing was recorded');

  tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves.slice(0, 20));
  t.equal(checkpointer.signIfDue(true), undefined, 'signing stays stopped until an operator looks, even for a consistent tree');
});

t.test('the schedule comes from the environment, with defaults, and bad values are named', async (t) => {
  t.same(loadIntegrityConfig({}), { origin: undefined, checkpointEveryEvents: 1000, checkpointIntervalMs: 10_000, thread: false });
  t.equal(loadIntegrityConfig({ TAIZHANG_INTEGRITY_THREAD: 'on' }).thread, true);
  t.equal(loadIntegrityConfig({ TAIZHANG_INTEGRITY_THREAD: 'off' }).thread, false);
  t.throws(() => loadIntegrityConfig({ TAIZHANG_INTEGRITY_THREAD: 'yes' }), /TAIZHANG_INTEGRITY_THREAD/);
  t.same(loadIntegrityConfig({ TAIZHANG_LOG_ORIGIN: 'taizhang.example/jx', TAIZHANG_CHECKPOINT_EVERY_EVENTS: '250', TAIZHANG_CHECKPOINT_INTERVAL_SECONDS: '0.5' }), {
    origin: 'taizhang.example/jx',
    checkpointEveryEvents: 250,
    checkpointIntervalMs: 500,
    thread: false,
  });
  t.throws(() => loadIntegrityConfig({ TAIZHANG_CHECKPOINT_EVERY_EVENTS: '0' }), /TAIZHANG_CHECKPOINT_EVERY_EVENTS/);
  t.throws(() => loadIntegrityConfig({ TAIZHANG_CHECKPOINT_INTERVAL_SECONDS: 'soon' }), /TAIZHANG_CHECKPOINT_INTERVAL_SECONDS/);
  t.throws(() => loadIntegrityConfig({ TAIZHANG_LOG_ORIGIN: 'has space' }), /TAIZHANG_LOG_ORIGIN/);
});
