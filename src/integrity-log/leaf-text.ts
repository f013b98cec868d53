/**
 * The leaf text of an event read as stored text (EventStore.readAllText): the RFC 8785 form
 * of its envelope, assembled from canonical pieces in the envelope's sorted key order
 * (data, id, metadata, recordedAt, revision, schemaVersion, stream, type) instead of
 * parsing data and metadata only to write them again.
 *
 * It must be, byte for byte, leafBytesOf(the parsed event) (log-writer.ts): the export,
 * `verify` and every bundle already written hash that. So it answers only when it can vouch
 * for that and returns undefined otherwise — then the caller takes leafBytesOf's road,
 * which also decides what is an error. test/integrity-log/leaf-text.test.ts holds the two
 * against each other, on the store's events and on generated JSON.
 */
import type { StoredEventText } from '../eventstore/port.ts';
import { canonicalJsonText } from '../integrity/canonical-text.ts';

// Strings JSON.stringify writes as they are: no quote, backslash, control character or surrogate.
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** RFC 8785 of a string (§3.2.2.2: JSON.stringify's escapes); undefined for a lone surrogate or a non-string. */
function quoted(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  return wellFormed(value) ? JSON.stringify(value) : undefined;
}

/** The canonical envelope text of `event`, or undefined when it takes the parse-and-canonicalise road. */
export function leafTextOf(event: StoredEventText): string | undefined {
  // toEnvelope refuses revisions a JSON number cannot hold: that road says so.
  if (event.revision < 0n || event.revision > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  if (!Number.isFinite(event.schemaVersion)) return undefined;
  const data = canonicalJsonText(event.dataJson);
  const metadata = data === undefined ? undefined : metadataText(event.metadataJson);
  const id = quoted(event.id);
  const recordedAt = quoted(event.recordedAt);
  const stream = quoted(event.stream);
  const type = quoted(event.type);
  if (metadata === undefined || id === undefined || recordedAt === undefined || stream === undefined || type === undefined) return undefined;
  return `{"data":${data},"id":${id},"metadata":${metadata},"recordedAt":${recordedAt},"revision":${String(Number(event.revision))},"schemaVersion":${String(event.schemaVersion)},"stream":${stream},"type":${type}}`;
}

// Metadata as the store writes it (JSON.stringify of the validated object, keys in schema
// order), every value a string needing no escape: read without a parse.
const PLAIN = /("[^"\\\u0000-\u001f\ud800-\udfff]*")/.source;
const AS_APPENDED = new RegExp(`^\\{"actor":\\{"id":${PLAIN},"role":${PLAIN}\\},"correlationId":${PLAIN},"causationId":${PLAIN},"requestId":${PLAIN},"occurredAt":${PLAIN}\\}$`);

/**
 * toEnvelope keeps exactly actor.id, actor.role, correlationId, causationId, requestId and
 * occurredAt of the stored metadata (anything else an adapter kept is not hashed); when all
 * six are strings their canonical object is this template, keys in sorted order.
 */
function metadataText(json: string): string | undefined {
  const m = AS_APPENDED.exec(json);
  if (m !== null) return `{"actor":{"id":${m[1]},"role":${m[2]}},"causationId":${m[4]},"correlationId":${m[3]},"occurredAt":${m[6]},"requestId":${m[5]}}`;
  let metadata: unknown;
  try {
    metadata = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { actor, causationId, correlationId, occurredAt, requestId } = metadata as Record<string, unknown>;
  if (typeof actor !== 'object' || actor === null) return undefined;
  const { id, role } = actor as Record<string, unknown>;
  const parts = [quoted(id), quoted(role), quoted(causationId), quoted(correlationId), quoted(occurredAt), quoted(requestId)];
  if (parts.includes(undefined)) return undefined;
  const [actorId, actorRole, causation, correlation, occurred, request] = parts as string[];
  return `{"actor":{"id":${actorId},"role":${actorRole}},"causationId":${causation},"correlationId":${correlation},"occurredAt":${occurred},"requestId":${request}}`;
}
