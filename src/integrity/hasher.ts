/**
 * The RFC 9162 §2.1 hashes, with SHA-256 (the hash of RFC 6962 and of the C2SP
 * tlog-checkpoint root line):
 *   leaf hash     = SHA-256(0x00 || leaf data)
 *   node hash     = SHA-256(0x01 || left || right)
 *   empty tree    = SHA-256() (MTH({}) in §2.1.1)
 * The 0x00/0x01 prefixes keep a leaf from ever being mistaken for an interior node
 * (second-preimage resistance, RFC 9162 §2.1.1).
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { withCanonicalJsonAfter } from './canonical-json.ts';
import { sha256OfNode } from './node-sha256.ts';

export const HASH_SIZE_BYTES = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// Node 20.12+ has a one-shot hash that skips the Hash object; older 20.x falls back.
const sha256: (data: Uint8Array) => Buffer =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'buffer')
    : (data) => createHash('sha256').update(data).digest();

/** MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT_HASH: Buffer = sha256(new Uint8Array(0));

/** SHA-256 of a string's UTF-8 bytes, encoded by the hash itself (no Buffer of the text). */
const sha256OfText: (text: string) => Buffer =
  typeof oneShotHash === 'function'
    ? (text) => oneShotHash('sha256', text, 'buffer')
    : (text) => createHash('sha256').update(text, 'utf8').digest();

// Scratch for 0x00 || data, reused while entries are small (envelopes are), so hashing a
// leaf allocates only its result. Synchronous use only, like nodeInput below.
const LEAF_SCRATCH_BYTES_MAX = 64 * 1024;
let leafInput = Buffer.alloc(4096);

/** SHA-256(0x00 || data): the hash of one log entry (RFC 9162 §2.1.1, MTH({d(0)})). */
export function hashLeaf(data: Uint8Array): Buffer {
  const length = data.length + 1;
  if (length > LEAF_SCRATCH_BYTES_MAX) return sha256(Buffer.concat([Uint8Array.of(LEAF_PREFIX), data]));
  if (length > leafInput.length) leafInput = Buffer.alloc(LEAF_SCRATCH_BYTES_MAX);
  leafInput[0] = LEAF_PREFIX;
  leafInput.set(data, 1);
  return sha256(leafInput.subarray(0, length));
}

/**
 * SHA-256(0x00 || UTF-8(text)): hashLeaf of a text's UTF-8 bytes. U+0000 is the single
 * byte 0x00 in UTF-8, so the prefix is written as a character. The text must be well-formed
 * (a lone surrogate would be encoded as U+FFFD): callers hash canonical JSON, which is.
 */
export function hashLeafText(text: string): Buffer {
  return sha256OfText(`\u0000${text}`);
}

/**
 * SHA-256(0x01 || left || right): an interior node (RFC 9162 §2.1.1). Both must be 32 bytes.
 * In JavaScript (node-sha256.ts): for 65 bytes node:crypto's call costs more than the hash.
 */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256OfNode(left, right);
}

/** The leaf hash of an event envelope: SHA-256(0x00 || JCS(envelope)) (RFC 8785, RFC 9162 §2.1.1). */
export function leafHashOfEnvelope(envelope: unknown): Buffer {
  // Written after the prefix byte in the writer's own buffer: no copy of the bytes.
  return withCanonicalJsonAfter(LEAF_PREFIX, envelope, sha256);
}

/** Byte equality of two hashes. They are public values, so timing does not matter. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
