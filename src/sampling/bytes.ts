/**
 * Byte encodings shared by every hash input of the draw (docs/sampling.md §2). Browser-safe:
 * TextEncoder only.
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string; callers validate well-formedness first (no lone surrogates). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Writes the UTF-8 bytes of a well-formed string into `out` from `at`; returns the byte
 * count. `out` must have room for 3 bytes per UTF-16 unit. Hand-written because
 * TextEncoder's per-call cost dominates when encoding 100 000 short ids.
 */
export function writeUtf8(s: string, out: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 63);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  return p - at;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** 4-byte big-endian unsigned integer. */
export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  out[0] = n >>> 24; out[1] = n >>> 16; out[2] = n >>> 8; out[3] = n;
  return out;
}

/**
 * Length-prefixed field: u32be(byte length) ‖ bytes. Prefixing every variable-length field
 * makes the concatenation injective ("ab"+"c" and "a"+"bc" hash differently).
 */
export function lp(field: Uint8Array | string): Uint8Array {
  const bytes = typeof field === 'string' ? utf8(field) : field;
  return concatBytes([u32be(bytes.length), bytes]);
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
// ASCII digits decode identically under latin1/windows-1252 in every runtime; building
// the string by concatenation instead costs ~20× more (a draw publishes 100 000 tickets).
const asciiDecoder = new TextDecoder('latin1');
let hexScratch = new Uint8Array(64);

export function toHex(bytes: Uint8Array): string {
  if (hexScratch.length < bytes.length * 2) hexScratch = new Uint8Array(bytes.length * 2);
  const out = hexScratch;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = HEX_DIGITS[b >>> 4]!;
    out[2 * i + 1] = HEX_DIGITS[b & 15]!;
  }
  return asciiDecoder.decode(out.subarray(0, bytes.length * 2));
}

/** Lower-case or upper-case hex of even length to bytes; returns undefined when malformed. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Lexicographic byte order, shorter-is-smaller on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Order of strings by their UTF-8 bytes, which equals Unicode code point order. JavaScript's
 * `<` compares UTF-16 code units instead; the two differ only when a character above U+FFFF
 * meets one in U+E000..U+FFFF, so the fast path handles everything else.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF: larger than any BMP unit.
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;

/**
 * True when the string has no lone surrogate, so its UTF-8 encoding is lossless. Uses the
 * native String.prototype.isWellFormed where the runtime has it (several times faster on
 * a 100 000-entry roster); otherwise a u-flag regex, in which a surrogate class matches
 * only unpaired surrogates.
 */
export const isWellFormed: (s: string) => boolean =
  typeof nativeWellFormed === 'function' ? (s) => nativeWellFormed.call(s) : (s) => !LONE_SURROGATE.test(s);
