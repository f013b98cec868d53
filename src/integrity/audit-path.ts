/**
 * Turns an audit path (tree-math.ts) into hashes with one batched read of stored
 * complete subtrees: a 'node' step is a stored hash, a 'range' step (the one
 * right-border sibling that is not complete) is folded from the O(log n) stored
 * subtrees that tile it. Nothing is recomputed from leaves.
 */
import { invariant } from '../domain/decider.ts';
import { foldTiling } from './compact-range.ts';
import type { TreeNodeStore } from './node-store.ts';
import { nodesOfSteps, type PathStep } from './tree-math.ts';

export type NodeReader = Pick<TreeNodeStore, 'readNodes'>;

export function readAuditPath(reader: NodeReader, steps: readonly PathStep[]): Uint8Array[] {
  const hashes = reader.readNodes(nodesOfSteps(steps));
  let next = 0;
  const path = steps.map((step) => {
    if (step.kind === 'node') return hashes[next++] as Uint8Array;
    const tiling = hashes.slice(next, next + step.nodes.length);
    next += step.nodes.length;
    return foldTiling(tiling);
  });
  invariant(next === hashes.length, 'every hash read belongs to one step');
  return path;
}
