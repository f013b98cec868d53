/**
 * Appends events to the Merkle log inside the merkle-log projection's batch transaction:
 * leaf hash = SHA-256(0x00 ‖ JCS(envelope)) of the event as stored (toEnvelope: revision
 * as a JSON number, no position), then the complete subtrees it closes, then the leaf's
 * event id and position.
 *
 * The frontier (compact range, O(log n) hashes) is kept between events so that an append
 * costs one size read, not a frontier read. It is trusted only while the tree size in the
 * file is the size it reached: a batch that rolled back leaves the file smaller than the
 * frontier, and the next append reads the frontier again from the file.
 */
import type { RecordedEvent } from '../eventstore/port.ts';
import { toEnvelope } from '../eventstore/envelope.ts';
import { canonicalJsonBytes } from '../integrity/canonical-json.ts';
import { CompactRange } from '../integrity/compact-range.ts';
import { hashLeaf } from '../integrity/hasher.ts';
import { SqliteNodeStore } from '../integrity/sqlite-node-store.ts';
import { rangeNodes } from '../integrity/tree-math.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { belongsInLog } from './log-membership.ts';

/** The exact bytes a leaf hashes: the RFC 8785 form of the stored event's envelope. */
export function leafBytesOf(event: RecordedEvent): Buffer {
  return canonicalJsonBytes(toEnvelope(event));
}

export class MerkleLogWriter {
  readonly #nodes: SqliteNodeStore;
  readonly #insertLeaf;
  #frontier: CompactRange | undefined;
  readonly #sink = (level: number, index: number, hash: Uint8Array): void => this.#nodes.insertNode(level, index, hash);

  constructor(db: SqliteDatabase) {
    this.#nodes = new SqliteNodeStore(db);
    this.#insertLeaf = db.prepare('INSERT INTO leaves (leaf_index, event_id, position) VALUES (?, ?, ?)');
  }

  /** Integrates `event` as the next leaf (or skips it: see belongsInLog). Returns its leaf index, or undefined. */
  append(event: RecordedEvent): number | undefined {
    if (!belongsInLog(event)) return undefined;
    const leafHash = hashLeaf(leafBytesOf(event));
    const frontier = this.#currentFrontier();
    const index = frontier.size;
    // The frontier moves before the rows are written: if a write throws, the batch rolls
    // back, the file is smaller than the frontier, and the next append reloads it.
    frontier.append(leafHash, this.#sink);
    this.#insertLeaf.run(index, event.id, event.position);
    return index;
  }

  #currentFrontier(): CompactRange {
    const size = this.#nodes.readTreeSize();
    if (this.#frontier?.size !== size) {
      this.#frontier = size === 0 ? CompactRange.empty() : CompactRange.fromTiling(size, this.#nodes.readNodes(rangeNodes(0, size)));
    }
    return this.#frontier;
  }
}
