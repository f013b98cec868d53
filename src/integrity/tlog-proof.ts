/**
 * C2SP tlog-proof (c2sp.org/tlog-proof, "Format"): an offline-verifiable proof that an
 * entry is in the log, as `taizhang prove` prints it,
 *
 *   c2sp.org/tlog-proof@v1
 *   [extra <base64 of opaque data>]
 *   index <zero-based leaf index, decimal>
 *   <base64 inclusion proof hash, leaf's sibling first>   (zero or more lines)
 *   <empty line>
 *   <the signed checkpoint, verbatim>
 *
 * and its verification ("Verifying a tlog proof", steps 1, 2 and 4; this log has no
 * witnesses): the checkpoint is signed by the log's key, and the inclusion proof binds
 * the leaf hash to its root.
 */
import { fromBase64, toBase64 } from './base64.ts';
import { openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { InclusionProofError, MalformedTlogProofError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import type { NoteVerifier } from './note-keys.ts';
import { verifyInclusion } from './verify-inclusion.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

/** Inclusion proofs have at most one hash per tree level. */
const PROOF_LINES_MAX = 64;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export interface TlogProof {
  /** Opaque, unauthenticated data (the spec: never trust it implicitly). */
  readonly extra?: Uint8Array;
  readonly index: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpoint: string;
}

export function formatTlogProof(tlogProof: TlogProof): string {
  const { extra, index, proof, checkpoint } = tlogProof;
  const lines = [TLOG_PROOF_HEADER];
  if (extra !== undefined) lines.push(`extra ${toBase64(extra)}`);
  lines.push(`index ${index}`, ...proof.map((hash) => toBase64(hash)));
  return `${lines.join('\n')}\n\n${checkpoint}`;
}

/** Parses the format only (the checkpoint stays unverified text). Throws MalformedTlogProofError naming the line. */
export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let at = 0;
  const line = (): string => lines[at] ?? '';
  if (line() !== TLOG_PROOF_HEADER) throw new MalformedTlogProofError(1, TLOG_PROOF_HEADER, JSON.stringify(line()));
  at++;
  let extra: Uint8Array | undefined;
  if (line().startsWith('extra ')) {
    extra = fromBase64(line().slice('extra '.length));
    if (extra === undefined) throw new MalformedTlogProofError(at + 1, 'extra <base64>', JSON.stringify(line()));
    at++;
  }
  const indexText = line().startsWith('index ') ? line().slice('index '.length) : '';
  const index = Number(indexText);
  if (!DECIMAL.test(indexText) || !Number.isSafeInteger(index)) throw new MalformedTlogProofError(at + 1, 'index <decimal>', JSON.stringify(line()));
  at++;
  const proof: Uint8Array[] = [];
  for (; line() !== ''; at++) {
    if (proof.length === PROOF_LINES_MAX) throw new MalformedTlogProofError(at + 1, `at most ${PROOF_LINES_MAX} proof hashes`, 'more');
    const hash = fromBase64(line());
    if (hash === undefined || hash.length !== HASH_SIZE_BYTES) throw new MalformedTlogProofError(at + 1, `base64 of a ${HASH_SIZE_BYTES}-byte hash`, JSON.stringify(line()));
    proof.push(hash);
  }
  if (at >= lines.length) throw new MalformedTlogProofError(at + 1, 'an empty line before the checkpoint', 'end of text');
  const checkpoint = lines.slice(at + 1).join('\n');
  if (checkpoint === '') throw new MalformedTlogProofError(at + 2, 'a signed checkpoint', 'end of text');
  return extra === undefined ? { index, proof, checkpoint } : { extra, index, proof, checkpoint };
}

export interface VerifiedTlogProof {
  readonly checkpoint: Checkpoint;
  readonly index: number;
  readonly extra?: Uint8Array;
}

/**
 * Verifies a tlog-proof for the entry whose leaf hash the caller computed (step 1, e.g.
 * leafHashOfEnvelope): the checkpoint is signed by `verifier` for `origin` (step 2) and
 * the inclusion proof leads from the leaf to its root (step 4). Throws the typed error
 * of the first check that fails.
 */
export function verifyTlogProof(text: string, leafHash: Uint8Array, verifier: NoteVerifier, origin: string = verifier.name): VerifiedTlogProof {
  const parsed = parseTlogProof(text);
  const { checkpoint } = openCheckpoint(parsed.checkpoint, verifier, origin);
  if (parsed.index >= checkpoint.treeSize) {
    throw new InclusionProofError('index_out_of_range', 'the entry is not in the checkpointed tree', { expected: `index < ${checkpoint.treeSize}`, actual: String(parsed.index) });
  }
  verifyInclusion(parsed.index, checkpoint.treeSize, leafHash, parsed.proof, checkpoint.rootHash);
  return parsed.extra === undefined ? { checkpoint, index: parsed.index } : { checkpoint, index: parsed.index, extra: parsed.extra };
}
