/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of an envelope that is
 * hashed into the log and written to export bundles.
 *
 * One pass both checks and writes. Every value must be plain I-JSON (RFC 7493, as §3.1
 * requires); anything else is refused with a CanonicalJsonError naming the JSON Pointer of
 * the offending value, never turned into text silently. Object members are sorted by their
 * UTF-16 code units (§3.2.3: what JavaScript's `<` compares), strings are escaped as
 * ECMAScript JSON.stringify escapes them (§3.2.2.2), numbers take the ES6 Number-to-String
 * form (§3.2.2.3, String(n) for finite numbers, -0 as 0), and the text is UTF-8 (§3.2.4).
 *
 * Why not the `canonicalize` package, which does the writing well: it walks the value with
 * a JSON.stringify per member and needs a second walk for the checks above. Why UTF-8 bytes
 * straight into a reused buffer rather than a string: the log needs bytes to hash, and
 * building the text first (concatenation, then encoding) cost twice the walk itself
 * (bench/integrity-log.bench.ts). The package stays as the oracle of the differential test
 * (test/integrity/canonical-json.test.ts), beside the RFC's own vectors.
 */
import { CanonicalJsonError } from './errors.ts';
import { CanonicalWriter } from './canonical-writer.ts';

/** Nesting bound: envelopes are a few levels deep; anything deeper is a bug or an attack. */
export const CANONICAL_JSON_DEPTH_MAX = 64;

let shared = new CanonicalWriter(CANONICAL_JSON_DEPTH_MAX);
let sharedBusy = false;

/**
 * Writes `value` after `prefix` leading bytes left for the caller, and hands the writer's
 * buffer to `use` for the span of the call: bytes [0, prefix) are the caller's, [prefix,
 * end) the text. The buffer is reused by the next call, so `use` must copy what it keeps.
 */
function withCanonical<T>(value: unknown, prefix: number, use: (buffer: Buffer, end: number) => T): T {
  // A getter that canonicalizes while we write would clobber the shared buffer: it gets its own.
  const writer = sharedBusy ? new CanonicalWriter(CANONICAL_JSON_DEPTH_MAX) : shared;
  const owns = writer === shared;
  if (owns) sharedBusy = true;
  try {
    const end = writer.write(value, prefix);
    // Read after the write: the writer may have grown into a new buffer.
    return use(writer.buffer, end);
  } catch (error) {
    throw CanonicalWriter.toPublicError(error, (pointer, expected, actual) => new CanonicalJsonError(pointer, expected, actual));
  } finally {
    if (owns) {
      sharedBusy = false;
      // One huge value must not pin its buffer for the life of the process.
      if (shared.buffer.length > SHARED_BYTES_KEPT_MAX) shared = new CanonicalWriter(CANONICAL_JSON_DEPTH_MAX);
    }
  }
}

const SHARED_BYTES_KEPT_MAX = 1 << 20;

/** The RFC 8785 text of a JSON value. Throws CanonicalJsonError when it has none. */
export function canonicalJson(value: unknown): string {
  return withCanonical(value, 0, (buffer, end) => buffer.toString('utf8', 0, end));
}

/** The UTF-8 bytes of the RFC 8785 text (§3.2.4): what is hashed and exported. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return withCanonical(value, 0, (buffer, end) => Buffer.from(buffer.subarray(0, end)));
}

/** Whether `bytes` are exactly the RFC 8785 bytes of `value` (compared in place, no copy). */
export function isCanonicalJsonOf(value: unknown, bytes: Uint8Array): boolean {
  return withCanonical(value, 0, (buffer, end) => end === bytes.length && buffer.compare(bytes, 0, bytes.length, 0, end) === 0);
}

/**
 * `leadingByte` followed by the RFC 8785 bytes of `value`, lent to `use` without a copy
 * (e.g. SHA-256 over 0x00 ‖ JCS for a leaf hash). The buffer is only valid inside `use`.
 */
export function withCanonicalJsonAfter<T>(leadingByte: number, value: unknown, use: (bytes: Buffer) => T): T {
  return withCanonical(value, 1, (buffer, end) => {
    buffer[0] = leadingByte;
    return use(buffer.subarray(0, end));
  });
}
