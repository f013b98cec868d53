/**
 * MD5 (RFC 1321), only for the `rfc3797` mode: RFC 3797 section 4 specifies MD5 and Web
 * Crypto offers none. MD5 is not used anywhere a collision would matter here: the key
 * string is public and fixed before the pool is hashed against it.
 */

// RFC 1321 section 3.4: T[i] = floor(2^32 * abs(sin(i + 1))), written out so that no
// platform's sin() is trusted.
const T = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

// Per-step left-rotation amounts, four per round (RFC 1321 section 3.4).
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

const X = new Int32Array(16);

function compressBlock(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const p = offset + i * 4;
    // MD5 reads words little-endian, unlike SHA-256.
    X[i] = block[p]! | (block[p + 1]! << 8) | (block[p + 2]! << 16) | (block[p + 3]! << 24);
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  for (let i = 0; i < 64; i++) {
    const round = i >>> 4;
    let f: number, g: number;
    if (round === 0) { f = (b & c) | (~b & d); g = i; }
    else if (round === 1) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
    else if (round === 2) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
    else { f = c ^ (b | ~d); g = (7 * i) & 15; }
    const s = S[round * 4 + (i & 3)]!;
    const sum = (a + f + T[i]! + X[g]!) | 0;
    a = d; d = c; c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
}

/** MD5 of `message`: 16 bytes. */
export function md5(message: Uint8Array): Uint8Array {
  const state = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  const full = message.length >>> 6;
  for (let i = 0; i < full; i++) compressBlock(state, message, i * 64);
  const rest = message.length - full * 64;
  const tail = new Uint8Array(rest + 9 <= 64 ? 64 : 128);
  tail.set(message.subarray(full * 64));
  tail[rest] = 0x80;
  // Length in bits, 64-bit little-endian (RFC 1321 section 3.2).
  const bitLength = message.length * 8;
  const low = bitLength >>> 0;
  const high = Math.floor(bitLength / 0x100000000);
  const at = tail.length - 8;
  for (let i = 0; i < 4; i++) {
    tail[at + i] = low >>> (8 * i);
    tail[at + 4 + i] = high >>> (8 * i);
  }
  for (let off = 0; off < tail.length; off += 64) compressBlock(state, tail, off);
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const v = state[i]!;
    out[i * 4] = v; out[i * 4 + 1] = v >>> 8; out[i * 4 + 2] = v >>> 16; out[i * 4 + 3] = v >>> 24;
  }
  return out;
}
