/** Leaf hashes for tests and benchmarks. */
import { hashLeaf } from '../../src/integrity/hasher.ts';

/** Real leaf hashes of small distinct entries: SHA-256(0x00 || "entry-i"). */
export function leafHashes(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => hashLeaf(Buffer.from(`entry-${i}`)));
}

/**
 * Cheap stand-ins for leaf hashes of large trees: 32 distinct bytes per index, no
 * SHA-256, so building a million-leaf tree costs only its node hashes.
 */
export function syntheticLeafHash(index: number): Uint8Array {
  const hash = Buffer.alloc(32, 0xa5);
  writeIndex(hash, index);
  return hash;
}

/** syntheticLeafHash for [start, start + count), as views of one buffer (no per-leaf allocation). */
export function syntheticLeafHashes(start: number, count: number): Uint8Array[] {
  const all = Buffer.alloc(32 * count, 0xa5);
  return Array.from({ length: count }, (_, i) => {
    const hash = all.subarray(32 * i, 32 * i + 32);
    writeIndex(hash, start + i);
    return hash;
  });
}

function writeIndex(hash: Buffer, index: number): void {
  hash.writeUInt32BE(index >>> 0, 0);
  hash.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
}
