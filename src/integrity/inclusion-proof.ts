/**
 * Building an inclusion proof, RFC 9162 §2.1.3.1: PATH(m, D[n]), the siblings on the
 * way from leaf m to the root of the tree of n leaves, bottom up. Any n up to the
 * stored tree size, from stored complete subtrees (O(log n) reads, one batch).
 */
import { readAuditPath } from './audit-path.ts';
import type { TreeNodeStore } from './node-store.ts';
import { assertIndex, pathSteps } from './tree-math.ts';

export type ProofSource = Pick<TreeNodeStore, 'readTreeSize' | 'readNodes'>;

/**
 * The inclusion proof of leaf `leafIndex` in the tree of `treeSize` leaves.
 * Preconditions (else TreeRangeError): 0 < treeSize ≤ stored size, 0 ≤ leafIndex < treeSize.
 */
export function buildInclusionProof(source: ProofSource, leafIndex: number, treeSize: number): Uint8Array[] {
  assertIndex('treeSize', treeSize, 1, source.readTreeSize());
  assertIndex('leafIndex', leafIndex, 0, treeSize - 1);
  return readAuditPath(source, pathSteps(0, leafIndex, treeSize));
}
