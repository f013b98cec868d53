import type { EventData, ResolvedEvent } from '@eventstore/db-client';
import canonicalize from 'canonicalize';
import type { SerializedEvent } from '../append-validation.ts';
import type { EventMetadata, RecordedEvent } from '../port.ts';

/**
 * How a taizhang event sits in EventStoreDB. The event id, type and stream are
 * EventStoreDB's own; `data` is the JSON payload; the custom metadata carries our
 * schemaVersion and metadata side by side (nested, so that what is read back is exactly
 * what was appended), plus EventStoreDB's `$correlationId`/`$causationId` so that its
 * `$by_correlation_id` projection works on our events too.
 */
interface StoredMetadata {
  schemaVersion: number;
  metadata: EventMetadata;
  $correlationId?: string;
  $causationId?: string;
}

/** EventStoreDB reports "no position" in a record as the largest unsigned 64-bit value. */
const NO_POSITION = 2n ** 64n - 1n;

export function toEsdbEvent(event: SerializedEvent): EventData {
  // The validated JSON text, parsed back: what EventStoreDB stores is exactly what the size check measured.
  const metadata = JSON.parse(event.metadata) as EventMetadata;
  const stored: StoredMetadata = { schemaVersion: event.schemaVersion, metadata };
  if (typeof metadata.correlationId === 'string') stored.$correlationId = metadata.correlationId;
  if (typeof metadata.causationId === 'string') stored.$causationId = metadata.causationId;
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    // The client JSON-encodes `data` itself; it is typed as object | array | string but encodes any JSON value.
    data: JSON.parse(event.data) as Record<string, unknown>,
    metadata: stored as unknown as Record<string, unknown>,
  };
}

/** True for events a user of the port may see: neither the stream nor the type starts with `$`. */
export function isUserEvent(resolved: ResolvedEvent): boolean {
  const e = resolved.event;
  return e !== undefined && resolved.link === undefined && !e.streamId.startsWith('$') && !e.type.startsWith('$');
}

/** A user event as the port's RecordedEvent. Throws on records this adapter did not write. */
export function fromEsdbEvent(resolved: ResolvedEvent): RecordedEvent {
  const e = resolved.event;
  if (e === undefined) throw new Error('EventStoreDB returned a record without an event');
  if (!e.isJson) throw new Error(`event ${e.id} in ${e.streamId} is not JSON: not written by taizhang`);
  const stored = e.metadata as Partial<StoredMetadata> | undefined;
  if (typeof stored !== 'object' || stored === null || typeof stored.schemaVersion !== 'number' || stored.metadata === undefined) {
    throw new Error(`event ${e.id} in ${e.streamId} has no taizhang metadata: not written by taizhang`);
  }
  return {
    id: e.id,
    stream: e.streamId,
    revision: e.revision,
    position: eventPosition(resolved),
    type: e.type,
    schemaVersion: stored.schemaVersion,
    data: e.data,
    metadata: stored.metadata,
    recordedAt: e.created.toISOString(),
  };
}

/**
 * The global position: the event's commit position in the transaction log. Since
 * EventStoreDB 20 every append is an implicit transaction whose events are each marked
 * committed, so each event has its own commit position (equal to its prepare position)
 * and they increase in $all order.
 */
export function eventPosition(resolved: ResolvedEvent): bigint {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  if (commit === undefined || commit === NO_POSITION || commit < 0n) {
    throw new Error('EventStoreDB did not report the position of an event read from a stream: taizhang needs an EventStoreDB later than 22.6');
  }
  return commit;
}

/** Same type, version, data and metadata, JSON compared canonically (RFC 8785) as the SQLite adapter does. */
export function sameContent(stored: RecordedEvent, candidate: SerializedEvent): boolean {
  return (
    stored.type === candidate.type &&
    stored.schemaVersion === candidate.schemaVersion &&
    canonicalize(stored.data) === canonicalize(JSON.parse(candidate.data)) &&
    canonicalize(stored.metadata) === canonicalize(JSON.parse(candidate.metadata))
  );
}
