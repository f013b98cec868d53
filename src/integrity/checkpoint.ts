/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint, "Note text"): the note text of a
 * signed tree head,
 *
 *   <origin>
 *   <tree size, decimal, no leading zeros>
 *   <base64 of the RFC 6962/9162 root hash>
 *   [<extension line>]...
 *
 * signed as a C2SP signed note. Here the signing key's name is the origin (the spec's
 * SHOULD), so Go's sumdb/note and other checkpoint tools verify ours unchanged.
 */
import { fromBase64, toBase64 } from './base64.ts';
import { CheckpointOriginError, MalformedCheckpointError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import type { NoteSigner, NoteVerifier } from './note-keys.ts';
import { openNote, signNote, type OpenedNote } from './signed-note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** Opaque, non-empty lines after the root (NOT RECOMMENDED by the spec; empty here by default). */
  readonly extensions: readonly string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** The checkpoint note text (each line ending in a newline). Throws MalformedCheckpointError for unrepresentable fields. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, extensions } = checkpoint;
  if (origin === '' || origin.includes('\n')) throw new MalformedCheckpointError('origin', 'a non-empty line', JSON.stringify(origin));
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new MalformedCheckpointError('tree size', 'a non-negative integer', String(treeSize));
  if (rootHash.length !== HASH_SIZE_BYTES) throw new MalformedCheckpointError('root hash', `${HASH_SIZE_BYTES} bytes`, `${rootHash.length} bytes`);
  extensions.forEach((line, i) => {
    if (line === '' || line.includes('\n')) throw new MalformedCheckpointError(`extension line ${i + 1}`, 'a non-empty line', JSON.stringify(line));
  });
  return [origin, String(treeSize), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (already verified: see openCheckpoint). Throws MalformedCheckpointError. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedCheckpointError('text', 'lines ending in a newline', 'no final newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin = '', size = '', root = '', ...extensions] = lines;
  if (lines.length < 3) throw new MalformedCheckpointError('text', 'at least 3 lines', String(lines.length));
  if (origin === '') throw new MalformedCheckpointError('origin', 'a non-empty line', 'an empty line');
  const treeSize = Number(size);
  if (!DECIMAL.test(size) || !Number.isSafeInteger(treeSize)) throw new MalformedCheckpointError('tree size', `a decimal without leading zeros up to ${Number.MAX_SAFE_INTEGER}`, JSON.stringify(size));
  const rootHash = fromBase64(root);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE_BYTES) throw new MalformedCheckpointError('root hash', `base64 of ${HASH_SIZE_BYTES} bytes`, JSON.stringify(root));
  const empty = extensions.findIndex((line) => line === '');
  if (empty >= 0) throw new MalformedCheckpointError(`extension line ${empty + 1}`, 'a non-empty line', 'an empty line');
  return { origin, treeSize, rootHash, extensions };
}

/** The signed checkpoint note. The signer's key name must be the origin. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  if (signer.name !== checkpoint.origin) throw new CheckpointOriginError(checkpoint.origin, signer.name);
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

/**
 * Verifies a signed checkpoint by the log's key and parses it. The origin must be
 * `origin` (by default the key's name: a checkpoint of another log signed with a key
 * of the same name is still refused). Throws the note errors, MalformedCheckpointError
 * or CheckpointOriginError.
 */
export function openCheckpoint(note: string | Uint8Array, verifier: NoteVerifier, origin: string = verifier.name): OpenedCheckpoint {
  const opened = openNote(note, [verifier]);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) throw new CheckpointOriginError(origin, checkpoint.origin);
  return { checkpoint, note: opened };
}
