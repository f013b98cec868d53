/**
 * The store as the merkle-log projection reads it. The projection runtime reads RecordedEvents
 * (readAll), which parses every event's data and metadata; the log only hashes their
 * canonical text. Where the store can hand out its stored text (readAllText), this view's
 * readAll returns events that carry that text and parse it only if something asks for
 * `data` or `metadata` — the log writer asks only for the rows it cannot canonicalise from
 * the text (leaf-text.ts). Every other method is the store's own.
 *
 * Only for the merkle-log runner: its events are class instances whose data and metadata
 * are getters, which a spread or a structured clone would not copy.
 */
import type { EventMetadata, EventStore, ReadAllOptions, RecordedEvent, StoredEventText } from '../eventstore/port.ts';

export class TextBackedEvent implements RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly stored: StoredEventText;
  #data: unknown;
  #metadata: EventMetadata | undefined;

  constructor(stored: StoredEventText) {
    this.stored = stored;
    this.id = stored.id;
    this.stream = stored.stream;
    this.revision = stored.revision;
    this.position = stored.position;
    this.type = stored.type;
    this.schemaVersion = stored.schemaVersion;
    this.recordedAt = stored.recordedAt;
  }

  get data(): unknown {
    if (this.#data === undefined) this.#data = JSON.parse(this.stored.dataJson) as unknown;
    return this.#data;
  }

  get metadata(): EventMetadata {
    this.#metadata ??= JSON.parse(this.stored.metadataJson) as EventMetadata;
    return this.#metadata;
  }
}

/** `store`, with readAll answered from readAllText when the store has it and no type filter is asked. */
export function leafSource(store: EventStore): EventStore {
  const readAllText = store.readAllText?.bind(store);
  if (readAllText === undefined) return store;
  return {
    append: (stream, events, expected) => store.append(stream, events, expected),
    readStream: (stream, options) => store.readStream(stream, options),
    streamRevision: (stream) => store.streamRevision(stream),
    readAll: async (options?: ReadAllOptions): Promise<RecordedEvent[]> => {
      if (options?.types !== undefined) return store.readAll(options);
      const rows = await readAllText(options);
      return rows.map((row) => new TextBackedEvent(row));
    },
    readAllText,
    subscribeAll: (options) => store.subscribeAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}
