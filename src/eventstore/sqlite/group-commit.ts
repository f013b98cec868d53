import canonicalize from 'canonicalize';
import type { SqliteDatabase } from '../../shared/sqlite-connection.ts';
import type { SerializedEvent } from '../append-validation.ts';
import type { ExpectedRevision } from '../port.ts';
import { leafHashHexAtAppend } from './leaf-hash.ts';

/**
 * The write side of the SQLite store: one group of appends from concurrent callers in one
 * transaction (one fsync at COMMIT), each caller inside its own SAVEPOINT so that its
 * WrongExpectedRevision or id conflict rolls back only its own rows; a caller of one event
 * whose revision is known needs none (#appendOne: a single INSERT undoes itself). Plain
 * data in and out, so it runs the same on the writer thread or on the main thread.
 *
 * No outcome is final before COMMIT returns: if the commit fails, every caller of the
 * group fails, including those whose savepoint succeeded.
 */
export interface AppendRequest {
  stream: string;
  expected: ExpectedRevision;
  events: SerializedEvent[];
}

export type AppendFailure =
  | { kind: 'wrong_expected_revision'; stream: string; expected: ExpectedRevision; actual: number | null }
  | { kind: 'event_id_conflict'; eventId: string; reason: 'other_stream' | 'other_content' | 'partial_batch' }
  | { kind: 'internal'; message: string };

/**
 * `replayed`: the batch was already stored (a retry), so `revision` need not be the stream's last.
 * `leafHashesHex`: for a batch this group stored, the leaf hash of each of its events as
 * written to `leaf_hash`, 64 hex digits each in batch order, NO_LEAF_HASH for an event stored
 * without one: the store's live tail (committed-tail.ts) serves them without reading the rows back.
 */
export type AppendOutcome =
  | { ok: true; revision: number; position: number; replayed?: true; leafHashesHex?: string }
  | { ok: false; failure: AppendFailure };

/** leafHashesHex's entry for an event stored without a leaf hash (hex digits never include '-'). */
export const NO_LEAF_HASH = '-'.repeat(64);

/**
 * A group's outcomes and what the writer saw of the log around them: `head` is the log's
 * last position when the group committed (undefined when the transaction failed), and
 * `foreign` is true when some other connection appended events since this writer's
 * previous group (or when it cannot tell). The store's stream heads (stream-heads.ts) trust
 * nothing they learnt before a foreign append.
 */
export interface GroupResult {
  outcomes: AppendOutcome[];
  foreign: boolean;
  head: number | undefined;
  /** The `recorded_at` of every event the group stored (one per transaction); absent when it failed. */
  recordedAt?: string;
}

/** Thrown inside a savepoint to roll it back and hand the caller its failure. */
class Refusal extends Error {
  constructor(readonly failure: AppendFailure) {
    super(failure.kind);
  }
}

interface StoredEventRow {
  stream: string;
  revision: number;
  position: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

/** Streams whose last revision the committer remembers at most; when full, all are forgotten at once. */
const KNOWN_STREAMS_MAX = 100_000;

export class GroupCommitter {
  readonly #db: SqliteDatabase;
  readonly #sql;
  /** The log's head after this connection's last commit; undefined before the first (or after a failure). */
  #lastHead: number | undefined;
  readonly #leafHashes: boolean;
  /**
   * The last revision of streams this connection wrote or looked up, vouched for while no
   * other connection has appended since (the head check at each BEGIN clears it otherwise;
   * so does any failed group). It spares the revision lookup of a stream written again.
   */
  readonly #known = new Map<string, number>();

  /**
   * `leafHashes: false` stores rows without their leaf hash (as stores written before it
   * did): for the benchmark that prices the hash at append, and tests of the log's fallback.
   */
  constructor(db: SqliteDatabase, options: { leafHashes?: boolean } = {}) {
    this.#db = db;
    this.#leafHashes = options.leafHashes ?? true;
    this.#sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
      streamRevision: db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
      insert: db.prepare(
        'INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, unhex(?))',
      ),
      byId: db.prepare('SELECT stream, revision, position, type, schema_version, data, metadata FROM events WHERE id = ?'),
      // The rowid's maximum: one descent of the table's right edge, including system events.
      logHead: db.prepare('SELECT max(position) FROM events').pluck(),
    };
    this.#lastHead = this.#logHead();
  }

