/**
 * Reads leaves.txt (positions and leaf hashes, one line per leaf) and computes the Merkle
 * root its hashes give at every checkpoint size. When all match the signed checkpoints the
 * hashes are as good as signed (SHA-256 collision resistance), and the events pass can name
 * the exact line that differs; when one does not, the events alone decide (verify-events.ts).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fromBase64 } from '../integrity/base64.ts';
import { CompactRange } from '../integrity/compact-range.ts';
import { hashesEqual, HASH_SIZE_BYTES } from '../integrity/hasher.ts';
import { fault } from './bundle-fault.ts';
import { LEAVES_FILE } from './bundle-format.ts';
import { readLines } from './bundle-io.ts';
import type { BundleHead } from './verify-bundle.ts';

export interface LeavesFile {
  /** treeSize × 32 bytes: leaf i at 32·i. */
  hashes: Buffer;
  positions: BigUint64Array;
  /** Every checkpoint's root is the root of these hashes. */
  authenticated: boolean;
  sha256: string;
  lastPosition: bigint;
}

const LINE = /^(0|[1-9][0-9]{0,19}) ([A-Za-z0-9+/]{43}=)$/;

export function leafHashAt(leaves: LeavesFile, i: number): Buffer {
  return leaves.hashes.subarray(i * HASH_SIZE_BYTES, (i + 1) * HASH_SIZE_BYTES);
}

export function readLeavesFile(head: BundleHead): LeavesFile {
  const n = head.manifest.treeSize;
  const hashes = Buffer.alloc(n * HASH_SIZE_BYTES);
  const positions = new BigUint64Array(n);
  const sha = createHash('sha256');
  const range = CompactRange.empty();
  let checkpoint = 0;
  let authenticated = true;
  let count = 0;
  const bad = (line: number, message: string, extra: { expected?: string; actual?: string } = {}) =>
    fault({ kind: 'leaves', file: LEAVES_FILE, leafIndex: line, message: `line ${line + 1}: ${message}`, ...extra });
  for (const { index, bytes, unterminated } of readLines(path.join(head.dir, LEAVES_FILE), sha)) {
    if (unterminated) throw bad(index, 'has no final newline');
    if (index >= n) throw bad(index, `more lines than the tree's ${n} leaves`);
    const m = LINE.exec(bytes.toString('latin1'));
    const hash = m === null ? undefined : fromBase64(m[2]!);
    if (m === null || hash === undefined || hash.length !== HASH_SIZE_BYTES) throw bad(index, 'expected "<position> <base64 SHA-256>"');
    const position = BigInt(m[1]!);
    if (index > 0 && position <= positions[index - 1]!) throw bad(index, 'positions must increase', { expected: `> ${positions[index - 1]}`, actual: String(position) });
    positions[index] = position;
    hashes.set(hash, index * HASH_SIZE_BYTES);
    range.append(hash);
    count = index + 1;
    const c = head.checkpoints[checkpoint];
    if (c !== undefined && c.treeSize === count) {
      if (!hashesEqual(range.root(), c.rootHash)) authenticated = false;
      checkpoint++;
    }
  }
  if (count < n) throw bad(count, `the file ends after ${count} of the tree's ${n} leaves`);
  return { hashes, positions, authenticated, sha256: sha.digest('hex'), lastPosition: positions[n - 1]! };
}
