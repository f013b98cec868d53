/**
 * SHA-256 (FIPS 180-4), synchronous and dependency-free so that the same draw code runs
 * in Node and in a browser (Web Crypto's digest is asynchronous only).
 */

// FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the cube roots of
// the first 64 primes.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

// FIPS 180-4 section 5.3.3.
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Int32Array(64);

/** Runs the compression function over `blocks` 64-byte blocks of `data` from `offset`. */
function compress(state: Int32Array, data: Uint8Array, offset: number, blocks: number): void {
  let h0 = state[0]!, h1 = state[1]!, h2 = state[2]!, h3 = state[3]!;
  let h4 = state[4]!, h5 = state[5]!, h6 = state[6]!, h7 = state[7]!;
  for (let b = 0; b < blocks; b++) {
    let p = offset + b * 64;
    for (let t = 0; t < 16; t++, p += 4) {
      W[t] = (data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15]!, w2 = W[t - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  state[0] = h0; state[1] = h1; state[2] = h2; state[3] = h3;
  state[4] = h4; state[5] = h5; state[6] = h6; state[7] = h7;
}

/**
 * Compresses data[0..length) into `state` and pads (section 5.1.1: 0x80, zeros, then the
 * total message length in bits as a 64-bit big-endian integer), `totalBytes` counting any
 * prefix already compressed. Writes the digest to out[outAt..outAt+32).
 */
function finish(state: Int32Array, data: Uint8Array, length: number, totalBytes: number, tail: Uint8Array, out: Uint8Array, outAt: number): void {
  const full = length >>> 6;
  compress(state, data, 0, full);
  const rest = length - full * 64;
  const end = rest + 9 <= 64 ? 64 : 128;
  tail.fill(0, 0, end);
  for (let i = 0; i < rest; i++) tail[i] = data[full * 64 + i]!;
  tail[rest] = 0x80;
  const bitLength = totalBytes * 8;
  // Split because bit lengths above 2^32 do not fit a 32-bit shift.
  const high = Math.floor(bitLength / 0x100000000);
  const low = bitLength >>> 0;
  tail[end - 8] = high >>> 24; tail[end - 7] = high >>> 16; tail[end - 6] = high >>> 8; tail[end - 5] = high;
  tail[end - 4] = low >>> 24; tail[end - 3] = low >>> 16; tail[end - 2] = low >>> 8; tail[end - 1] = low;
  compress(state, tail, 0, end >>> 6);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    const o = outAt + i * 4;
    out[o] = v >>> 24; out[o + 1] = v >>> 16; out[o + 2] = v >>> 8; out[o + 3] = v;
  }
}

// Scratch reused between calls: hashing a hundred thousand tickets should not allocate a
// hundred thousand buffers. Safe because nothing here yields mid-computation.
const STATE = new Int32Array(8);
const TAIL = new Uint8Array(128);

/** SHA-256 of `message`: 32 bytes. */
export function sha256(message: Uint8Array): Uint8Array {
  STATE.set(H0);
  const out = new Uint8Array(32);
  finish(STATE, message, message.length, message.length, TAIL, out, 0);
  return out;
}

/**
 * SHA-256 of prefix ‖ suffix for many suffixes after one prefix whose length is a multiple
 * of 64: the prefix's blocks are compressed once. Ticket messages are laid out so that
 * their constant part (tag and seed) is exactly one block, which halves the cost of a
 * draw's 100 000 tickets.
 */
export class Sha256WithPrefix {
  private readonly mid: Int32Array;
  private readonly prefixLength: number;

  constructor(prefix: Uint8Array) {
    if (prefix.length % 64 !== 0) throw new Error(`invariant violated: prefix length ${prefix.length} is not a multiple of 64`);
    this.mid = Int32Array.from(H0);
    compress(this.mid, prefix, 0, prefix.length >>> 6);
    this.prefixLength = prefix.length;
  }

  /** Writes SHA-256(prefix ‖ suffix[0..length)) to out[outAt..outAt+32). */
  digestInto(suffix: Uint8Array, length: number, out: Uint8Array, outAt: number): void {
    STATE.set(this.mid);
    finish(STATE, suffix, length, this.prefixLength + length, TAIL, out, outAt);
  }
}
