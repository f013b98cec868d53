import { parseEventMetadata } from './envelope.ts';
import { InvalidAppendError } from './errors.ts';
import { forwardingStore } from './forwarding-store.ts';
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
 * inner store, not this one: an upcast event is not the event that was hashed. The port's
 * stored-form reads (readAllText, readAllLeafHashes, subscribeAllLeafHashes) are that by
 * definition, so they are the inner store's own (forwardingStore), where it has them.
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
  return forwardingStore(store, {
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
    async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
      return upcast(await store.readAll(options));
    },
    subscribeAll(options?: SubscribeAllOptions): Subscription {
      return upcastSubscription(store.subscribeAll(options), one);
    },
  });
}

function upcastSubscription(inner: Subscription, one: (e: RecordedEvent) => RecordedEvent): Subscription {
  return new UpcastSubscription(inner, one);
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The inner subscription's sequence, each event through `one`. A failing upcast ends the
 * iteration with the error (and closes the inner subscription): skipping the event would
 * be a silent gap. A hand-written iterator, not an async generator, so that an event the
 * inner subscription has at hand passes without a promise (nextAtHand) when it offers that.
 */
class UpcastSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  readonly #inner: Subscription;
  readonly #one: (e: RecordedEvent) => RecordedEvent;
  #iterator: AsyncIterator<RecordedEvent> | undefined;
  #ended = false;

  constructor(inner: Subscription, one: (e: RecordedEvent) => RecordedEvent) {
    this.#inner = inner;
    this.#one = one;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.#iterator !== undefined) throw new Error('a subscription can be iterated once');
    this.#iterator = this.#inner[Symbol.asyncIterator]();
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    if (this.#ended) return DONE;
    let result: IteratorResult<RecordedEvent>;
    try {
      result = await this.#iterator!.next();
    } catch (e) {
      await this.#end();
      throw e;
    }
    if (result.done === true) {
      await this.#end();
      return DONE;
    }
    return { done: false, value: this.#upcast(result.value) };
  }

  /** The inner subscription's event at hand, upcast; undefined when it has none (or cannot tell). */
  nextAtHand(): RecordedEvent | undefined {
    if (this.#ended) return undefined;
    const event = this.#inner.nextAtHand?.();
    return event === undefined ? undefined : this.#upcast(event);
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.#end();
    return DONE;
  }

  close(): Promise<void> {
    return this.#end();
  }

  #upcast(event: RecordedEvent): RecordedEvent {
    try {
      return this.#one(event);
    } catch (e) {
      void this.#end();
      throw e;
    }
  }

  async #end(): Promise<void> {
    this.#ended = true;
    await this.#inner.close();
  }
}
