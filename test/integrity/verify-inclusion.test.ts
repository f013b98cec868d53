import t from 'tap';
import { InclusionProofError } from '../../src/integrity/errors.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { rootFromInclusionProof, verifyInclusion } from '../../src/integrity/verify-inclusion.ts';
import { inclusionVectors, referenceTreeLeafHashes } from './merkle-vectors.ts';

const vectors = inclusionVectors();

t.test('transparency-dev/merkle inclusion vectors: happy paths verify, named failures are refused', async (t) => {
  t.ok(vectors.length >= 80, `${vectors.length} vectors loaded`);
  for (const v of vectors) {
    const run = (): void => verifyInclusion(v.leafIdx, v.treeSize, v.leafHash, v.proof, v.root);
    if (v.wantErr) t.throws(run, { name: InclusionProofError.name, code: 'integrity.inclusion_invalid' }, v.name);
    else t.doesNotThrow(run, v.name);
  }
});

t.test('our builder produces the happy-path proofs of the vectors', async (t) => {
  const leaves = referenceTreeLeafHashes();
  const tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves);
  const happy = vectors.filter((v) => !v.wantErr && v.treeSize <= leaves.length && v.name.includes('happy-path'));
  t.ok(happy.length >= 4);
  for (const v of happy) {
    t.same(tree.inclusionProof(v.leafIdx, v.treeSize).map((h) => Buffer.from(h).toString('base64')), v.proof.map((h) => h.toString('base64')), v.name);
    t.same(Buffer.from(tree.rootHash(v.treeSize)), v.root, `${v.name}: root`);
  }
});

t.test('refusals say why, with what was expected and what was found', async (t) => {
  const leaves = referenceTreeLeafHashes();
  const tree = new MerkleTree(new MemoryNodeStore());
  tree.appendLeafHashes(leaves);
  const proof = tree.inclusionProof(2, 8);
  const root = tree.rootHash(8);
  const leaf = leaves[2] as Uint8Array;
  t.throws(() => verifyInclusion(8, 8, leaf, proof, root), { code: 'integrity.inclusion_invalid', reason: 'index_out_of_range', actual: '8' });
  t.throws(() => verifyInclusion(2, 8, leaf.subarray(1), proof, root), { code: 'integrity.inclusion_invalid', reason: 'hash_size', expected: '32 bytes', actual: '31 bytes' });
  t.throws(() => verifyInclusion(2, 8, leaf, proof.slice(1), root), { code: 'integrity.inclusion_invalid', reason: 'proof_size', expected: '3', actual: '2' });
  t.throws(() => verifyInclusion(2, 8, leaf, [...proof, leaf], root), { code: 'integrity.inclusion_invalid', reason: 'proof_size', expected: '3', actual: '4' });
  t.throws(() => verifyInclusion(2, 8, leaves[3] as Uint8Array, proof, root), {
    code: 'integrity.inclusion_invalid',
    reason: 'root_mismatch',
    expected: Buffer.from(root).toString('base64'),
  });
  t.same(Buffer.from(rootFromInclusionProof(2, 8, leaf, proof)), Buffer.from(root));
});