  commit(requests: readonly AppendRequest[]): AppendOutcome[] {
    return this.commitGroup(requests).outcomes;
  }

  commitGroup(requests: readonly AppendRequest[]): GroupResult {
    try {
      this.#sql.begin.run();
    } catch (e) {
      this.#lastHead = undefined;
      this.#known.clear();
      return { outcomes: requests.map(() => internal(e)), foreign: true, head: undefined };
    }
    const recordedAt = new Date().toISOString();
    try {
      // Under the write lock: nobody else can append between this look and the COMMIT.
      const before = this.#logHead();
      const foreign = this.#lastHead === undefined || before !== this.#lastHead;
      if (foreign) this.#known.clear();
      const outcomes = requests.map((r) => this.#appendOne(r, recordedAt) ?? this.#appendInSavepoint(r, recordedAt));
      const head = headOf(before, outcomes);
      this.#sql.commit.run();
      this.#lastHead = head;
      return { outcomes, foreign, head, recordedAt };
    } catch (e) {
      // A failed COMMIT or savepoint operation (disk full, I/O error): nothing of the group is kept.
      this.#rollbackQuietly();
      this.#lastHead = undefined;
      this.#known.clear();
      return { outcomes: requests.map(() => internal(e)), foreign: true, head: undefined };
    }
  }

  #logHead(): number {
    return (this.#sql.logHead.get() as number | null) ?? 0;
  }

  #rollbackQuietly(): void {
    try {
      if (this.#db.inTransaction) this.#sql.rollback.run();
    } catch {
      // SQLite already rolled back, or the connection is unusable: the callers learn it from their failure.
    }
  }

  /**
   * A single event whose revision needs no lookup: the stream's last revision is known and
   * meets the expectation, or the caller expects no stream (revision 0; revisions start at
   * 0 and have no holes, so a stream that exists already holds (stream, 0) and the UNIQUE
   * index refuses the row). No savepoint: one INSERT that fails leaves nothing behind
   * (SQLite undoes a failing statement alone), and the request then takes the full road,
   * which tells a retry from a refusal. undefined: take the full road.
   */
  #appendOne(request: AppendRequest, recordedAt: string): AppendOutcome | undefined {
    const { stream, expected, events } = request;
    if (events.length !== 1) return undefined;
    const known = this.#known.get(stream);
    if (known === undefined ? expected !== 'no_stream' : !expectationHolds(expected, known)) return undefined;
    try {
      const outcome = this.#insert(stream, known ?? -1, events, recordedAt);
      this.#remember(stream, outcome.revision);
      return outcome;
    } catch (e) {
      // Still in the transaction: only the statement failed, and the full road says why.
      // Otherwise SQLite rolled the transaction back (I/O error, disk full): the group fails.
      if (this.#db.inTransaction) return undefined;
      throw e;
    }
  }

  #appendInSavepoint(request: AppendRequest, recordedAt: string): AppendOutcome {
    this.#sql.savepoint.run();
    try {
      const outcome = this.#append(request, recordedAt);
      this.#sql.release.run();
      if (outcome.ok && outcome.replayed !== true) this.#remember(request.stream, outcome.revision);
      return outcome;
    } catch (e) {
      this.#sql.rollbackToSavepoint.run();
      this.#sql.release.run();
      if (e instanceof Refusal) return { ok: false, failure: e.failure };
      if (isIdUniqueViolation(e)) return this.#replay(request) ?? internal(e);
      return internal(e);
    }
  }

