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
import { LeafHashPipeline, leafHashThreadUseful } from './leaf-hash-pipeline.ts';
import { HashedLeafEvent, TextBackedEvent } from './leaf-source.ts';
import { envelopeTextOf } from '../integrity/envelope-text.ts';
import { belongsInLog } from './log-membership.ts';

/** The exact bytes a leaf hashes: the RFC 8785 form of the stored event's envelope. */
export function leafBytesOf(event: RecordedEvent): Buffer {
  return canonicalJsonBytes(toEnvelope(event));
}

/**
 * SHA-256(0x00 ‖ leafBytesOf(event)): the hash the store computed at append when the event
 * was read as one, else from the stored text when envelope-text.ts can vouch for it, else
 * through the envelope.
 */
export function leafHashOf(event: RecordedEvent): Buffer {
  if (event instanceof HashedLeafEvent) return Buffer.from(event.leafHash.buffer, event.leafHash.byteOffset, event.leafHash.byteLength);
  const text = event instanceof TextBackedEvent ? envelopeTextOf(event.stored) : undefined;
  return text === undefined ? leafHashOfEnvelope(toEnvelope(event)) : hashLeafText(text);
}

interface Gathered {
  /** undefined: sent to the hash thread, answered at flush. */
  hash: Uint8Array | undefined;
  event: RecordedEvent;
  id: string;
  position: bigint;
}

const MAX_SAFE_REVISION = BigInt(Number.MAX_SAFE_INTEGER);

export interface MerkleLogWriterOptions {
  /**
   * Text-backed events (a catch-up) the writer hashes itself before it hands them to a
   * second thread (leaf-hash-pipeline.ts): a small catch-up is over before a thread would
   * have started. Infinity: never (and never on one core).
   */
  hashThreadAfterLeaves?: number;
}

const HASH_THREAD_AFTER_LEAVES = 4096;

export class MerkleLogWriter implements BatchApplier {
  readonly #db: SqliteDatabase;
  readonly #nodes: SqliteTileStore;
  readonly #leaves: LeafAppender;
  readonly #pipeline: LeafHashPipeline | undefined;
  /** Text-backed events still to hash here before the thread takes over. */
  #untilThread: number;
  #frontier: CompactRange | undefined;
  #gathered: Gathered[] = [];
  #sent = 0;

  constructor(db: SqliteDatabase, options: MerkleLogWriterOptions = {}) {
    this.#db = db;
    this.#nodes = new SqliteTileStore(db);
    this.#leaves = new LeafAppender(db);
    this.#untilThread = options.hashThreadAfterLeaves ?? HASH_THREAD_AFTER_LEAVES;
    this.#pipeline = Number.isFinite(this.#untilThread) && leafHashThreadUseful() ? new LeafHashPipeline() : undefined;
  }

  /** Hashes `event` as the next leaf, or sends it to the hash thread (or skips it: see belongsInLog); written at flush. */
  readonly apply = (event: RecordedEvent): void => {
    if (!belongsInLog(event)) return;
    if (event instanceof HashedLeafEvent) {
      this.#gathered.push({ hash: event.leafHash, event, id: event.id, position: event.position });
      return;
    }
    if (this.#pipeline !== undefined && event instanceof TextBackedEvent && event.revision <= MAX_SAFE_REVISION) {
      if (this.#untilThread <= 0) {
        this.#pipeline.submit(event.stored);
        this.#sent++;
        this.#gathered.push({ hash: undefined, event, id: event.id, position: event.position });
        return;
      }
      this.#untilThread--;
    }
    this.#gathered.push({ hash: leafHashOf(event), event, id: event.id, position: event.position });
  };

  /** Appends the gathered leaves to the tree in the file; nothing stays gathered, even if it throws. */
  flush(): void {
    const gathered = this.#gathered;
    this.#gathered = [];
    const sent = this.#sent;
    this.#sent = 0;
    const answers = sent > 0 ? (this.#pipeline as LeafHashPipeline).drain() : [];
    if (gathered.length === 0) return;
    const frontier = this.#currentFrontier();
    const first = frontier.size;
    let previous = lastLeafPosition(this.#db) ?? -1n;
    const tiles = new TileWriter(this.#db);
    const sink = (level: number, index: number, hash: Uint8Array): void => tiles.set(level, index, hash);
    let answered = 0;
    for (const leaf of gathered) {
      // Where the thread's text road did not answer, the envelope's road (as leafHashOf takes it).
      const hash = leaf.hash ?? answers[answered++] ?? leafHashOfEnvelope(toEnvelope(leaf.event));
      // Leaves follow the store's order; anything else is events gathered twice (a failed batch retried on the same writer).
      if (leaf.position <= previous) throw new Error(`merkle-log: event ${leaf.id} at position ${leaf.position} does not follow position ${previous}`);
      previous = leaf.position;
      // The frontier moves before the rows are written: if a write throws, the batch rolls
      // back, the file is smaller than the frontier, and the next flush reloads it.
      frontier.append(hash, sink);
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
