import t from 'tap';
import { ConsistencyProofError } from '../../src/integrity/errors.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { verifyConsistency } from '../../src/integrity/verify-consistency.ts';
import { consistencyVectors, referenceTreeLeafHashes } from './merkle-vectors.ts';

const vectors = consistencyVectors();

t.test('transparency-dev/merkle consistency vectors: happy paths verify, named failures are refused', async (t) => {
  t.ok(vectors.length >= 90, `${vectors.length} vectors loaded`);
  for (const v of vectors) {
    const run = (): void => verifyConsistency(v.size1, v.size2, v.proof, v.root1, v.root2);
    if (v.wantErr) t.throws(run, { name: ConsistencyProofError.name, code: 'integrity.consistency_invalid' }, v.name);
    else t.doesNotThrow(run, v.name);
  }
});

t.test('our builder produces the happy-path proofs of the vectors', async (t) => {
  const leaves = referenceTreeLeafHashes();
  const tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves);
  const happy = vectors.filter((v) => !v.wantErr && v.size2 <= leaves.length && v.name.includes('happy-path'));
  t.ok(happy.length >= 4);
  for (const v of happy) {
    t.same(tree.consistencyProof(v.size1, v.size2).map((h) => Buffer.from(h).toString('base64')), v.proof.map((h) => h.toString('base64')), v.name);
  }
});

t.test('refusals say why, with what was expected and what was found', async (t) => {
  const tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(referenceTreeLeafHashes());
  const proof = tree.consistencyProof(3, 7);
  const [root3, root7] = [tree.rootHash(3), tree.rootHash(7)];
  t.throws(() => verifyConsistency(7, 3, proof, root7, root3), { code: 'integrity.consistency_invalid', reason: 'size_order' });
  t.throws(() => verifyConsistency(0, 7, [], root3, root7), { code: 'integrity.consistency_invalid', reason: 'empty_tree' });
  t.throws(() => verifyConsistency(3, 3, proof, root3, root3), { code: 'integrity.consistency_invalid', reason: 'proof_size', expected: '0' });
  t.throws(() => verifyConsistency(3, 3, [], root3, root7), { code: 'integrity.consistency_invalid', reason: 'root_mismatch' });
  t.throws(() => verifyConsistency(3, 7, proof.slice(1), root3, root7), { code: 'integrity.consistency_invalid', reason: 'proof_size', expected: String(proof.length) });
  t.throws(() => verifyConsistency(3, 7, [...proof, root3], root3, root7), { code: 'integrity.consistency_invalid', reason: 'proof_size' });
  t.throws(() => verifyConsistency(3, 7, [proof[0] as Uint8Array, new Uint8Array(31)], root3, root7), { code: 'integrity.consistency_invalid', reason: 'hash_size', actual: '31 bytes' });
  t.throws(() => verifyConsistency(3, 7, proof, tree.rootHash(2), root7), { code: 'integrity.consistency_invalid', reason: 'root_mismatch', expected: Buffer.from(tree.rootHash(2)).toString('base64') });
  t.throws(() => verifyConsistency(3, 7, proof, root3, tree.rootHash(6)), { code: 'integrity.consistency_invalid', reason: 'root_mismatch', expected: Buffer.from(tree.rootHash(6)).toString('base64') });
  t.doesNotThrow(() => verifyConsistency(3, 7, proof, root3, root7));
});
