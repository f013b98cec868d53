/**
 * A naive, recursive transcription of RFC 9162 §2.1 (MTH, PATH, PROOF) over an array of
 * leaf hashes, for tests only: it recomputes everything and is obviously right, so it
 * checks the fast, stored-node implementation in src/integrity.
 */
import { EMPTY_ROOT_HASH, hashChildren } from '../../src/integrity/hasher.ts';

/** The largest power of two smaller than n (n > 1), the split point k of §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) of §2.1.1; `leaves` are already leaf hashes. */
export function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT_HASH;
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  const k = splitPoint(leaves.length);
  return hashChildren(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** PATH(m, D[n]) of §2.1.3.1. */
export function referenceInclusionProof(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  if (m < k) return [...referenceInclusionProof(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))];
  return [...referenceInclusionProof(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of §2.1.4.1, for 0 < m ≤ n. */
export function referenceConsistencyProof(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, leaves, true);
}

function subproof(m: number, leaves: readonly Uint8Array[], startsAtOldRoot: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return startsAtOldRoot ? [] : [referenceRoot(leaves)];
  const k = splitPoint(n);
  if (m <= k) return [...subproof(m, leaves.slice(0, k), startsAtOldRoot), referenceRoot(leaves.slice(k))];
  return [...subproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

/**
 * MTH by levels: hash neighbours pairwise, carry an odd last node up unchanged. A
 * second, iterative reading of §2.1.1 (equal to the recursive one), linear in n, for
 * checking roots of large trees.
 */
export function referenceRootByLevels(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT_HASH;
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right === undefined ? (level[i] as Uint8Array) : hashChildren(level[i] as Uint8Array, right));
    }
    level = next;
  }
  return level[0] as Uint8Array;
}
