/**
 * C2SP signed notes (c2sp.org/signed-note, "Format" and "Signatures"), as
 * golang.org/x/mod/sumdb/note reads and writes them:
 *
 *   <text, ending in a newline>
 *   <empty line>
 *   — <key name> <base64(4-byte big-endian key ID || signature)>   (one or more lines)
 *
 * The text is separated from the signatures by the last empty line; it is signed with
 * its final newline and without the separator. The whole note is UTF-8 without ASCII
 * control characters other than newline.
 */
import { fromBase64, toBase64 } from './base64.ts';
import { InvalidNoteSignatureError, MalformedNoteError, UnverifiedNoteError } from './errors.ts';
import { isValidKeyName, keyIdHex, type NoteSigner, type NoteVerifier } from './note-keys.ts';

/** Bound on signature lines read (the spec requires at least 16 be accepted; Go stops at 100). */
export const NOTE_SIGNATURES_MAX = 100;

const SIGNATURE_PREFIX = '\u2014 ';
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature proper, without the key ID. */
  readonly signature: Uint8Array;
  /** base64(key ID || signature), as on the line. */
  readonly base64: string;
}

export interface Note {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote extends Note {
  /** Signatures by trusted keys, all verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys not trusted here (ignored, as the spec requires). */
  readonly unverified: readonly NoteSignature[];
}

/** Splits a note into text and signatures, checking the format only. Throws MalformedNoteError. */
export function parseNote(note: string | Uint8Array): Note {
  const message = typeof note === 'string' ? note : decodeUtf8(note);
  assertNoteCharacters(message);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no empty line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new MalformedNoteError('the signature lines must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > NOTE_SIGNATURES_MAX) throw new MalformedNoteError('too many signatures', { expected: `at most ${NOTE_SIGNATURES_MAX}`, actual: String(lines.length) });
  return { text, signatures: lines.map(parseSignatureLine) };
}

/** Signs `text` (which must end in a newline) with each signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new MalformedNoteError('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const signed = Buffer.alloc(4);
    signed.writeUInt32BE(signer.keyId, 0);
    return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(Buffer.concat([signed, signer.sign(message)]))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Parses a note and verifies it against trusted keys (c2sp.org/signed-note, Signatures):
 * signatures by unknown keys are ignored; one by a known key (same name and key ID)
 * must verify, else InvalidNoteSignatureError; with none verified, UnverifiedNoteError.
 * Repeated signatures by one key count once.
 */
export function openNote(note: string | Uint8Array, trusted: readonly NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note);
  const byKey = verifierIndex(trusted);
  const message = Buffer.from(parsed.text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of parsed.signatures) {
    const key = `${signature.name}+${keyIdHex(signature.keyId)}`;
    const known = byKey.get(key);
    // Go's note.Open drops repeats: of a known key by key, of an unknown one by line.
    const repeatKey = known === undefined ? `${key} ${signature.base64}` : key;
    if (seen.has(repeatKey)) continue;
    seen.add(repeatKey);
    if (known === undefined) {
      unverified.push(signature);
      continue;
    }
    if (!known.verify(message, signature.signature)) throw new InvalidNoteSignatureError(signature.name, keyIdHex(signature.keyId));
    verified.push(signature);
  }
  if (verified.length === 0) {
    throw new UnverifiedNoteError([...byKey.keys()].join(', '), parsed.signatures.map((s) => `${s.name}+${keyIdHex(s.keyId)}`).join(', '));
  }
  return { ...parsed, verified, unverified };
}

function verifierIndex(trusted: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const byKey = new Map<string, NoteVerifier>();
  for (const verifier of trusted) {
    const key = `${verifier.name}+${keyIdHex(verifier.keyId)}`;
    const other = byKey.get(key);
    // Two different keys under one name and ID cannot be told apart: a configuration error.
    if (other !== undefined && other.verifierKey !== verifier.verifierKey) throw new MalformedNoteError(`ambiguous trusted key ${key}`, { expected: 'one key per name and key ID', actual: 'two' });
    byKey.set(key, verifier);
  }
  return byKey;
}

function parseSignatureLine(line: string, i: number): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new MalformedNoteError(`signature line ${i + 1} does not start with an em dash and a space`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const base64 = space < 0 ? '' : rest.slice(space + 1);
  const bytes = fromBase64(base64);
  if (!isValidKeyName(name)) throw new MalformedNoteError(`signature line ${i + 1} has no valid key name`);
  if (bytes === undefined || bytes.length < 5) throw new MalformedNoteError(`signature line ${i + 1} is not base64 of a key ID and a signature`);
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4), base64 };
}

function assertNoteText(text: string): void {
  assertNoteCharacters(text);
  if (!text.endsWith('\n')) throw new MalformedNoteError('the note text must end with a newline');
}

function assertNoteCharacters(message: string): void {
  if (CONTROL_EXCEPT_NEWLINE.test(message)) throw new MalformedNoteError('control characters other than newline are not allowed');
  if (LONE_SURROGATE.test(message)) throw new MalformedNoteError('the note is not valid Unicode');
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new MalformedNoteError('the note is not valid UTF-8');
  }
}