  #append(request: AppendRequest, recordedAt: string): AppendOutcome {
    const { stream, expected, events } = request;
    const current = this.#known.get(stream) ?? (this.#sql.streamRevision.get(stream) as number | null);
    if (!expectationHolds(expected, current)) {
      // A retry of a stored batch is answered with its original result whatever it expects.
      const replayed = this.#replay(request);
      if (replayed !== undefined) return replayed;
      throw new Refusal({ kind: 'wrong_expected_revision', stream, expected, actual: current });
    }
    return this.#insert(stream, current ?? -1, events, recordedAt);
  }

  /** Inserts `events` after revision `last` of `stream`; throws what SQLite throws. */
  #insert(stream: string, last: number, events: readonly SerializedEvent[], recordedAt: string): AppendOutcome & { ok: true } {
    let revision = last;
    let position = 0;
    let leafHashesHex = '';
    for (const e of events) {
      revision += 1;
      const leafHash = this.#leafHashes
        ? leafHashHexAtAppend({ id: e.id, stream, revision, type: e.type, schemaVersion: e.schemaVersion, dataJson: e.data, metadataJson: e.metadata, recordedAt })
        : null;
      const info = this.#sql.insert.run(stream, revision, e.id, e.type, e.schemaVersion, recordedAt, e.data, e.metadata, leafHash);
      position = Number(info.lastInsertRowid);
      leafHashesHex += leafHash ?? NO_LEAF_HASH;
    }
    return { ok: true, revision, position, leafHashesHex };
  }

  #remember(stream: string, revision: number): void {
    if (this.#known.size >= KNOWN_STREAMS_MAX && !this.#known.has(stream)) this.#known.clear();
    this.#known.set(stream, revision);
  }

  /**
   * When some id of the batch is already stored: the original result if the batch is
   * exactly a run of stored events (same stream, same content, consecutive revisions in
   * batch order), else the conflict. undefined when no id is stored.
   */
  #replay(request: AppendRequest): AppendOutcome | undefined {
    const rows = request.events.map((e) => this.#sql.byId.get(e.id) as StoredEventRow | undefined);
    const firstStored = rows.findIndex((r) => r !== undefined);
    if (firstStored === -1) return undefined;
    for (const [i, row] of rows.entries()) {
      if (row === undefined) continue;
      const event = request.events[i]!;
      if (row.stream !== request.stream) return conflict(event.id, 'other_stream');
      if (!sameContent(row, event)) return conflict(event.id, 'other_content');
    }
    const first = rows[firstStored]!;
    const isRun = rows.every((r, i) => r !== undefined && r.revision === first.revision + i);
    if (!isRun) return conflict(request.events[firstStored]!.id, 'partial_batch');
    const last = rows.at(-1)!;
    return { ok: true, revision: last.revision, position: last.position, replayed: true };
  }
}

/**
 * The log's head after the group's appends, without a query: positions are rowids, each
 * one past the largest, and the rows of a failed caller were undone, so it is the largest
 * position a caller stored now, or the head before the group when none did.
 */
function headOf(before: number, outcomes: readonly AppendOutcome[]): number {
  let head = before;
  for (const o of outcomes) if (o.ok && o.replayed !== true && o.position > head) head = o.position;
  return head;
}

function expectationHolds(expected: ExpectedRevision, current: number | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === null;
  if (expected === 'stream_exists') return current !== null;
  return current !== null && BigInt(current) === expected;
}

/** Same type, version, data and metadata; JSON compared canonically (RFC 8785), so key order does not matter. */
function sameContent(row: StoredEventRow, event: SerializedEvent): boolean {
  return row.type === event.type && row.schema_version === event.schemaVersion && sameJson(row.data, event.data) && sameJson(row.metadata, event.metadata);
}

function sameJson(stored: string, candidate: string): boolean {
  return stored === candidate || canonicalize(JSON.parse(stored)) === canonicalize(JSON.parse(candidate));
}

function isIdUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id\b/.test((e as Error).message);
}

function conflict(eventId: string, reason: 'other_stream' | 'other_content' | 'partial_batch'): AppendOutcome {
  return { ok: false, failure: { kind: 'event_id_conflict', eventId, reason } };
}

function internal(e: unknown): AppendOutcome {
  return { ok: false, failure: { kind: 'internal', message: e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e) } };
}
