/**
 * Efraimidis–Spirakis keys for PPS without replacement (docs/sampling.md §6), in integer
 * arithmetic only. ES selects the n largest u^(1/w); equivalently the n smallest
 * E/w with E = −ln(u) ~ Exp(1). Floating-point ln differs between platforms and compilers
 * (library accuracy, fused multiply-add), so E is computed here as a 64-bit fixed-point
 * integer by a fully specified series, and keys are compared as exact rationals E/w.
 */

export const PPS_FRACTION_BITS = 64n;

/** floor(ln 2 · 2^64). */
export const LN2_FIXED = 0xb17217f7d1cf79abn;

/** Σ_{j≥0} floor-truncated y^(2j+1)/(2j+1) in fixed point: atanh(y) for 0 ≤ y ≤ 0.18. */
function atanhFixed(y: bigint): bigint {
  const y2 = (y * y) >> PPS_FRACTION_BITS;
  let term = y;
  let sum = y;
  for (let j = 1n; ; j++) {
    term = (term * y2) >> PPS_FRACTION_BITS;
    if (term === 0n) return sum;
    sum += term / (2n * j + 1n);
  }
}

/**
 * E = −ln(u) · 2^64 (truncated as specified in docs/sampling.md §6) for u = (2a + 1) / 2^65,
 * where a is the ticket's first 8 bytes read as an unsigned big-endian integer; u is
 * never 0 or 1.
 */
export function expFromTicket(ticket: Uint8Array): bigint {
  const hi = ((ticket[0]! << 24) | (ticket[1]! << 16) | (ticket[2]! << 8) | ticket[3]!) >>> 0;
  const lo = ((ticket[4]! << 24) | (ticket[5]! << 16) | (ticket[6]! << 8) | ticket[7]!) >>> 0;
  const v = (((BigInt(hi) << 32n) | BigInt(lo)) << 1n) | 1n;
  // t = bit length of v − 1, so 2^t ≤ v < 2^(t+1).
  const bitsOfA = hi !== 0 ? 64 - Math.clz32(hi) : lo !== 0 ? 32 - Math.clz32(lo) : 0;
  let t = BigInt(bitsOfA);
  // Reduce f = v/2^t into [1/√2, √2) so that |y| ≤ 0.1716 and the series is short.
  if (v * v >= 1n << (2n * t + 1n)) t += 1n;
  const p = 1n << t;
  // ln v = t·ln 2 + ln f, ln f = 2·atanh((v − 2^t)/(v + 2^t)); E = 65·ln 2 − ln v.
  if (v >= p) return (65n - t) * LN2_FIXED - 2n * atanhFixed(((v - p) << PPS_FRACTION_BITS) / (v + p));
  return (65n - t) * LN2_FIXED + 2n * atanhFixed(((p - v) << PPS_FRACTION_BITS) / (v + p));
}

/** A PPS key E/w; `rank` = floor(E · 2^64 / w) orders keys except on exact ties of rank. */
export interface PpsKey {
  readonly e: bigint;
  readonly w: bigint;
  readonly rank: bigint;
}

export function ppsKey(ticket: Uint8Array, weight: number): PpsKey {
  const e = expFromTicket(ticket);
  const w = BigInt(weight);
  return { e, w, rank: (e << PPS_FRACTION_BITS) / w };
}

/** Exact comparison of E1/w1 and E2/w2. */
export function comparePpsKeys(a: PpsKey, b: PpsKey): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  const l = a.e * b.w;
  const r = b.e * a.w;
  return l < r ? -1 : l > r ? 1 : 0;
}

