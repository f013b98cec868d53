/**
 * SHA-256 (FIPS 180-4 §6.2) of exactly one RFC 9162 interior-node input, 0x01 ‖ left ‖ right
 * (65 bytes: two 512-bit blocks after padding), in plain JavaScript.
 *
 * Why not node:crypto: building a tree hashes about one node per leaf, and for 65 bytes the
 * one-shot native hash spends most of its time crossing into C++ and allocating (measured
 * ~2.1 µs per node against ~1.1 µs here). Leaves, whose inputs are hundreds of bytes, stay
 * on node:crypto. test/integrity/node-sha256.test.ts holds this against node:crypto on
 * random children, and the RFC 9162 vectors hold the whole tree.
 *
 * Not reentrant (shared scratch words); JavaScript runs it to completion.
 */
import { invariant } from '../domain/decider.ts';

const HASH_BYTES = 32;
/** §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** §5.3.3: the initial hash value. */
const H0 = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
/** 0x01 ‖ 64 bytes: the message length in bits, written in the last word of the second block (§5.1.1). */
const NODE_INPUT_BITS = 65 * 8;

const W = new Uint32Array(64);
const H = new Uint32Array(8);

/** §6.2.2: one block, already in W[0..16), folded into H. */
function compress(): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = H[0]! + a;
  H[1] = H[1]! + b;
  H[2] = H[2]! + c;
  H[3] = H[3]! + d;
  H[4] = H[4]! + e;
  H[5] = H[5]! + f;
  H[6] = H[6]! + g;
  H[7] = H[7]! + h;
}

/** The big-endian word of `bytes` at `at`. */
const word = (bytes: Uint8Array, at: number): number => (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;

/** SHA-256(0x01 ‖ left ‖ right) into a new 32-byte Buffer. Both children must be 32 bytes. */
export function sha256OfNode(left: Uint8Array, right: Uint8Array): Buffer {
  invariant(left.length === HASH_BYTES && right.length === HASH_BYTES, 'node children are 32-byte hashes');
  H.set(H0);
  // Block 1: 0x01, left[0..32), right[0..31): every word straddles by one byte.
  W[0] = (0x01 << 24) | (left[0]! << 16) | (left[1]! << 8) | left[2]!;
  for (let i = 1; i < 8; i++) W[i] = word(left, 4 * i - 1);
  W[8] = (left[31]! << 24) | (right[0]! << 16) | (right[1]! << 8) | right[2]!;
  for (let i = 9; i < 16; i++) W[i] = word(right, 4 * i - 33);
  compress();
  // Block 2: right[31], the 0x80 that ends the message, zeros, the length in bits (§5.1.1).
  W[0] = (right[31]! << 24) | (0x80 << 16);
  W.fill(0, 1, 15);
  W[15] = NODE_INPUT_BITS;
  compress();
  const out = Buffer.allocUnsafe(HASH_BYTES);
  for (let i = 0; i < 8; i++) out.writeUInt32BE(H[i]!, 4 * i);
  return out;
}
