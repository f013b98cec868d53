/**
 * Signing the next checkpoint of the log. c2sp.org/tlog-checkpoint, "Signatures": a
 * log MUST NOT sign a checkpoint inconsistent with one it signed before. So before
 * signing, the new tree head is proven consistent with the previous checkpoint, with
 * the same proof and verifier any auditor would use: a damaged or rewritten node store
 * is caught here, before a contradictory signature exists.
 */
import { toBase64 } from './base64.ts';
import { signCheckpoint, type Checkpoint } from './checkpoint.ts';
import { CheckpointOriginError, ConsistencyProofError, InconsistentCheckpointError } from './errors.ts';
import { EMPTY_ROOT_HASH, hashesEqual } from './hasher.ts';
import type { MerkleTree } from './merkle-tree.ts';
import type { NoteSigner } from './note-keys.ts';
import { verifyConsistency } from './verify-consistency.ts';

export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The signed note text. */
  readonly note: string;
}

/**
 * Signs the checkpoint of `tree` at `treeSize` (default: all of it) with origin = key
 * name, after proving it extends `previous` (the last checkpoint this log signed, if
 * any). Throws InconsistentCheckpointError, naming the sizes and roots, if it does not.
 */
export function signNextCheckpoint(tree: MerkleTree, signer: NoteSigner, previous: Checkpoint | undefined, treeSize: number = tree.size()): SignedCheckpoint {
  const checkpoint: Checkpoint = { origin: signer.name, treeSize, rootHash: tree.rootHash(treeSize), extensions: [] };
  if (previous !== undefined) assertExtends(tree, previous, checkpoint);
  return { checkpoint, note: signCheckpoint(checkpoint, signer) };
}

function assertExtends(tree: MerkleTree, previous: Checkpoint, next: Checkpoint): void {
  if (previous.origin !== next.origin) throw new CheckpointOriginError(next.origin, previous.origin);
  if (next.treeSize < previous.treeSize) {
    throw new InconsistentCheckpointError(`the tree (${next.treeSize} leaves) is smaller than the last checkpoint (${previous.treeSize})`, {
      expected: `tree size >= ${previous.treeSize}`,
      actual: String(next.treeSize),
    });
  }
  if (previous.treeSize === 0) {
    if (!hashesEqual(previous.rootHash, EMPTY_ROOT_HASH)) throw rootsDiffer(previous, EMPTY_ROOT_HASH);
    return;
  }
  try {
    verifyConsistency(previous.treeSize, next.treeSize, tree.consistencyProof(previous.treeSize, next.treeSize), previous.rootHash, next.rootHash);
  } catch (e) {
    if (e instanceof ConsistencyProofError) throw rootsDiffer(previous, tree.rootHash(previous.treeSize));
    throw e;
  }
}

function rootsDiffer(previous: Checkpoint, rootNow: Uint8Array): InconsistentCheckpointError {
  return new InconsistentCheckpointError(`the tree no longer has the root of the last checkpoint at size ${previous.treeSize}`, {
    expected: toBase64(previous.rootHash),
    actual: toBase64(rootNow),
  });
}
