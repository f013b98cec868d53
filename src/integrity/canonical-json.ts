/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of an envelope that is
 * hashed into the log and written to export bundles.
 *
 * One pass both checks and writes. Every value must be plain I-JSON (RFC 7493, as §3.1
 * requires); anything else is refused with a CanonicalJsonError naming the JSON Pointer of
 * the offending value, never turned into text silently. Object members are sorted by their
 * UTF-16 code units (§3.2.3: the default string order of Array.prototype.sort), strings are
 * escaped as ECMAScript JSON.stringify escapes them (§3.2.2.2), numbers take the ES6
 * Number-to-String form (§3.2.2.3, JSON.stringify's for finite numbers, -0 as 0).
 *
 * Why not the `canonicalize` package, which does the writing well: it walks the value with
 * a JSON.stringify per member and needs a second walk for the checks above, and the two
 * were a third of the Merkle log's integration time (bench/integrity-log.bench.ts). The
 * package stays as the oracle of the differential test (test/integrity/canonical-json.test.ts),
 * beside the RFC's own vectors.
 */
import { CanonicalJsonError } from './errors.ts';

/** Nesting bound: envelopes are a few levels deep; anything deeper is a bug or an attack. */
export const CANONICAL_JSON_DEPTH_MAX = 64;

// ES2024 String.prototype.isWellFormed (Node 20 has it; the project's lib typings stop at ES2023).
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The RFC 8785 text of a JSON value. Throws CanonicalJsonError when it has none. */
export function canonicalJson(value: unknown): string {
  return write(value, [], []);
}

/** The UTF-8 bytes of the RFC 8785 text (§3.2.4): what is hashed and exported. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/**
 * `at` is the stack of member names and indexes from the root to `value`, and `ancestors`
 * the containers on that path; `at` becomes a JSON Pointer only when something is refused
 * (building one per member costs more than the check).
 */
function write(value: unknown, at: Array<string | number>, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      if (!wellFormed(value)) throw refusal(at, 'well-formed Unicode', 'a lone surrogate');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: NaN and Infinity have no JSON form.
      if (!Number.isFinite(value)) throw refusal(at, 'a finite number', String(value));
      return JSON.stringify(value);
    case 'bigint':
      throw refusal(at, 'a number within IEEE 754 double range or a decimal string', 'a BigInt');
    case 'undefined':
      throw refusal(at, 'a JSON value', 'undefined');
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, at, ancestors);
    default:
      throw refusal(at, 'a JSON value', `a ${typeof value}`);
  }
}

function writeContainer(value: object, at: Array<string | number>, ancestors: object[]): string {
  if (ancestors.includes(value)) throw refusal(at, 'a tree of values', 'a circular reference');
  if (at.length >= CANONICAL_JSON_DEPTH_MAX) throw refusal(at, `nesting depth below ${CANONICAL_JSON_DEPTH_MAX}`, 'deeper');
  ancestors.push(value);
  const text = Array.isArray(value) ? writeArray(value, at, ancestors) : writeObject(value, at, ancestors);
  ancestors.pop();
  return text;
}

function writeArray(value: readonly unknown[], at: Array<string | number>, ancestors: object[]): string {
  let text = '[';
  for (let i = 0; i < value.length; i++) {
    at.push(i);
    // A hole or undefined would silently become null; the caller meant something else.
    if (!(i in value)) throw refusal(at, 'a JSON value', 'an array hole');
    text += (i === 0 ? '' : ',') + write(value[i], at, ancestors);
    at.pop();
  }
  return `${text}]`;
}

function writeObject(value: object, at: Array<string | number>, ancestors: object[]): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw refusal(at, 'a plain object', `an instance of ${kind}`);
  }
  const keys = Object.keys(value).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    at.push(key);
    // I-JSON (RFC 7493 §2.1): names are strings without lone surrogates too.
    if (!wellFormed(key)) throw refusal(at, 'well-formed Unicode', 'a lone surrogate');
    const member = (value as Record<string, unknown>)[key];
    // An undefined member is absent in JSON (as JSON.stringify and JCS libraries treat it):
    // TypeScript objects with optional fields hash the same whether set to undefined or omitted.
    if (member !== undefined) {
      text += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, at, ancestors)}`;
      first = false;
    }
    at.pop();
  }
  return `${text}}`;
}

/** The error, with `at` as an RFC 6901 JSON Pointer. */
function refusal(at: ReadonlyArray<string | number>, expected: string, actual: string): CanonicalJsonError {
  const pointer = at.map((step) => `/${String(step).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
  return new CanonicalJsonError(pointer, expected, actual);
}
