/**
 * `taizhang prove EVENT_ID`: a C2SP tlog-proof (c2sp.org/tlog-proof) that the event is in the
 * log — its leaf index, the RFC 9162 inclusion proof and the signed checkpoint it leads to —
 * checkable offline with the leaf (the event's RFC 8785 bytes) and the verifier key.
 * The proof is checked here before it is handed out.
 */
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import type { EventStore } from '../eventstore/port.ts';
import { hashesEqual, hashLeaf } from '../integrity/hasher.ts';
import { parseVerifierKey } from '../integrity/note-keys.ts';
import { formatTlogProof, verifyTlogProof } from '../integrity/tlog-proof.ts';
import { servedFileOnDisk } from '../projections/projection-digest.ts';
import { openReader } from '../projections/readmodel-file.ts';
import { CheckpointStore, integrityDir } from './checkpoint-store.ts';
import { belongsInLog } from './log-membership.ts';
import { leafBytesOf } from './log-writer.ts';
import { LogView } from './log-view.ts';

export class ProveError extends Error {
  readonly code = 'integrity.prove';
  constructor(message: string) {
    super(message);
    this.name = 'ProveError';
  }
}

export interface EventProof {
  /** The tlog-proof text. */
  proof: string;
  leafIndex: number;
  treeSize: number;
  /** The leaf's bytes (the event as stored, RFC 8785), when the store was given. */
  entry?: Buffer;
}

/** The proof of `eventId` against the latest checkpoint (or the one of `treeSize` leaves). */
export async function proveEvent(input: { dataDir: string; eventId: string; treeSize?: number; rawStore?: EventStore }): Promise<EventProof> {
  const file = servedFileOnDisk(merkleLog, integrityDir(input.dataDir));
  if (file === undefined) throw new ProveError('the Merkle log has not been built yet: start the server once');
  const checkpoints = CheckpointStore.open(input.dataDir, { readOnly: true });
  const db = openReader(file);
  try {
    const view = new LogView(db);
    const leaf = view.leafOfEvent(input.eventId);
    if (leaf === undefined) throw new ProveError(`no event ${input.eventId} in the log (not written, not yet integrated, or a vault record, which the log never holds)`);
    const checkpoint = input.treeSize === undefined ? checkpoints.latest() : checkpoints.list(input.treeSize).at(-1);
    if (checkpoint === undefined || (input.treeSize !== undefined && checkpoint.treeSize !== input.treeSize)) {
      throw new ProveError(input.treeSize === undefined ? 'no checkpoint is signed yet' : `no checkpoint of ${input.treeSize} leaves was signed`);
    }
    if (leaf.leafIndex >= checkpoint.treeSize) throw new ProveError(`the event is leaf ${leaf.leafIndex}, beyond the latest checkpoint (${checkpoint.treeSize} leaves): try again after the next checkpoint`);
    const answer = view.inclusion(leaf.leafIndex, checkpoint.treeSize);
    const proof = formatTlogProof({ index: leaf.leafIndex, proof: answer.proof, checkpoint: checkpoint.note });
    const bound = checkpoints.verifierKey();
    if (bound === undefined) throw new ProveError('the checkpoint store has no key');
    verifyTlogProof(proof, answer.leafHash, parseVerifierKey(bound.verifierKey));
    const result: EventProof = { proof, leafIndex: leaf.leafIndex, treeSize: checkpoint.treeSize };
    if (input.rawStore !== undefined) {
      // The event just before `position` in the store's order is never this one, so this reads exactly it.
      const [event] = await input.rawStore.readAll({ after: leaf.position - 1n, limit: 1 });
      if (event === undefined || event.id !== leaf.eventId || !belongsInLog(event)) throw new ProveError(`the store has no event ${leaf.eventId} at position ${leaf.position}`);
      const entry = leafBytesOf(event);
      if (!hashesEqual(hashLeaf(entry), answer.leafHash)) throw new ProveError(`the stored event ${leaf.eventId} no longer hashes to its leaf ${leaf.leafIndex}: the store does not match its log`);
      result.entry = entry;
    }
    return result;
  } finally {
    db.close();
    checkpoints.close();
  }
}
