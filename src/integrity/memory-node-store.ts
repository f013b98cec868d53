/**
 * TreeNodeStore in memory: one contiguous buffer per level, node i at byte 32·i, so a
 * million leaves cost 64 MiB and no per-node object. For tests, benchmarks and the
 * offline `verify`, which rebuilds the tree from a bundle.
 */
import { invariant } from '../domain/decider.ts';
import { MissingNodeError } from './errors.ts';
import { HASH_SIZE_BYTES } from './hasher.ts';
import type { StoredNode, TreeNodeStore } from './node-store.ts';
import { completeNodeCount, type NodeId } from './tree-math.ts';

const INITIAL_NODES_PER_LEVEL = 1024;

export class MemoryNodeStore implements TreeNodeStore {
  #treeSize = 0;
  /** levels[l] holds the hashes of level l; written[l] how many of them are set. */
  readonly #levels: Buffer[] = [];
  readonly #written: number[] = [];

  readTreeSize(): number {
    return this.#treeSize;
  }

  readNodes(ids: readonly NodeId[]): Uint8Array[] {
    return ids.map(({ level, index }) => {
      const buffer = this.#levels[level];
      const present = index < (this.#written[level] ?? 0) && index < completeNodeCount(level, this.#treeSize);
      if (buffer === undefined || !present) throw new MissingNodeError(level, index, this.#treeSize);
      return buffer.subarray(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES);
    });
  }

  writeNodes(nodes: readonly StoredNode[], treeSize: number): void {
    invariant(treeSize >= this.#treeSize, 'the tree only grows');
    for (const node of nodes) {
      invariant(node.hash.length === HASH_SIZE_BYTES, 'node hashes are 32 bytes');
      invariant(node.index < completeNodeCount(node.level, treeSize), 'only complete subtrees are stored');
    }
    for (const { level, index, hash } of nodes) {
      const end = (index + 1) * HASH_SIZE_BYTES;
      const current = this.#levels[level];
      const buffer = current !== undefined && end <= current.length ? current : this.#reserve(level, end);
      buffer.set(hash, end - HASH_SIZE_BYTES);
      if (index >= (this.#written[level] as number)) this.#written[level] = index + 1;
    }
    this.#treeSize = treeSize;
  }

  /** The buffer of `level`, grown (doubling) to hold at least `bytes`. */
  #reserve(level: number, bytes: number): Buffer {
    while (this.#levels.length <= level) {
      this.#levels.push(Buffer.alloc(INITIAL_NODES_PER_LEVEL * HASH_SIZE_BYTES));
      this.#written.push(0);
    }
    const buffer = this.#levels[level] as Buffer;
    if (bytes <= buffer.length) return buffer;
    let capacity = buffer.length;
    while (bytes > capacity) capacity *= 2;
    const grown = Buffer.alloc(capacity);
    buffer.copy(grown);
    this.#levels[level] = grown;
    return grown;
  }
}
