/**
 * RFC 8785 from JSON TEXT, without parsing it into values: the text is checked token by
 * token and only rearranged where it differs from its canonical form (object members out
 * of order, a number not in its ECMAScript form). JSON.stringify output, which is what the
 * store keeps, differs only in member order, so most of it is reused as substrings.
 *
 * It answers only when it can vouch that the result is exactly canonicalJson(JSON.parse(
 * text)); for anything else — a lone surrogate, a control character, an escape that
 * JSON.stringify would not write (`\/`, `\u0041`, a surrogate pair as escapes), a key
 * holding an escape, whitespace, duplicate keys, nesting at the depth bound, or text that
 * is not JSON at all — it returns undefined and the caller parses and canonicalises
 * instead (canonical-json.ts), which also decides what is an error.
 */
import { CANONICAL_JSON_DEPTH_MAX } from './canonical-json.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// Raw control characters are not JSON; lone surrogates have no canonical form (§3.2.2.2).
const CONTROL = /[\u0000-\u001f]/;
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** Integers of at most this many digits print as they are written (below 2^53). */
const PLAIN_INTEGER_DIGITS_MAX = 15;

/** Thrown inside the scan when the text is not one it can vouch for; never escapes this module. */
const GIVE_UP = Symbol('give up');

/** canonicalJson(JSON.parse(text)) when this module can vouch for it without parsing; undefined otherwise. */
export function canonicalJsonText(text: string): string | undefined {
  if (CONTROL.test(text) || !wellFormed(text)) return undefined;
  try {
    const scan = new Scan(text);
    const out = scan.value(0);
    return scan.at === text.length ? out : undefined;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class Scan {
  at = 0;
  readonly #text: string;
  /** Counts values written otherwise than as they stand: a container is reused as written only if none was inside it. */
  #rewrites = 0;
  /** Where the next backslash is (text.length when none): strings before it need no escape check. */
  #nextBackslash: number;

  constructor(text: string) {
    this.#text = text;
    const backslash = text.indexOf('\\');
    this.#nextBackslash = backslash < 0 ? text.length : backslash;
  }

  /** The canonical text of the value starting at `this.at`; moves `at` past it. */
  value(depth: number): string {
    const text = this.#text;
    const start = this.at;
    const c = text.charCodeAt(start);
    if (c === QUOTE) return this.#string();
    if (c === 0x7b) return this.#object(depth + 1);
    if (c === 0x5b) return this.#array(depth + 1);
    if (c === 0x74) return this.#literal('true');
    if (c === 0x66) return this.#literal('false');
    if (c === 0x6e) return this.#literal('null');
    return this.#number();
  }

  #object(depth: number): string {
    if (depth >= CANONICAL_JSON_DEPTH_MAX) throw GIVE_UP;
    const text = this.#text;
    const start = this.at;
    this.at++;
    if (text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return '{}';
    }
    // Parallel arrays, not a {key, value} per member: objects are many and small.
    const keys: string[] = [];
    const values: string[] = [];
    const rewrites = this.#rewrites;
    let sorted = true;
    for (;;) {
      const keyStart = this.at;
      if (text.charCodeAt(keyStart) !== QUOTE) throw GIVE_UP;
      const backslash = this.#nextBackslash;
      this.#string();
      // Keys are compared as written, which is only their value when they hold no escape.
      if (backslash < this.at || text.charCodeAt(this.at) !== 0x3a) throw GIVE_UP;
      const key = text.slice(keyStart + 1, this.at - 1);
      this.at++;
      const value = this.value(depth);
      const previous = keys[keys.length - 1];
      if (previous !== undefined) {
        if (previous === key) throw GIVE_UP;
        if (previous > key) sorted = false;
      }
      keys.push(key);
      values.push(value);
      const next = text.charCodeAt(this.at++);
      if (next === 0x7d) break;
      if (next !== 0x2c) throw GIVE_UP;
    }
    if (sorted && rewrites === this.#rewrites) return text.slice(start, this.at);
    this.#rewrites++;
    const order = sorted ? undefined : sortedOrder(keys);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const at = order === undefined ? i : (order[i] as number);
      out += `${i === 0 ? '' : ','}"${keys[at] as string}":${values[at] as string}`;
    }
    return `${out}}`;
  }

  #array(depth: number): string {
    if (depth >= CANONICAL_JSON_DEPTH_MAX) throw GIVE_UP;
    const text = this.#text;
    const start = this.at;
    this.at++;
    if (text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return '[]';
    }
    const items: string[] = [];
    const rewrites = this.#rewrites;
    for (;;) {
      items.push(this.value(depth));
      const next = text.charCodeAt(this.at++);
      if (next === 0x5d) break;
      if (next !== 0x2c) throw GIVE_UP;
    }
    return rewrites === this.#rewrites ? text.slice(start, this.at) : `[${items.join(',')}]`;
  }

  /**
   * A string as written, if written as JSON.stringify (and so RFC 8785 §3.2.2.2) writes it.
   * Control characters and lone surrogates were ruled out for the whole text up front.
   */
  #string(): string {
    const text = this.#text;
    const start = this.at;
    let i = start + 1;
    for (;;) {
      const end = text.indexOf('"', i);
      if (end < 0) throw GIVE_UP;
      if (this.#nextBackslash > end) {
        this.at = end + 1;
        return text.slice(start, this.at);
      }
      i = this.#escape(this.#nextBackslash);
      const backslash = text.indexOf('\\', i);
      this.#nextBackslash = backslash < 0 ? text.length : backslash;
    }
  }

  /** Checks the escape at `at` (a backslash) is the one JSON.stringify writes; returns the index after it. */
  #escape(at: number): number {
    const text = this.#text;
    const c = text.charCodeAt(at + 1);
    // \" \\ \b \f \n \r \t
    if (c === QUOTE || c === BACKSLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return at + 2;
    // \u00XX, lower-case hex, only for control characters without a short form.
    if (c !== 0x75 || text.charCodeAt(at + 2) !== 0x30 || text.charCodeAt(at + 3) !== 0x30) throw GIVE_UP;
    const hex = text.slice(at + 4, at + 6);
    if (!/^[01][0-9a-f]$/.test(hex)) throw GIVE_UP;
    const unit = Number.parseInt(hex, 16);
    if (unit === 0x08 || unit === 0x09 || unit === 0x0a || unit === 0x0c || unit === 0x0d) throw GIVE_UP;
    return at + 6;
  }

  #literal(word: string): string {
    if (!this.#text.startsWith(word, this.at)) throw GIVE_UP;
    this.at += word.length;
    return word;
  }

  /** A number in its ECMAScript Number-to-String form (§3.2.2.3): as written when it already is. */
  #number(): string {
    const text = this.#text;
    const start = this.at;
    let i = start;
    let plain = true;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) continue;
      if (c === 0x2d && i === start) continue;
      if (c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d) {
        plain = false;
        continue;
      }
      break;
    }
    if (i === start) throw GIVE_UP;
    this.at = i;
    const token = text.slice(start, i);
    const digits = token.charCodeAt(0) === 0x2d ? token.length - 1 : token.length;
    const leadingZero = text.charCodeAt(i - digits) === 0x30;
    // "0", or digits without a leading zero; "-0" prints as "0", so it takes the slow road.
    if (plain && digits > 0 && digits <= PLAIN_INTEGER_DIGITS_MAX && (!leadingZero || token === '0')) return token;
    if (!JSON_NUMBER.test(token)) throw GIVE_UP;
    const n = Number(token);
    if (!Number.isFinite(n)) throw GIVE_UP;
    const canonical = String(n);
    if (canonical !== token) this.#rewrites++;
    return canonical;
  }
}

/** Past this many members an insertion sort costs more than Array.prototype.sort. */
const INSERTION_SORT_KEYS_MAX = 32;

function compareKeys(a: string, b: string): number {
  if (a === b) throw GIVE_UP;
  return a < b ? -1 : 1;
}

/**
 * Member indices in RFC 8785 order (§3.2.3: UTF-16 code units, which `<` compares): an
 * insertion sort, objects being small; equal keys are duplicates, which it cannot vouch for.
 */
function sortedOrder(keys: readonly string[]): number[] {
  const order = Array.from({ length: keys.length }, (_, i) => i);
  if (keys.length > INSERTION_SORT_KEYS_MAX) {
    order.sort((a, b) => compareKeys(keys[a] as string, keys[b] as string));
    return order;
  }
  for (let i = 1; i < order.length; i++) {
    const moving = order[i] as number;
    const key = keys[moving] as string;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = keys[order[j] as number] as string;
      if (other === key) throw GIVE_UP;
      if (other < key) break;
      order[j + 1] = order[j] as number;
    }
    order[j + 1] = moving;
  }
  return order;
}
