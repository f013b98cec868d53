/**
 * Proofs built from stored nodes against the naive RFC 9162 reference, for every pair
 * of sizes up to 64 leaves and for random pairs in a tree of about a million leaves:
 * each proof verifies, and each altered proof is refused.
 */
import fc from 'fast-check';
import t from 'tap';
import { IntegrityError } from '../../src/integrity/errors.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { verifyConsistency } from '../../src/integrity/verify-consistency.ts';
import { verifyInclusion } from '../../src/integrity/verify-inclusion.ts';
import { leafHashes, syntheticLeafHash, syntheticLeafHashes } from './leaves.ts';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot, referenceRootByLevels } from './reference-merkle.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const hexes = (hashes: readonly Uint8Array[]): string[] => hashes.map(hex);

function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const copy = Buffer.from(hash);
  const at = Math.floor(bit / 8) % copy.length;
  copy[at] = (copy[at] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

/** Every way we alter a proof; each must be refused. */
function alteredProofs(proof: readonly Uint8Array[], extra: Uint8Array): Array<[string, Uint8Array[]]> {
  const altered: Array<[string, Uint8Array[]]> = proof.map((_, i) => [`bit flipped in proof[${i}]`, proof.map((h, j) => (j === i ? flipBit(h, 8 * i + 3) : h))]);
  if (proof.length > 0) altered.push(['last hash dropped', proof.slice(0, -1)], ['first hash dropped', proof.slice(1)]);
  if (proof.length > 1) altered.push(['two hashes swapped', [proof[1] as Uint8Array, proof[0] as Uint8Array, ...proof.slice(2)]]);
  altered.push(['hash appended', [...proof, extra]], ['hash prepended', [extra, ...proof]]);
  return altered;
}

/**
 * Records a failure unless `run` throws an IntegrityError. Tens of thousands of refusals are
 * expected here: their stack traces (a third of this file's time) are not collected.
 */
function refused(failures: string[], what: string, run: () => void): void {
  const stackFrames = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    run();
    failures.push(`accepted: ${what}`);
  } catch (e) {
    if (!(e instanceof IntegrityError)) failures.push(`${what}: threw ${String(e)} instead of an IntegrityError`);
  } finally {
    Error.stackTraceLimit = stackFrames;
  }
}

const SMALL_MAX = 64;
const small = leafHashes(SMALL_MAX);
const smallTree = new MerkleTree(new MemoryNodeStore());
smallTree.appendLeafHashes(small);

t.test(`inclusion: every leaf of every tree size up to ${SMALL_MAX}`, async (t) => {
  const failures: string[] = [];
  let checked = 0;
  for (let n = 1; n <= SMALL_MAX; n++) {
    const leaves = small.slice(0, n);
    const root = smallTree.rootHash(n);
    if (hex(root) !== hex(referenceRoot(leaves))) failures.push(`root of ${n}`);
    for (let m = 0; m < n; m++) {
      const leaf = small[m] as Uint8Array;
      const proof = smallTree.inclusionProof(m, n);
      if (hexes(proof).join() !== hexes(referenceInclusionProof(m, leaves)).join()) failures.push(`PATH(${m}, D[${n}]) differs from the reference`);
      try {
        verifyInclusion(m, n, leaf, proof, root);
      } catch (e) {
        failures.push(`(${m}, ${n}) refused: ${String(e)}`);
      }
      for (const [how, bad] of alteredProofs(proof, leaf)) refused(failures, `(${m}, ${n}) ${how}`, () => verifyInclusion(m, n, leaf, bad, root));
      if (n > 1) {
        refused(failures, `(${m}, ${n}) another leaf`, () => verifyInclusion(m, n, small[(m + 1) % n] as Uint8Array, proof, root));
        refused(failures, `(${m}, ${n}) another root`, () => verifyInclusion(m, n, leaf, proof, smallTree.rootHash(n - 1)));
      }
      if ((m ^ 1) < n) refused(failures, `(${m}, ${n}) index ${m ^ 1}`, () => verifyInclusion(m ^ 1, n, leaf, proof, root));
      refused(failures, `(${m}, ${n}) index = size`, () => verifyInclusion(n, n, leaf, proof, root));
      checked++;
    }
  }
  t.same(failures, [], `${checked} proofs built, verified and tampered with`);
});

