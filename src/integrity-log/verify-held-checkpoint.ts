/**
 * Step 6 of verify, when the auditor holds a checkpoint from before (`verify --since`): the
 * bundle's log must extend it. A bundle verifies on its own even if the log was rewritten
 * and signed again with the same key; only a checkpoint kept from an earlier look can show
 * that the history up to it is still the one signed then.
 *
 * Runs after the events passed: the leaf hashes of leaves.txt are then the events' own.
 */
import { toBase64 } from '../integrity/base64.ts';
import { openCheckpoint, type Checkpoint } from '../integrity/checkpoint.ts';
import { CompactRange } from '../integrity/compact-range.ts';
import { hashesEqual } from '../integrity/hasher.ts';
import { fault } from './bundle-fault.ts';
import type { BundleHead } from './verify-bundle.ts';
import { leafHashAt, type LeavesFile } from './verify-leaves.ts';

/** How a held checkpoint is named in faults: it is not one of the bundle's files. */
export const HELD_CHECKPOINT = 'the checkpoint you hold (--since)';

export function checkHeldCheckpoint(head: BundleHead, leaves: LeavesFile, note: Uint8Array): Checkpoint {
  let held: Checkpoint;
  try {
    held = openCheckpoint(note, head.verifier, head.manifest.origin).checkpoint;
  } catch (error) {
    throw fault({ kind: 'checkpoint', file: HELD_CHECKPOINT, message: `is not a checkpoint of this log signed by its key: ${(error as Error).message}` });
  }
  const size = head.manifest.treeSize;
  if (held.treeSize > size) {
    throw fault({ kind: 'checkpoint', file: HELD_CHECKPOINT, checkpoint: held.treeSize, message: 'is of a larger tree than this bundle: the bundle cannot show that the log extends it', expected: `≤ ${size} leaves`, actual: `${held.treeSize} leaves` });
  }
  const range = CompactRange.empty();
  for (let i = 0; i < held.treeSize; i++) range.append(leafHashAt(leaves, i));
  const root = range.root();
  if (!hashesEqual(root, held.rootHash)) {
    throw fault({
      kind: 'checkpoint',
      file: HELD_CHECKPOINT,
      checkpoint: held.treeSize,
      message: `the bundle's events give another root at ${held.treeSize} leaves than the one signed in the checkpoint you hold: the history up to it was rewritten`,
      expected: toBase64(held.rootHash),
      actual: toBase64(root),
    });
  }
  return held;
}
