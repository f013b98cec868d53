/**
 * Verifying an inclusion proof, RFC 9162 §2.1.3.2, step by step. Needs nothing but the
 * proof, the leaf hash, its index, the tree size and the root (e.g. from a checkpoint):
 * no store, no tree. Shared by the server, the offline `verify` and the browser.
 */
import { toBase64 } from './base64.ts';
import { InclusionProofError } from './errors.ts';
import { HASH_SIZE_BYTES, hashChildren, hashesEqual } from './hasher.ts';
import { pathSteps } from './tree-math.ts';

/**
 * The root that `proof` binds `leafHash` at `leafIndex` to, in a tree of `treeSize`
 * leaves (§2.1.3.2 steps 1–5 without the final comparison). Throws InclusionProofError
 * when the proof cannot be for that index and size.
 */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  // Step 1.
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new InclusionProofError('index_out_of_range', 'the leaf index must be below the tree size', {
      expected: `0 <= leafIndex < ${treeSize}`,
      actual: String(leafIndex),
    });
  }
  assertHashSizes(leafHash, proof);
  // Steps 2–4.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw wrongProofSize(leafIndex, treeSize, proof.length);
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5, first half.
  if (sn !== 0) throw wrongProofSize(leafIndex, treeSize, proof.length);
  return r;
}

/** RFC 9162 §2.1.3.2: returns when `proof` shows `leafHash` is leaf `leafIndex` of the tree with `rootHash`; throws InclusionProofError otherwise. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], rootHash: Uint8Array): void {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!hashesEqual(computed, rootHash)) {
    throw new InclusionProofError('root_mismatch', 'the proof leads to another root', { expected: toBase64(rootHash), actual: toBase64(computed) });
  }
}

function assertHashSizes(leafHash: Uint8Array, proof: readonly Uint8Array[]): void {
  if (leafHash.length !== HASH_SIZE_BYTES) {
    throw new InclusionProofError('hash_size', 'the leaf hash is not a SHA-256 hash', { expected: `${HASH_SIZE_BYTES} bytes`, actual: `${leafHash.length} bytes` });
  }
  proof.forEach((p, i) => {
    if (p.length !== HASH_SIZE_BYTES) {
      throw new InclusionProofError('hash_size', `proof[${i}] is not a SHA-256 hash`, { expected: `${HASH_SIZE_BYTES} bytes`, actual: `${p.length} bytes` });
    }
  });
}

function wrongProofSize(leafIndex: number, treeSize: number, actual: number): InclusionProofError {
  const expected = pathSteps(0, leafIndex, treeSize).length;
  return new InclusionProofError('proof_size', `a proof for leaf ${leafIndex} of ${treeSize} has ${expected} hashes`, { expected: String(expected), actual: String(actual) });
}
