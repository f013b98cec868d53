/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of an envelope that is
 * hashed into the log and written to export bundles.
 *
 * The `canonicalize` package does the serialisation: object members sorted by their
 * UTF-16 code units (RFC 8785 §3.2.3), strings escaped as ECMAScript JSON.stringify does
 * (§3.2.2.2), numbers in the ES6 Number-to-String form (§3.2.2.3, via JSON.stringify).
 * It is lenient where a hash must not be: a function or symbol inside an object
 * becomes the text `undefined`, a Map or Set becomes `{}`, a BigInt fails with a
 * TypeError naming nothing. So every value is first checked to be plain I-JSON
 * (RFC 7493, as §3.1 requires) and anything else is refused with a CanonicalJsonError
 * naming the JSON Pointer of the offending value.
 */
import canonicalize from 'canonicalize';
import { CanonicalJsonError } from './errors.ts';

/** Nesting bound: envelopes are a few levels deep; anything deeper is a bug or an attack. */
export const CANONICAL_JSON_DEPTH_MAX = 64;

const LONE_SURROGATE = /\p{Surrogate}/u;

/** The RFC 8785 text of a JSON value. Throws CanonicalJsonError when it has none. */
export function canonicalJson(value: unknown): string {
  assertPlainJson(value, [], new Set());
  const text = canonicalize(value);
  // assertPlainJson admits only values that serialise; a miss here is a bug of ours.
  if (text === undefined) throw new CanonicalJsonError('', 'a JSON value', 'nothing serialisable');
  return text;
}

/** The UTF-8 bytes of the RFC 8785 text (§3.2.4): what is hashed and exported. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/**
 * `at` is the stack of member names and indexes from the root to `value`; it becomes a
 * JSON Pointer only when something is refused (building one per member costs more
 * than the check).
 */
function assertPlainJson(value: unknown, at: Array<string | number>, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw refusal(at, 'well-formed Unicode', 'a lone surrogate');
      return;
    case 'boolean':
      return;
    case 'number':
      // RFC 8785 §3.2.2.3: NaN and Infinity have no JSON form.
      if (!Number.isFinite(value)) throw refusal(at, 'a finite number', String(value));
      return;
    case 'bigint':
      throw refusal(at, 'a number within IEEE 754 double range or a decimal string', 'a BigInt');
    case 'undefined':
      throw refusal(at, 'a JSON value', 'undefined');
    case 'object':
      if (value === null) return;
      assertPlainContainer(value, at, ancestors);
      return;
    default:
      throw refusal(at, 'a JSON value', `a ${typeof value}`);
  }
}

function assertPlainContainer(value: object, at: Array<string | number>, ancestors: Set<object>): void {
  if (at.length >= CANONICAL_JSON_DEPTH_MAX) throw refusal(at, `nesting depth below ${CANONICAL_JSON_DEPTH_MAX}`, 'deeper');
  if (ancestors.has(value)) throw refusal(at, 'a tree of values', 'a circular reference');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      // A hole or undefined would silently become null; the caller meant something else.
      if (!(i in value)) throw refusal(at, 'a JSON value', 'an array hole');
      assertPlainJson(value[i], at, ancestors);
      at.pop();
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw refusal(at, 'a plain object', `an instance of ${kind}`);
    }
    for (const key of Object.keys(value)) {
      at.push(key);
      // I-JSON (RFC 7493 §2.1): names are strings without lone surrogates too.
      if (LONE_SURROGATE.test(key)) throw refusal(at, 'well-formed Unicode', 'a lone surrogate');
      const member = (value as Record<string, unknown>)[key];
      // An undefined member is absent in JSON (as JSON.stringify and JCS libraries treat it):
      // TypeScript objects with optional fields hash the same whether set to undefined or omitted.
      if (member !== undefined) assertPlainJson(member, at, ancestors);
      at.pop();
    }
  }
  ancestors.delete(value);
}

/** The error, with `at` as an RFC 6901 JSON Pointer. */
function refusal(at: ReadonlyArray<string | number>, expected: string, actual: string): CanonicalJsonError {
  const pointer = at.map((step) => `/${String(step).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
  return new CanonicalJsonError(pointer, expected, actual);
}
