/**
 * Verifying a consistency proof, RFC 9162 §2.1.4.2, step by step: the tree of size1
 * leaves with root1 is a prefix of the tree of size2 leaves with root2. Needs nothing
 * but the sizes, the two roots and the proof.
 *
 * Outside the RFC's 0 < size1 < size2 the cases follow the public vectors of
 * transparency-dev/merkle: size1 > size2 and size1 = 0 are refused (a proof from the
 * empty tree proves nothing), size1 = size2 needs an empty proof and equal roots.
 */
import { toBase64 } from './base64.ts';
import { ConsistencyProofError } from './errors.ts';
import { HASH_SIZE_BYTES, hashChildren, hashesEqual } from './hasher.ts';
import { consistencySteps, isPowerOfTwo } from './tree-math.ts';

/** RFC 9162 §2.1.4.2: returns when `proof` shows (size1, root1) is a prefix of (size2, root2); throws ConsistencyProofError otherwise. */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  assertSizes(size1, size2);
  if (size1 === size2) {
    if (proof.length !== 0) throw wrongProofSize(size1, size2, proof.length);
    if (!hashesEqual(root1, root2)) throw rootMismatch('equal sizes need equal roots', root2, root1);
    return;
  }
  // Step 1.
  if (proof.length === 0) throw wrongProofSize(size1, size2, 0);
  assertHashSizes(proof);
  // Step 2: the old root is the first node of the path when it is a complete subtree.
  let path = proof;
  if (isPowerOfTwo(size1)) {
    if (root1.length !== HASH_SIZE_BYTES) throw hashSize('root1', root1.length);
    path = [root1, ...proof];
  }
  const [fr, sr, sn] = chain(size1 - 1, size2 - 1, path, () => wrongProofSize(size1, size2, proof.length));
  // Step 7.
  if (sn !== 0) throw wrongProofSize(size1, size2, proof.length);
  if (!hashesEqual(fr, root1)) throw rootMismatch('the proof does not lead to the first root', root1, fr);
  if (!hashesEqual(sr, root2)) throw rootMismatch('the proof does not lead to the second root', root2, sr);
}

/** Steps 3–6: fold the path into the first and second roots; returns [fr, sr, sn]. */
function chain(fn: number, sn: number, path: readonly Uint8Array[], tooLong: () => ConsistencyProofError): [Uint8Array, Uint8Array, number] {
  // Step 4.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) throw tooLong();
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return [fr, sr, sn];
}

function assertSizes(size1: number, size2: number): void {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) {
    throw new ConsistencyProofError('size_order', 'the first tree must not be larger than the second', { expected: `0 <= size1 <= size2 (${size2})`, actual: String(size1) });
  }
  if (size1 === 0) {
    throw new ConsistencyProofError('empty_tree', 'a consistency proof from the empty tree proves nothing', { expected: 'size1 > 0', actual: '0' });
  }
}

function assertHashSizes(proof: readonly Uint8Array[]): void {
  proof.forEach((p, i) => {
    if (p.length !== HASH_SIZE_BYTES) throw hashSize(`proof[${i}]`, p.length);
  });
}

function hashSize(field: string, actual: number): ConsistencyProofError {
  return new ConsistencyProofError('hash_size', `${field} is not a SHA-256 hash`, { expected: `${HASH_SIZE_BYTES} bytes`, actual: `${actual} bytes` });
}

function rootMismatch(message: string, expected: Uint8Array, actual: Uint8Array): ConsistencyProofError {
  return new ConsistencyProofError('root_mismatch', message, { expected: toBase64(expected), actual: toBase64(actual) });
}

function wrongProofSize(size1: number, size2: number, actual: number): ConsistencyProofError {
  const expected = size1 === size2 ? 0 : consistencySteps(size1, size2).length;
  return new ConsistencyProofError('proof_size', `a proof from ${size1} to ${size2} leaves has ${expected} hashes`, { expected: String(expected), actual: String(actual) });
}
