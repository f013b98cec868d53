/**
 * "Is this bundle line exactly the RFC 8785 form of what it parses to?", asked a million
 * times by `verify`: the RFC 8785 writer (src/integrity/canonical-json.ts) builds the bytes
 * again to compare them, which was a sixth of the main thread's time.
 *
 * For a JSON.parse result, JSON.stringify writes what RFC 8785 writes in all but the order
 * of object members: strings are escaped as ECMAScript escapes them (§3.2.2.2) and numbers
 * take the ECMAScript form (§3.2.2.3) — the RFC defines both by JSON.stringify. So when every
 * object's members are already in UTF-16 order, JSON.stringify's text is the canonical text,
 * and a line whose bytes are valid UTF-8 and decode to that text is canonical.
 *
 * Conservative: anything it is not sure of (a `\u` escape, which is how a lone surrogate,
 * refused by I-JSON, would appear; deep nesting; members out of order, which also happens to
 * canonical lines with integer-like names that JSON.parse reorders) goes to the RFC 8785
 * writer for the verdict. A differential test holds the two to the same answers.
 */
import { isUtf8 } from 'node:buffer';
import { isCanonicalJsonOf } from '../integrity/canonical-json.ts';
import { CanonicalJsonError } from '../integrity/errors.ts';

/** Beyond this nesting the writer decides (its own bound is deeper: CANONICAL_JSON_DEPTH_MAX). */
const QUICK_DEPTH_MAX = 16;

/** Whether `bytes` (decoding to `text`, which JSON.parse turned into `value`) are the RFC 8785 bytes of `value`. */
export function isCanonicalLine(value: unknown, text: string, bytes: Uint8Array): boolean {
  if (membersInOrder(value, 0) && !text.includes('\\u') && JSON.stringify(value) === text && isUtf8(bytes)) return true;
  try {
    return isCanonicalJsonOf(value, bytes);
  } catch (error) {
    // A value with no canonical form at all (a lone surrogate, a number beyond double range):
    // the line is not canonical, a fault to name, not a crash of verify.
    if (error instanceof CanonicalJsonError) return false;
    throw error;
  }
}

/** Every object's own names strictly ascending by UTF-16 code units (what `<` compares), to a bounded depth. */
function membersInOrder(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= QUICK_DEPTH_MAX) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!membersInOrder(item, depth + 1)) return false;
    return true;
  }
  let previous: string | undefined;
  for (const key in value) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!membersInOrder((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
