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
      const buffer = this.#reserve(level, index);
      buffer.set(hash, index * HASH_SIZE_BYTES);
      this.#written[level] = Math.max(this.#written[level] ?? 0, index + 1);
    }
    this.#treeSize = treeSize;
  }

  #reserve(level: number, index: number): Buffer {
    while (this.#levels.length <= level) {
      this.#levels.push(Buffer.alloc(INITIAL_NODES_PER_LEVEL * HASH_SIZE_BYTES));
      this.#written.push(0);
    }
    let buffer = this.#levels[level] as Buffer;
    if ((index + 1) * HASH_SIZE_BYTES > buffer.length) {
      let capacity = buffer.length;
      while ((index + 1) * HASH_SIZE_BYTES > capacity) capacity *= 2;
      const grown = Buffer.alloc(capacity);
      buffer.copy(grown);
      buffer = grown;
      this.#levels[level] = grown;
    }
    return buffer;
  }
}
