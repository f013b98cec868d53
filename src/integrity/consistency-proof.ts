/**
 * Building a consistency proof, RFC 9162 §2.1.4.1: PROOF(m, D[n]), the hashes that let
 * a verifier holding the root of the first m leaves compute it again and also the root
 * of all n, showing the first tree is a prefix of the second. From stored complete
 * subtrees only (O(log n) reads, one batch).
 */
import { readAuditPath } from './audit-path.ts';
import type { ProofSource } from './inclusion-proof.ts';
import { assertIndex, consistencySteps } from './tree-math.ts';

/**
 * The consistency proof from the tree of `size1` leaves to the tree of `size2` leaves.
 * Preconditions (else TreeRangeError): 0 ≤ size1 ≤ size2 ≤ stored size. Empty when
 * size1 = size2 (§2.1.4.1: PROOF(m, D[m]) = {}) and when size1 = 0, from which no proof
 * is meaningful (verifiers refuse it; every tree extends the empty one).
 */
export function buildConsistencyProof(source: ProofSource, size1: number, size2: number): Uint8Array[] {
  assertIndex('size2', size2, 0, source.readTreeSize());
  assertIndex('size1', size1, 0, size2);
  if (size1 === 0 || size1 === size2) return [];
  return readAuditPath(source, consistencySteps(size1, size2));
}
