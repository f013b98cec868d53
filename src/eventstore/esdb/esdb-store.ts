import { EventStoreDBClient, END } from '@eventstore/db-client';
import {
  DEFAULT_MAX_EVENT_BYTES,
  isReservedName,
  validateAppend,
  validateReadAllOptions,
  validateReadStreamOptions,
} from '../append-validation.ts';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
} from '../port.ts';
import { appendToEsdb } from './esdb-append.ts';
import { allPosition, currentRevision, readAllPage, readStreamRecords, type EsdbClient } from './esdb-reads.ts';
import { EsdbSubscription } from './esdb-subscription.ts';
import { eventPosition, fromEsdbEvent, isUserEvent } from './event-mapping.ts';

/**
 * The EventStore port on EventStoreDB (20.x and later, tested with 24.10), through
 * @eventstore/db-client 6.
 *
 * - Positions are EventStoreDB commit positions: increasing in $all order, not dense
 *   (they are byte offsets in the transaction log). `after` is exclusive everywhere.
 * - Revisions are EventStoreDB's stream revisions (0-based), unchanged.
 * - Input is checked by the same code as the SQLite adapter (append-validation.ts);
 *   an EventStoreDB WrongExpectedVersion becomes the port's WrongExpectedRevisionError.
 * - Idempotency is the port's, not EventStoreDB's: see id-claims.ts and esdb-append.ts.
 * - `$` streams and `$` event types (EventStoreDB's own, and the id claims) never
 *   reach a reader: server-side filtering for subscriptions, client-side for reads
 *   (client 6 cannot send a filter with a plain $all read).
 * - EventStoreDB's own append limit (MaxAppendSize, 1 MiB by default) applies to a
 *   whole batch and includes our metadata: run it with a larger one (docker-compose.yml
 *   sets 8 MiB) so that a 1 MiB event fits.
 */
export interface EsdbStoreOptions {
  /** Largest event: UTF-8 bytes of JSON data + JSON metadata, as in the SQLite adapter. */
  maxEventBytes?: number;
}

/** Records per $all page: the client buffers a page in memory. */
const ALL_PAGE_SIZE = 512;
/** Events per stream page when a stream read has no limit. */
const STREAM_PAGE_SIZE = 4096;

export async function openEsdbStore(connectionString: string, options: EsdbStoreOptions = {}): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const store = new EsdbStore(client, options);
  try {
    // Fails fast on a wrong address or a stopped server, rather than at the first command.
    await store.headPosition();
  } catch (error) {
    await client.dispose();
    throw new Error(`cannot reach EventStoreDB at ${redact(connectionString)}: ${(error as Error).message}`, { cause: error });
  }
  return store;
}

export class EsdbStore implements EventStore {
  readonly #client: EsdbClient;
  readonly #maxEventBytes: number;
  readonly #subscriptions = new Set<EsdbSubscription>();
  #closed = false;

  constructor(client: EsdbClient, options: EsdbStoreOptions = {}) {
    this.#client = client;
    this.#maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.#assertOpen();
    const serialized = validateAppend(stream, events, expected, this.#maxEventBytes);
    return appendToEsdb(this.#client, stream, serialized, expected);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const { direction, fromRevision, limit } = validateReadStreamOptions(options);
    if (typeof stream !== 'string' || isReservedName(stream)) return [];
    const out: RecordedEvent[] = [];
    let from = fromRevision;
    // Paged so that an unlimited read of a long stream never asks the server for everything at once.
    while (limit === undefined || out.length < limit) {
      const want = Math.min(limit === undefined ? STREAM_PAGE_SIZE : limit - out.length, STREAM_PAGE_SIZE);
      const page = await readStreamRecords(this.#client, stream, { direction, ...(from === undefined ? {} : { fromRevision: from }), maxCount: want });
      for (const resolved of page) out.push(fromEsdbEvent(resolved));
      const last = out.at(-1);
      if (page.length < want || last === undefined) break;
      if (direction === 'backwards' && last.revision === 0n) break;
      from = direction === 'forwards' ? last.revision + 1n : last.revision - 1n;
    }
    return out;
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    this.#assertOpen();
    if (typeof stream !== 'string' || isReservedName(stream)) return undefined;
    return currentRevision(this.#client, stream);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.#assertOpen();
    const { after, limit, types } = validateReadAllOptions(options);
    // Filtered on the client: every record is still read, but only the wanted ones are decoded.
    const wanted = types === undefined ? undefined : new Set(types);
    const out: RecordedEvent[] = [];
    let from = after;
    // Each page starts at the last record seen (reads are inclusive), which is skipped.
    while (limit === undefined || out.length < limit) {
      const page = await readAllPage(this.#client, allPosition(from), 'forwards', ALL_PAGE_SIZE);
      for (const resolved of page) {
        const position = eventPosition(resolved);
        if (position <= from) continue;
        from = position;
        if (!isUserEvent(resolved)) continue;
        if (wanted !== undefined && !wanted.has(resolved.event!.type)) continue;
        out.push(fromEsdbEvent(resolved));
        if (out.length === limit) return out;
      }
      if (page.length < ALL_PAGE_SIZE) break;
    }
    return out;
  }

  subscribeAll(options?: SubscribeAllOptions): Subscription {
    this.#assertOpen();
    const { after } = validateReadAllOptions({ after: options?.after });
    const subscription = new EsdbSubscription(this.#client, after, (s) => this.#subscriptions.delete(s));
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.#assertOpen();
    let from: Parameters<typeof readAllPage>[1] = END;
    // Backwards until the newest user event; the tail is usually one, or a few claims.
    for (;;) {
      const page = await readAllPage(this.#client, from, 'backwards', ALL_PAGE_SIZE);
      const newest = page.find(isUserEvent);
      if (newest !== undefined) return eventPosition(newest);
      const oldest = page.at(-1);
      if (page.length < ALL_PAGE_SIZE || oldest === undefined) return 0n;
      // Backward reads start just before the given position's record.
      const p = eventPosition(oldest);
      from = { commit: p, prepare: p };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
    await this.#client.dispose();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('event store is closed');
  }
}

/** The connection string without credentials, for error messages. */
function redact(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}
