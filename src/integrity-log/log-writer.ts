/**
 * Appends events to the Merkle log inside the merkle-log projection's batch transaction, as
 * a BatchApplier: `apply` hashes each event (leaf hash = SHA-256(0x00 ‖ JCS(envelope)) of
 * the event as stored: toEnvelope, revision as a JSON number, no position) and gathers it;
 * `flush`, at the end of the batch and inside its transaction, appends the gathered leaves
 * to the tree: the complete subtrees they close, into their tiles, then each leaf's event id
 * and position.
 *
 * The frontier (compact range, O(log n) hashes) is kept between batches, so a batch costs
 * one size read, not a frontier read. It is trusted only while the tree size in the file is
 * the size it reached: a batch that rolled back leaves the file smaller than the frontier,
 * and the next flush reads the frontier again from the file.
 */
import { LeafAppender, lastLeafPosition } from '../../projections/merkle-log/queries.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import { toEnvelope } from '../eventstore/envelope.ts';
import { canonicalJsonBytes } from '../integrity/canonical-json.ts';
import { CompactRange } from '../integrity/compact-range.ts';
import { hashLeafText, leafHashOfEnvelope } from '../integrity/hasher.ts';
import { SqliteTileStore, TileWriter } from '../integrity/sqlite-tile-store.ts';
import { rangeNodes } from '../integrity/tree-math.ts';
import type { BatchApplier } from '../projections/definition.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { TextBackedEvent } from './leaf-source.ts';
import { leafTextOf } from './leaf-text.ts';
import { belongsInLog } from './log-membership.ts';

/** The exact bytes a leaf hashes: the RFC 8785 form of the stored event's envelope. */
export function leafBytesOf(event: RecordedEvent): Buffer {
  return canonicalJsonBytes(toEnvelope(event));
}

/** SHA-256(0x00 ‖ leafBytesOf(event)): from the stored text when leaf-text.ts can vouch for it, else through the envelope. */
export function leafHashOf(event: RecordedEvent): Buffer {
  const text = event instanceof TextBackedEvent ? leafTextOf(event.stored) : undefined;
  return text === undefined ? leafHashOfEnvelope(toEnvelope(event)) : hashLeafText(text);
}

interface Gathered {
  hash: Buffer;
  id: string;
  position: bigint;
}

export class MerkleLogWriter implements BatchApplier {
  readonly #db: SqliteDatabase;
  readonly #nodes: SqliteTileStore;
  readonly #leaves: LeafAppender;
  #frontier: CompactRange | undefined;
  #gathered: Gathered[] = [];

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#nodes = new SqliteTileStore(db);
    this.#leaves = new LeafAppender(db);
  }

  /** Hashes `event` as the next leaf (or skips it: see belongsInLog); written at flush. */
  readonly apply = (event: RecordedEvent): void => {
    if (!belongsInLog(event)) return;
    this.#gathered.push({ hash: leafHashOf(event), id: event.id, position: event.position });
  };

  /** Appends the gathered leaves to the tree in the file; nothing stays gathered, even if it throws. */
  flush(): void {
    const gathered = this.#gathered;
    this.#gathered = [];
    if (gathered.length === 0) return;
    const frontier = this.#currentFrontier();
    const first = frontier.size;
    let previous = lastLeafPosition(this.#db) ?? -1n;
    const tiles = new TileWriter(this.#db);
    const sink = (level: number, index: number, hash: Uint8Array): void => tiles.set(level, index, hash);
    for (const leaf of gathered) {
      // Leaves follow the store's order; anything else is events gathered twice (a failed batch retried on the same writer).
      if (leaf.position <= previous) throw new Error(`merkle-log: event ${leaf.id} at position ${leaf.position} does not follow position ${previous}`);
      previous = leaf.position;
      // The frontier moves before the rows are written: if a write throws, the batch rolls
      // back, the file is smaller than the frontier, and the next flush reloads it.
      frontier.append(leaf.hash, sink);
    }
    tiles.flush();
    this.#leaves.append(first, gathered);
  }

  #currentFrontier(): CompactRange {
    const size = this.#nodes.readTreeSize();
    if (this.#frontier?.size !== size) {
      this.#frontier = size === 0 ? CompactRange.empty() : CompactRange.fromTiling(size, this.#nodes.readNodes(rangeNodes(0, size)));
    }
    return this.#frontier;
  }
}
