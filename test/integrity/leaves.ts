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
  hash.writeUInt32BE(index >>> 0, 0);
  hash.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
  return hash;
}