t.test(`consistency: every pair 0 < m <= n <= ${SMALL_MAX}`, async (t) => {
  const failures: string[] = [];
  let checked = 0;
  for (let n = 1; n <= SMALL_MAX; n++) {
    const root2 = smallTree.rootHash(n);
    for (let m = 1; m <= n; m++) {
      const root1 = smallTree.rootHash(m);
      const proof = smallTree.consistencyProof(m, n);
      if (hexes(proof).join() !== hexes(referenceConsistencyProof(m, small.slice(0, n))).join()) failures.push(`PROOF(${m}, D[${n}]) differs from the reference`);
      try {
        verifyConsistency(m, n, proof, root1, root2);
      } catch (e) {
        failures.push(`(${m}, ${n}) refused: ${String(e)}`);
      }
      for (const [how, bad] of alteredProofs(proof, root1)) refused(failures, `(${m}, ${n}) ${how}`, () => verifyConsistency(m, n, bad, root1, root2));
      if (m > 1) refused(failures, `(${m}, ${n}) another first root`, () => verifyConsistency(m, n, proof, smallTree.rootHash(m - 1), root2));
      if (m < n) refused(failures, `(${m}, ${n}) another second root`, () => verifyConsistency(m, n, proof, root1, smallTree.rootHash(n - 1)));
      checked++;
    }
  }
  t.same(failures, [], `${checked} proofs built, verified and tampered with`);
});

t.test('random pairs in a tree of 1 048 573 leaves', async (t) => {
  const size = 2 ** 20 - 3;
  const store = new MemoryNodeStore();
  const tree = new MerkleTree(store);
  const leafAt = (i: number): Uint8Array => syntheticLeafHash(i);
  const batch = 65_536;
  for (let start = 0; start < size; start += batch) tree.appendLeafHashes(syntheticLeafHashes(start, Math.min(batch, size - start)));
  t.equal(tree.size(), size);
  t.equal(hex(tree.rootHash()), hex(sampledReferenceRoot(store, size)), 'root equals the level-by-level reference (sampled)');

  const sizes = fc.integer({ min: 1, max: size }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n)));
  fc.assert(
    fc.property(sizes, ([m, n]) => {
      const root = tree.rootHash(n);
      const proof = tree.inclusionProof(m, n);
      verifyInclusion(m, n, leafAt(m), proof, root);
      const failures: string[] = [];
      refused(failures, 'another leaf', () => verifyInclusion(m, n, leafAt(m + 1), proof, root));
      if (proof.length > 0) refused(failures, 'flipped bit', () => verifyInclusion(m, n, leafAt(m), [flipBit(proof[0] as Uint8Array, m), ...proof.slice(1)], root));
      if (m > 0) {
        const consistency = tree.consistencyProof(m, n);
        verifyConsistency(m, n, consistency, tree.rootHash(m), root);
        if (consistency.length > 0) refused(failures, 'flipped consistency bit', () => verifyConsistency(m, n, consistency.map((h, i) => (i === consistency.length - 1 ? flipBit(h, n) : h)), tree.rootHash(m), root));
      }
      return failures.length === 0;
    }),
    { numRuns: 100, seed: 20_240_601 },
  );
  t.pass('100 random (m, n) pairs: inclusion and consistency proofs verify, altered ones are refused');
});

/**
 * The root of the big tree by the level-by-level reference without rehashing a million
 * leaves. By levels, the list at level 10 is the complete level-10 nodes followed by
 * the root of the ragged tail, so the reference over that list is the root. The stored
 * level-10 nodes it uses are themselves checked, a sample of them, against the
 * reference over their own 1 024 leaves.
 */
function sampledReferenceRoot(store: MemoryNodeStore, size: number): Uint8Array {
  const width = 2 ** 10;
  const complete = Math.floor(size / width);
  const level10 = store.readNodes(Array.from({ length: complete }, (_, index) => ({ level: 10, index })));
  for (const index of [0, 1, 517, complete - 1]) {
    const own = referenceRootByLevels(syntheticLeafHashes(index * width, width));
    if (hex(own) !== hex(level10[index] as Uint8Array)) throw new Error(`stored node (10, ${index}) differs from the reference`);
  }
  const tail = referenceRootByLevels(syntheticLeafHashes(complete * width, size - complete * width));
  return referenceRootByLevels([...level10, tail]);
}
