import type { Test } from 'tap';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../../src/eventstore/port.ts';
import { WrongExpectedRevisionError } from '../../src/eventstore/errors.ts';

/**
 * The inner store for the registry tests. The registry and the decorator are what is
 * under test, so this is a deliberately small in-memory store with the port's meaning
 * for the paths they use (no idempotency, no input checks: the contract suite covers
 * those on the real adapters).
 */
export async function makeTestStore(t: Test): Promise<EventStore> {
  const store = new MemoryStore();
  t.teardown(() => store.close());
  return store;
}

class MemoryStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly waiters: (() => void)[] = [];

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(stream);
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedRevisionError(stream, expected, current);
    let revision = current ?? -1n;
    for (const e of events) {
      revision += 1n;
      this.log.push({ ...structuredClone(e), stream, revision, position: BigInt(this.log.length + 1), recordedAt: new Date().toISOString() });
    }
    for (const wake of this.waiters.splice(0)) wake();
    return { revision, position: BigInt(this.log.length) };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = this.log.filter((e) => e.stream === stream);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const selected = backwards
      ? events.filter((e) => from === undefined || e.revision <= from).reverse()
      : events.filter((e) => from === undefined || e.revision >= from);
    return structuredClone(selected.slice(0, options.limit ?? selected.length));
  }

  async streamRevision(stream: string): Promise<bigint | undefined> {
    return this.log.findLast((e) => e.stream === stream)?.revision;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const events = this.log.filter((e) => e.position > after);
    return structuredClone(events.slice(0, options.limit ?? events.length));
  }

  subscribeAll(options: { after?: bigint } = {}): Subscription {
    let next = options.after ?? 0n;
    let closed = false;
    const store = this;
    return {
      async close() {
        closed = true;
        for (const wake of store.waiters.splice(0)) wake();
      },
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const batch = await store.readAll({ after: next });
          for (const e of batch) {
            next = e.position;
            yield e;
          }
          if (batch.length === 0) await new Promise<void>((resolve) => store.waiters.push(resolve));
        }
      },
    };
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
