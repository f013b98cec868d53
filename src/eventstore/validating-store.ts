import { parseEventMetadata } from './envelope.ts';
import { InvalidAppendError } from './errors.ts';
import { knownGoodMetadata } from './metadata-fast-path.ts';
import type { EventRegistry } from './registry.ts';
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
} from './port.ts';

/**
 * An EventStore that checks every event against the registry before it is appended
 * (metadata and data; nothing reaches the inner store when any event of the batch is
 * refused) and hands out every event upcast to the current version of its type.
 *
 * An event already at its type's current version is handed out as stored, not parsed
 * again: it was validated by that very schema when it was appended, and a schema change
 * means a new version (registry.ts), never an edit of the current one. Re-parsing every
 * event of every stream a command folds was the largest zod cost on the command path.
 * Older versions and unregistered types still go through registry.upcast, which
 * validates each step and refuses unknown types.
 *
 * Code that must see the bytes as stored — the Merkle log, export bundles — reads the
 * inner store, not this one: an upcast event is not the event that was hashed.
 */
const storedData = new WeakMap<AppendResult, readonly unknown[]>();

/**
 * The data of each event of an append as it was stored (its schema's output), when the
 * append went through withRegistry; undefined otherwise. The command runner folds these
 * into its cached state, so the next command need not read back what it just wrote.
 * (Decorators that return the inner result object, as withAppendMetrics does, keep it.)
 */
export function storedDataOf(result: AppendResult): readonly unknown[] | undefined {
  return storedData.get(result);
}

export function withRegistry(store: EventStore, registry: EventRegistry): EventStore {
  const one = (e: RecordedEvent): RecordedEvent => (registry.currentVersion(e.type) === e.schemaVersion ? e : registry.upcast(e));
  const upcast = (events: RecordedEvent[]): RecordedEvent[] => events.map(one);
  return {
    append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
      // Validated up front, in full, so a bad event late in the batch refuses the whole batch before any write.
      // Not an array: the inner store's own input checks name what is wrong.
      if (!Array.isArray(events)) return store.append(stream, events, expected);
      let checked: EventToAppend[];
      try {
        checked = events.map((event: unknown, i) => {
          if (typeof event !== 'object' || event === null) throw new InvalidAppendError(`events[${i}]`, 'must be an event object');
          const raw = (event as { metadata?: unknown }).metadata;
          const metadata = knownGoodMetadata(raw) ?? parseEventMetadata(raw, `events[${i}].metadata`);
          return { ...registry.validateForAppend(event as EventToAppend), metadata };
        });
      } catch (error) {
        return Promise.reject(error);
      }
      return store.append(stream, checked, expected).then((result) => {
        storedData.set(result, checked.map((e) => e.data));
        return result;
      });
    },
    async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
      return upcast(await store.readStream(stream, options));
    },
    streamRevision: (stream) => store.streamRevision(stream),
    async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
      return upcast(await store.readAll(options));
    },
    subscribeAll(options?: SubscribeAllOptions): Subscription {
      return upcastSubscription(store.subscribeAll(options), one);
    },
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

function upcastSubscription(inner: Subscription, one: (e: RecordedEvent) => RecordedEvent): Subscription {
  return {
    close: () => inner.close(),
    async *[Symbol.asyncIterator]() {
      // A failing upcast ends the iteration with the error: skipping the event would be a silent gap.
      try {
        for await (const event of inner) yield one(event);
      } finally {
        await inner.close();
      }
    },
  };
}
