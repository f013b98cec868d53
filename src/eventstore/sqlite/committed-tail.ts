import { isReservedName } from '../append-validation.ts';
import type { RecordedEvent, StoredEventText, StoredLeafHash } from '../port.ts';
import { NO_LEAF_HASH, type AppendOutcome, type AppendRequest, type GroupResult } from './group-commit.ts';
import { PAGE_BYTES_MAX, PAGE_ROWS_MAX, recordedOfText } from './read-queries.ts';

/** One committed row as the writer stored it (its text: the columns of `events`), with its leaf hash. */
interface TailRow extends Readonly<StoredEventText> {
  /** 64 hex digits, or NO_LEAF_HASH. */
  readonly leafHashHex: string;
  /** A `$` stream or type: in the log, never handed out (read-queries.ts's USER_EVENTS). */
  readonly system: boolean;
}

export interface TailLimits {
  /** Most rows kept. 0: no tail, every page is read from SQLite. */
  eventsMax: number;
  /** Most bytes of data + metadata JSON kept (a single larger group is kept whole, then trimmed to its newest rows). */
  bytesMax: number;
}

/**
 * Live subscriptions read a group or two behind the head; one further behind reads SQLite,
 * as a catch-up does anyway. Kept small on purpose: every row held here outlives the
 * request that wrote it, and rows held across more than a scavenge or two are promoted to
 * the old generation (copied, then collected by the major GC) instead of dying young. At
 * ~140 KiB allocated per command and ~1.6 events per command, a scavenge of the default
 * young generation comes every ~100-200 events.
 */
export const DEFAULT_TAIL_LIMITS: TailLimits = { eventsMax: 256, bytesMax: 1024 * 1024 };

/**
 * The newest rows this store committed, kept on the main thread so that its own live
 * subscriptions take their pages from memory instead of reading back what the writer has
 * just written (and, for the Merkle log, the leaf hash the writer just computed).
 *
 * Rows enter only when the writer confirmed the group's COMMIT (GroupCommitQueue's
 * onCommitted, before any caller is answered): never on submit, never from a failed group.
 * The tail is a contiguous run of positions: a group that does not start right after its
 * end (appends by another process, a group whose fate is unknown, a restart) starts it
 * afresh, and rows whose positions the outcomes do not account for empty it. A position
 * it does not cover is read from SQLite, as is anything past its end (another process may
 * have appended there since).
 *
 * What it hands out is built fresh for each page from immutable strings and bigints, as
 * read-queries.ts builds it from a row: no object is shared between subscribers.
 */
export class CommittedTail {
  readonly #limits: TailLimits;
  /** Rows, oldest first, from #rows[#first]; positions #start+1, #start+2, … */
  #rows: TailRow[] = [];
  #first = 0;
  #start = 0n;
  #bytes = 0;

  constructor(limits: TailLimits = DEFAULT_TAIL_LIMITS) {
    if (!Number.isInteger(limits.eventsMax) || limits.eventsMax < 0) throw new RangeError(`eventsMax must be an integer >= 0, got ${limits.eventsMax}`);
    if (!Number.isInteger(limits.bytesMax) || limits.bytesMax < 0) throw new RangeError(`bytesMax must be an integer >= 0, got ${limits.bytesMax}`);
    this.#limits = limits;
  }

