import { Readable } from 'node:stream';
import {
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
  type Filter,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EsdbClient } from '../../src/eventstore/esdb/esdb-reads.ts';

/**
 * An in-memory stand-in for the few EventStoreDB client calls the adapter makes, with
 * EventStoreDB's semantics as far as the adapter depends on them: commit positions that
 * increase but are not dense (byte offsets), reads from a $all position inclusive
 * forwards and exclusive backwards, subscriptions exclusive of their start and filtered
 * server-side, exact expected-version checks, StreamNotFound on reading a missing stream,
 * and EventStoreDB's own (weaker) idempotency for an exact expected revision. System
 * events are written at start and can be interleaved on demand.
 *
 * It lets the adapter's own logic (claims, paging, filtering, resumption) run where no
 * Docker engine is; the real server is tested by esdb.contract.test.ts where one is.
 */

interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: bigint;
}

type Listener = () => void;

export class FakeEsdbClient {
  readonly #log: FakeRecord[] = [];
  readonly #streams = new Map<string, FakeRecord[]>();
  readonly #listeners = new Set<Listener>();
  #nextPosition = 1_000n;
  /** When set, the next subscription fails with UnavailableError after this many deliveries. */
  dropNextSubscriptionAfter: number | undefined;
  /** EventStoreDB starts a $all subscription after its position; set to start at it instead (a server the adapter must not trust). */
  subscriptionStartInclusive = false;
  appendCalls = 0;

  constructor() {
    this.writeSystemEvent('$settings', '$settings');
    this.writeSystemEvent('$scavenges', '$scavengeIndexInitialized');
  }

  /** A record in a system stream or with a system type, as EventStoreDB writes them. */
  writeSystemEvent(streamId: string, type: string): void {
    const revision = BigInt(this.#streams.get(streamId)?.length ?? 0);
    this.#push({ streamId, id: crypto.randomUUID(), revision, type, data: {}, metadata: undefined, created: new Date(), position: 0n });
  }

  /** Every record in $all order, system ones included (for assertions). */
  get records(): readonly FakeRecord[] {
    return this.#log;
  }

  asClient(): EsdbClient {
    return this as unknown as EsdbClient;
  }

  async appendToStream(streamName: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    this.appendCalls += 1;
    await Promise.resolve(); // a round trip: lets concurrent callers interleave
    const batch = Array.isArray(events) ? events : [events];
    const existing = this.#streams.get(streamName) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const expected = options.expectedRevision ?? 'any';
    if (typeof expected === 'bigint' && current !== undefined && expected < current) {
      // EventStoreDB's own idempotency: the same ids right after the expected revision.
      const following = existing.slice(Number(expected) + 1, Number(expected) + 1 + batch.length);
      if (following.length === batch.length && following.every((r, i) => r.id === batch[i]!.id)) {
        return { success: true, nextExpectedRevision: following.at(-1)!.revision, position: undefined };
      }
    }
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    }
    let revision = current ?? -1n;
    for (const e of batch) {
      revision += 1n;
      const json = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
      this.#push({ streamId: streamName, id: e.id, revision, type: e.type, data: json(e.data), metadata: json(e.metadata), created: new Date(), position: 0n });
    }
    // Like the server: one position for the write (here, its first event's).
    const firstPosition = this.#log.at(-batch.length)!.position;
    return { success: true, nextExpectedRevision: revision, position: { commit: firstPosition, prepare: firstPosition } };
  }

  readStream(streamName: string, options: { direction?: string; fromRevision?: ReadRevision; maxCount?: number | bigint } = {}) {
    const records = this.#streams.get(streamName);
    const backwards = options.direction === 'backwards';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const pick = (): FakeRecord[] => {
      if (records === undefined) throw new StreamNotFoundError(undefined, streamName);
      if (backwards) {
        const upTo = from === 'end' ? records.length - 1 : Math.min(Number(from), records.length - 1);
        return records.slice(0, upTo + 1).reverse().slice(0, max);
      }
      const start = from === 'start' ? 0 : from === 'end' ? records.length : Number(from);
      return records.slice(start, start + max);
    };
    return readableOf(async function* () {
      await Promise.resolve();
      for (const r of pick()) yield resolved(r);
    });
  }

  readAll(options: { direction?: string; fromPosition?: ReadPosition; maxCount?: number | bigint } = {}) {
    const backwards = options.direction === 'backwards';
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const log = this.#log;
    return readableOf(async function* () {
      await Promise.resolve();
      let picked: FakeRecord[];
      if (backwards) {
        picked = (from === 'end' ? log : log.filter((r) => r.position < (from as { commit: bigint }).commit)).slice().reverse();
      } else {
        picked = from === 'start' ? log : from === 'end' ? [] : log.filter((r) => r.position >= from.commit);
      }
      for (const r of picked.slice(0, max)) yield resolved(r);
    });
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    const from = options.fromPosition ?? 'start';
    let after = from === 'start' ? 0n : from === 'end' ? (this.#log.at(-1)?.position ?? 0n) : from.commit;
    if (this.subscriptionStartInclusive && typeof from === 'object') after -= 1n;
    const regex = options.filter !== undefined && 'regex' in options.filter ? new RegExp(options.filter.regex) : undefined;
    let dropAfter = this.dropNextSubscriptionAfter;
    this.dropNextSubscriptionAfter = undefined;
    const log = this.#log;
    const listeners = this.#listeners;
    let wake: Listener | undefined;
    let ended = false;
    const readable = readableOf(async function* () {
      while (!ended) {
        const next = log.find((r) => r.position > after);
        if (next === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            listeners.add(resolve);
          });
          listeners.delete(wake!);
          continue;
        }
        after = next.position;
        if (regex !== undefined && !regex.test(next.type)) continue;
        if (dropAfter !== undefined && dropAfter-- <= 0) throw new UnavailableError(undefined, 'connection dropped (fake)');
        yield resolved(next);
      }
    });
    return Object.assign(readable, {
      async unsubscribe() {
        ended = true;
        wake?.();
        readable.destroy();
      },
    });
  }

  async dispose(): Promise<void> {
    for (const wake of [...this.#listeners]) wake();
  }

  #push(record: FakeRecord): void {
    record.position = this.#nextPosition;
    // Byte offsets: the next record starts after this one's (made-up) size.
    this.#nextPosition += 57n + BigInt(JSON.stringify(record.data ?? null).length);
    this.#log.push(record);
    const stream = this.#streams.get(record.streamId) ?? [];
    stream.push(record);
    this.#streams.set(record.streamId, stream);
    for (const wake of [...this.#listeners]) wake();
  }
}

function resolved(r: FakeRecord): ResolvedEvent {
  const event = {
    streamId: r.streamId,
    id: r.id,
    revision: r.revision,
    type: r.type,
    data: structuredClone(r.data),
    metadata: structuredClone(r.metadata),
    isJson: true,
    created: r.created,
    position: { commit: r.position, prepare: r.position },
  };
  return { event, commitPosition: r.position } as unknown as ResolvedEvent;
}

function readableOf(source: () => AsyncGenerator<ResolvedEvent>): Readable & { cancel(): Promise<void> } {
  const readable = Readable.from(source(), { objectMode: true, highWaterMark: 4 });
  return Object.assign(readable, {
    async cancel() {
      readable.destroy();
    },
  });
}
