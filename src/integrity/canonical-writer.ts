/**
 * The RFC 8785 writer behind canonical-json.ts: checks and writes a JSON value as UTF-8
 * straight into a growing buffer, in one walk.
 *
 * Costs it avoids, each measured on the log's envelopes: a JSON Pointer kept up to date
 * for every member (the path is rebuilt only when something is refused, as the refusal
 * unwinds through the containers), Array.prototype.sort on already-sorted names (an
 * insertion sort that first checks the order), a JSON.stringify per name (the quoted
 * names are cached), and a crossing into native code per short ASCII string (copied byte
 * by byte).
 */
import { invariant } from '../domain/decider.ts';

/** A refusal on its way up: the path is collected from the culprit back to the root. */
class Refusal {
  readonly reversedPath: Array<string | number> = [];
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {}
}

// Strings that JSON.stringify would escape (§3.2.2.2) or that may hold a lone surrogate.
const NOT_PLAIN = /[\u0000-\u001f"\\\ud800-\udfff]/;
// ES2024 String.prototype.isWellFormed (Node 20 has it; the project's lib typings stop at ES2023).
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Short ASCII strings are copied by hand; past this, one native encode is cheaper. */
const HAND_COPY_CHARS_MAX = 48;
/** Quoted member names kept (names repeat across events; arbitrary maps must not grow it without bound). */
const NAME_CACHE_SIZE_MAX = 4096;
const INSERTION_SORT_KEYS_MAX = 32;
const names = new Map<string, Buffer>();

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

export class CanonicalWriter {
  buffer: Buffer = Buffer.allocUnsafe(16 * 1024);
  #at = 0;
  readonly #depthMax: number;
  /** The containers from the root to the one being written: a cycle is a container met twice. */
  readonly #open: object[] = [];

  constructor(depthMax: number) {
    this.#depthMax = depthMax;
  }

  /** Writes `value` from byte `start` of `buffer`; returns the end. Throws a Refusal (see toPublicError). */
  write(value: unknown, start: number): number {
    this.#open.length = 0;
    this.#at = start;
    this.#reserve(0);
    this.#value(value);
    return this.#at;
  }

  /** A Refusal as the caller's error type, with the path as an RFC 6901 JSON Pointer; anything else unchanged. */
  static toPublicError(error: unknown, make: (pointer: string, expected: string, actual: string) => Error): unknown {
    if (!(error instanceof Refusal)) return error;
    const pointer = error.reversedPath
      .toReversed()
      .map((step) => `/${String(step).replaceAll('~', '~0').replaceAll('/', '~1')}`)
      .join('');
    return make(pointer, error.expected, error.actual);
  }

  #value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.#string(value);
        return;
      case 'boolean':
        this.#ascii(value ? 'true' : 'false');
        return;
      case 'number':
        // RFC 8785 §3.2.2.3: NaN and Infinity have no JSON form.
        if (!Number.isFinite(value)) throw new Refusal('a finite number', String(value));
        this.#ascii(String(value));
        return;
      case 'bigint':
        throw new Refusal('a number within IEEE 754 double range or a decimal string', 'a BigInt');
      case 'undefined':
        throw new Refusal('a JSON value', 'undefined');
      case 'object':
        if (value === null) this.#ascii('null');
        else this.#container(value);
        return;
      default:
        throw new Refusal('a JSON value', `a ${typeof value}`);
    }
  }

  #container(value: object): void {
    const open = this.#open;
    if (open.includes(value)) throw new Refusal('a tree of values', 'a circular reference');
    if (open.length >= this.#depthMax) throw new Refusal(`nesting depth below ${this.#depthMax}`, 'deeper');
    open.push(value);
    if (Array.isArray(value)) this.#array(value);
    else this.#object(value);
    open.pop();
  }

  #array(value: readonly unknown[]): void {
    this.#byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.#byte(COMMA);
      try {
        // A hole or undefined would silently become null; the caller meant something else.
        if (!(i in value)) throw new Refusal('a JSON value', 'an array hole');
        this.#value(value[i]);
      } catch (error) {
        throw within(error, i);
      }
    }
    this.#byte(0x5d);
  }

  #object(value: object): void {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new Refusal('a plain object', `an instance of ${kind}`);
    }
    const keys = Object.keys(value);
    sortByCodeUnits(keys);
    this.#byte(0x7b);
    let first = true;
    for (const key of keys) {
      const member = (value as Record<string, unknown>)[key];
      // An undefined member is absent in JSON (as JSON.stringify and JCS libraries treat it):
      // TypeScript objects with optional fields hash the same whether set to undefined or omitted.
      if (member === undefined) continue;
      if (!first) this.#byte(COMMA);
      first = false;
      try {
        this.#name(key);
        this.#value(member);
      } catch (error) {
        throw within(error, key);
      }
    }
    this.#byte(0x7d);
  }

  /** `"name":`, from the cache when the name was seen before. */
  #name(key: string): void {
    let quoted = names.get(key);
    if (quoted === undefined) {
      // I-JSON (RFC 7493 §2.1): names are strings without lone surrogates too.
      if (!wellFormed(key)) throw new Refusal('well-formed Unicode', 'a lone surrogate');
      quoted = Buffer.from(`${JSON.stringify(key)}:`, 'utf8');
      if (names.size < NAME_CACHE_SIZE_MAX) names.set(key, quoted);
    }
    this.#reserve(quoted.length);
    const buffer = this.buffer;
    const at = this.#at;
    for (let i = 0; i < quoted.length; i++) buffer[at + i] = quoted[i] as number;
    this.#at = at + quoted.length;
  }

  #string(text: string): void {
    const length = text.length;
    // Worst case of UTF-8 for one UTF-16 unit is 3 bytes, plus the quotes.
    this.#reserve(3 * length + 2);
    if (length <= HAND_COPY_CHARS_MAX && this.#plainAscii(text)) return;
    if (!NOT_PLAIN.test(text)) {
      const buffer = this.buffer;
      buffer[this.#at] = QUOTE;
      const written = buffer.write(text, this.#at + 1, 'utf8');
      buffer[this.#at + 1 + written] = QUOTE;
      this.#at += written + 2;
      return;
    }
    if (!wellFormed(text)) throw new Refusal('well-formed Unicode', 'a lone surrogate');
    const escaped = JSON.stringify(text);
    // An escape is at most 6 ASCII bytes for one unit (\u001f).
    this.#reserve(6 * length + 2);
    this.#at += this.buffer.write(escaped, this.#at, 'utf8');
  }

  /** Writes `text` quoted if every unit is printable ASCII needing no escape; false (nothing written) otherwise. */
  #plainAscii(text: string): boolean {
    const buffer = this.buffer;
    let at = this.#at + 1;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0x20 || unit >= 0x7f || unit === QUOTE || unit === 0x5c) return false;
      buffer[at++] = unit;
    }
    buffer[this.#at] = QUOTE;
    buffer[at++] = QUOTE;
    this.#at = at;
    return true;
  }

  /** Literals and numbers: always ASCII. */
  #ascii(text: string): void {
    this.#reserve(text.length);
    const buffer = this.buffer;
    const at = this.#at;
    for (let i = 0; i < text.length; i++) buffer[at + i] = text.charCodeAt(i);
    this.#at = at + text.length;
  }

  #byte(byte: number): void {
    this.#reserve(1);
    this.buffer[this.#at++] = byte;
  }

  #reserve(bytes: number): void {
    const needed = this.#at + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffer.length));
    this.buffer.copy(grown, 0, 0, this.#at);
    this.buffer = grown;
    invariant(this.#at + bytes <= this.buffer.length, 'the buffer holds what was reserved');
  }
}

function within(error: unknown, step: string | number): unknown {
  if (error instanceof Refusal) error.reversedPath.push(step);
  return error;
}

/**
 * In place, by UTF-16 code units (RFC 8785 §3.2.3). Member names usually arrive in the
 * same few orders, often already sorted: an insertion sort does those in one pass.
 */
function sortByCodeUnits(keys: string[]): void {
  // Array.prototype.sort compares strings by code units too, in O(n log n) for big maps.
  if (keys.length > INSERTION_SORT_KEYS_MAX) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    if ((keys[i - 1] as string) <= key) continue;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
}
