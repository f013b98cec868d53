/**
 * Writes canonical JSON (RFC 8785) straight into UTF-8 bytes. The roster snapshots of a
 * province run to 100 000 entries; building them as one JavaScript string first, then
 * encoding it, costs more in garbage collection than the hashing itself.
 */
const HEX = '0123456789abcdef';

/** ASCII text as bytes, for JsonWriter.bytes(). */
export function literal(ascii: string): Uint8Array {
  return Uint8Array.from(ascii, (c) => c.charCodeAt(0));
}

export class JsonWriter {
  private buf = new Uint8Array(1 << 16);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
  }

  /** ASCII punctuation and key literals, written as is. */
  raw(ascii: string): this {
    this.room(ascii.length);
    for (let i = 0; i < ascii.length; i++) this.buf[this.at++] = ascii.charCodeAt(i);
    return this;
  }

  /** Pre-encoded literal bytes (see `literal`): the per-entry keys of a roster. */
  bytes(literal: Uint8Array): this {
    this.room(literal.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < literal.length; i++) buf[at++] = literal[i]!;
    this.at = at;
    return this;
  }

  /** A non-negative safe integer in plain decimal. */
  int(n: number): this {
    this.room(16);
    if (n < 10) {
      this.buf[this.at++] = 0x30 + n;
      return this;
    }
    return this.raw(String(n));
  }

  /**
   * A JSON string as JCS serialises it (ECMAScript JSON.stringify): `"` and `\` escaped,
   * \b \t \n \f \r short forms, other controls as \u00xx, everything else as UTF-8.
   * Callers pass well-formed strings (validated), so surrogates come in pairs.
   */
  string(s: string): this {
    this.room(s.length * 6 + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x22;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80) {
        if (c === 0x22 || c === 0x5c) buf[at++] = 0x5c;
        buf[at++] = c;
      } else if (c < 0x20) {
        buf[at++] = 0x5c;
        const short = c === 8 ? 0x62 : c === 9 ? 0x74 : c === 10 ? 0x6e : c === 12 ? 0x66 : c === 13 ? 0x72 : 0;
        if (short !== 0) {
          buf[at++] = short;
        } else {
          buf[at++] = 0x75; buf[at++] = 0x30; buf[at++] = 0x30;
          buf[at++] = HEX.charCodeAt(c >> 4); buf[at++] = HEX.charCodeAt(c & 15);
        }
      } else if (c < 0x800) {
        buf[at++] = 0xc0 | (c >> 6); buf[at++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdbff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
        buf[at++] = 0xf0 | (c >> 18); buf[at++] = 0x80 | ((c >> 12) & 63);
        buf[at++] = 0x80 | ((c >> 6) & 63); buf[at++] = 0x80 | (c & 63);
      } else {
        buf[at++] = 0xe0 | (c >> 12); buf[at++] = 0x80 | ((c >> 6) & 63); buf[at++] = 0x80 | (c & 63);
      }
    }
    buf[at++] = 0x22;
    this.at = at;
    return this;
  }

  stringArray(items: readonly string[]): this {
    this.room(2 + items.length);
    this.buf[this.at++] = 0x5b;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.buf[this.at++] = 0x2c;
      this.string(items[i]!);
      this.room(2);
    }
    this.buf[this.at++] = 0x5d;
    return this;
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}