  /** Rows kept (system rows included). */
  get size(): number {
    return this.#rows.length - this.#first;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The positions covered, `after` exclusive; undefined when empty. */
  get covers(): { after: bigint; last: bigint } | undefined {
    return this.size === 0 ? undefined : { after: this.#start, last: this.#start + BigInt(this.size) };
  }

  /** A group the writer answered: its stored rows join the tail if the COMMIT is confirmed. */
  noteGroup(requests: readonly AppendRequest[], result: GroupResult): void {
    if (this.#limits.eventsMax === 0) return;
    const rows = committedRows(requests, result);
    if (rows === undefined) {
      this.clear();
      return;
    }
    if (rows.length === 0) return;
    if (this.size === 0 || rows[0]!.position !== this.#start + BigInt(this.size) + 1n) {
      this.clear();
      this.#start = rows[0]!.position - 1n;
    }
    for (const row of rows) {
      this.#rows.push(row);
      this.#bytes += row.dataJson.length + row.metadataJson.length;
    }
    this.#trim();
  }

  /** Forget every row: the next group starts the tail afresh. */
  clear(): void {
    this.#rows = [];
    this.#first = 0;
    this.#bytes = 0;
  }

  /** subscribeAll's next page after `after` (ReadQueries.readPage), or undefined when the tail cannot give it; `live` as in #page. */
  recordedPage(after: bigint, live = false): RecordedEvent[] | undefined {
    return this.#page(after, live, recordedOfText);
  }

  /** subscribeAllLeafHashes's next page after `after` (ReadQueries.readLeafHashPage), or undefined when the tail cannot give it; `live` as in #page. */
  leafHashPage(after: bigint, live = false): StoredLeafHash[] | undefined {
    return this.#page(after, live, toLeafHash);
  }

  /**
   * User rows after `after`, bounded as a SQLite page is. undefined (read SQLite) when
   * `after` is not inside the tail. When no user row follows it here, past the tail's end
   * only SQLite knows whether another process appended: undefined, unless the reader is
   * `live` (woken by this store's commit: SubscriptionSource.readPage), which takes the empty
   * page and sleeps until the next commit or its poll. Another process's rows are then seen
   * at that poll, or as soon as this store commits again: a group that does not follow the
   * tail's end starts the tail afresh, and a reader left before it reads SQLite.
   */
  #page<T>(after: bigint, live: boolean, build: (row: TailRow) => T): T[] | undefined {
    const size = this.size;
    if (size === 0 || after < this.#start) return undefined;
    const offset = after - this.#start;
    if (offset > BigInt(size)) return undefined;
    if (offset === BigInt(size)) return live ? [] : undefined;
    const page: T[] = [];
    let bytes = 0;
    for (let i = this.#first + Number(offset); i < this.#rows.length && page.length < PAGE_ROWS_MAX && bytes < PAGE_BYTES_MAX; i++) {
      const row = this.#rows[i]!;
      if (row.system) continue;
      page.push(build(row));
      bytes += row.dataJson.length + row.metadataJson.length;
    }
    return page.length === 0 && !live ? undefined : page;
  }

  #trim(): void {
    let size = this.size;
    while (size > 0 && (size > this.#limits.eventsMax || this.#bytes > this.#limits.bytesMax)) {
      const row = this.#rows[this.#first]!;
      this.#bytes -= row.dataJson.length + row.metadataJson.length;
      this.#first += 1;
      this.#start = row.position;
      size -= 1;
    }
    // Compact once the dropped prefix outweighs the kept rows: amortised O(1) per row.
    if (this.#first > 0 && this.#first >= size) {
      this.#rows = this.#rows.slice(this.#first);
      this.#first = 0;
    }
  }
}

/**
 * The rows a group stored, in position order, or undefined when the result does not
 * account for them exactly: the transaction failed or its fate is unknown (no head), or
 * the stored batches' positions are not the contiguous run that ends at the head.
 */
function committedRows(requests: readonly AppendRequest[], result: GroupResult): TailRow[] | undefined {
  if (result.head === undefined || result.recordedAt === undefined || result.outcomes.length !== requests.length) return undefined;
  let count = 0;
  for (const [i, outcome] of result.outcomes.entries()) if (stored(outcome)) count += requests[i]!.events.length;
  let next = result.head - count + 1;
  const rows: TailRow[] = [];
  for (const [i, outcome] of result.outcomes.entries()) {
    if (!stored(outcome)) continue;
    const { stream, events } = requests[i]!;
    if (outcome.leafHashesHex === undefined || outcome.leafHashesHex.length !== events.length * 64) return undefined;
    if (outcome.position !== next + events.length - 1) return undefined;
    const system = isReservedName(stream);
    for (const [k, e] of events.entries()) {
      rows.push({
        position: BigInt(next),
        stream,
        revision: BigInt(outcome.revision - events.length + 1 + k),
        id: e.id,
        type: e.type,
        schemaVersion: e.schemaVersion,
        recordedAt: result.recordedAt,
        dataJson: e.data,
        metadataJson: e.metadata,
        leafHashHex: outcome.leafHashesHex.slice(k * 64, k * 64 + 64),
        system: system || isReservedName(e.type),
      });
      next += 1;
    }
  }
  return rows;
}

/** A batch this group wrote (a replay wrote nothing; a refusal was rolled back). */
function stored(outcome: AppendOutcome): outcome is Extract<AppendOutcome, { ok: true }> {
  return outcome.ok && outcome.replayed !== true;
}

/** A fresh copy of the row's text: nothing a subscriber holds is shared with another. */
function toText(row: TailRow): StoredEventText {
  const { leafHashHex, system, ...text } = row;
  return text;
}

function toLeafHash(row: TailRow): StoredLeafHash {
  if (row.leafHashHex === NO_LEAF_HASH) return { position: row.position, id: row.id, stream: row.stream, type: row.type, text: toText(row) };
  return { position: row.position, id: row.id, stream: row.stream, type: row.type, leafHash: Buffer.from(row.leafHashHex, 'hex') };
}
