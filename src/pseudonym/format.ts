/**
 * The shape of a personRef, apart from how it is computed, so that code which must not
 * import node:crypto (zod schemas of events, the domain) can still check one.
 *
 * `p_` + 22 base64url characters (RFC 4648 §5, no padding) = the first 128 bits of
 * HMAC-SHA-256. Why these choices:
 * - the prefix makes a ref recognisable at a glance and impossible to mistake for (or
 *   to be mistaken for) an ID number, which is all digits and X;
 * - base64url is safe in URLs, stream names (`pii-{personRef}`) and file names;
 * - 128 bits keeps refs short in every event and index while a collision among even
 *   1.5 billion people stays below 2^-68 (birthday bound n²/2^129); RFC 2104 §5 allows
 *   truncating an HMAC to its leftmost half or more.
 */
export const PERSON_REF_PREFIX = 'p_';
export const PERSON_REF_DIGEST_BYTES = 16;
import { PERSON_REF_PATTERN } from '../domain/trainee/person-ref.ts';

// One pattern for the whole code base; the domain holds it because nothing under src/domain may import from outside.
export { PERSON_REF_PATTERN };

export function isPersonRef(value: unknown): value is string {
  return typeof value === 'string' && PERSON_REF_PATTERN.test(value);
}
