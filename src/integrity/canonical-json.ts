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
  assertPlainJson(value, '', 0, new Set());
  const text = canonicalize(value);
  // assertPlainJson admits only values that serialise; a miss here is a bug of ours.
  if (text === undefined) throw new CanonicalJsonError('', 'a JSON value', 'nothing serialisable');
  return text;
}

/** The UTF-8 bytes of the RFC 8785 text (§3.2.4): what is hashed and exported. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function assertPlainJson(value: unknown, path: string, depth: number, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      assertWellFormed(value, path);
      return;
    case 'boolean':
      return;
    case 'number':
      // RFC 8785 §3.2.2.3: NaN and Infinity have no JSON form.
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'a finite number', String(value));
      return;
    case 'bigint':
      throw new CanonicalJsonError(path, 'a number within IEEE 754 double range or a decimal string', 'a BigInt');
    case 'undefined':
      throw new CanonicalJsonError(path, 'a JSON value', 'undefined');
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(path, 'a JSON value', `a ${typeof value}`);
    case 'object':
      if (value === null) return;
      assertPlainContainer(value, path, depth, ancestors);
      return;
    default:
      throw new CanonicalJsonError(path, 'a JSON value', typeof value);
  }
}

function assertPlainContainer(value: object, path: string, depth: number, ancestors: Set<object>): void {
  if (depth >= CANONICAL_JSON_DEPTH_MAX) throw new CanonicalJsonError(path, `nesting depth below ${CANONICAL_JSON_DEPTH_MAX}`, 'deeper');
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'a tree of values', 'a circular reference');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      // A hole or undefined would silently become null; the caller meant something else.
      if (!(i in value)) throw new CanonicalJsonError(`${path}/${i}`, 'a JSON value', 'an array hole');
      assertPlainJson(value[i], `${path}/${i}`, depth + 1, ancestors);
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new CanonicalJsonError(path, 'a plain object', `an instance of ${kind}`);
    }
    for (const [key, member] of Object.entries(value)) {
      const memberPath = `${path}/${escapePointer(key)}`;
      assertWellFormed(key, memberPath);
      // An undefined member is absent in JSON (as JSON.stringify and JCS libraries treat it):
      // TypeScript objects with optional fields hash the same whether set to undefined or omitted.
      if (member === undefined) continue;
      assertPlainJson(member, memberPath, depth + 1, ancestors);
    }
  }
  ancestors.delete(value);
}

/** I-JSON (RFC 7493 §2.1) forbids lone surrogates: they have no UTF-8 encoding. */
function assertWellFormed(text: string, path: string): void {
  if (LONE_SURROGATE.test(text)) throw new CanonicalJsonError(path, 'well-formed Unicode', 'a lone surrogate');
}

/** RFC 6901 §3 escaping of a member name inside a JSON Pointer. */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
