/**
 * RFC 3797 §4 selection: for the i-th selection (i from 0), MD5 over the two-byte
 * big-endian counter, the key string and the counter again; the digest, read as a 128-bit
 * unsigned big-endian integer, modulo the number of items still in the pool gives the
 * zero-based position, among the remaining items in their published order, of the item
 * selected. The selected item leaves the pool.
 */
import { toHex, utf8 } from './bytes.ts';
import { md5 as pureMd5 } from './md5.ts';

/** The two-byte counter bounds the number of selections. */
export const RFC3797_SELECTIONS_MAX = 65_536;

export interface Rfc3797Step {
  /** 1-based selection number, as in the RFC's table. */
  readonly index: number;
  readonly digestHex: string;
  /** Items remaining before this selection (the RFC's "div" column). */
  readonly remaining: number;
  /** 1-based position of the selected item in the original pool. */
  readonly selected: number;
}

function remainder(digest: Uint8Array, divisor: number): number {
  let r = 0;
  // r < divisor ≤ 2^32, so r·256 + 255 stays an exact double.
  for (const b of digest) r = (r * 256 + b) % divisor;
  return r;
}

/** Fenwick tree over pool positions still present, to find the k-th remaining quickly. */
class RemainingPool {
  private readonly tree: Int32Array;
  private readonly size: number;
  private readonly top: number;
  constructor(size: number) {
    this.size = size;
    this.tree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i++) {
      this.tree[i]! += 1;
      const parent = i + (i & -i);
      if (parent <= size) this.tree[parent]! += this.tree[i]!;
    }
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }

  /** Removes and returns the 1-based pool position of the (k+1)-th remaining item. */
  take(k: number): number {
    let pos = 0;
    let rest = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    const found = pos + 1;
    for (let i = found; i <= this.size; i += i & -i) this.tree[i]! -= 1;
    return found;
  }
}

export function rfc3797Select(keyString: string, poolSize: number, count: number, md5: (b: Uint8Array) => Uint8Array = pureMd5): Rfc3797Step[] {
  if (!Number.isSafeInteger(poolSize) || poolSize < 0 || poolSize > 0xffffffff) throw new RangeError(`pool size out of range: ${poolSize}`);
  if (!Number.isSafeInteger(count) || count < 0 || count > Math.min(poolSize, RFC3797_SELECTIONS_MAX)) throw new RangeError(`selection count out of range: ${count}`);
  const key = utf8(keyString);
  const message = new Uint8Array(key.length + 4);
  message.set(key, 2);
  const pool = new RemainingPool(poolSize);
  const steps: Rfc3797Step[] = [];
  for (let i = 0; i < count; i++) {
    message[0] = i >>> 8; message[1] = i & 0xff;
    message[key.length + 2] = i >>> 8; message[key.length + 3] = i & 0xff;
    const digest = md5(message);
    const remaining = poolSize - i;
    steps.push({ index: i + 1, digestHex: toHex(digest), remaining, selected: pool.take(remainder(digest, remaining)) });
  }
  return steps;
}
