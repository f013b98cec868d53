/**
 * The RFC 8785 text of an event envelope (src/eventstore/envelope.ts) assembled from the
 * fields as the store keeps them — data and metadata still their JSON text — in the
 * envelope's sorted key order (data, id, metadata, recordedAt, revision, schemaVersion,
 * stream, type), instead of parsing data and metadata only to write them again.
 *
 * Shared by the two places that hash an envelope from stored text: the SQLite store's
 * writer, which computes each event's leaf hash once at append (group-commit.ts), and the
 * Merkle log's text road for rows stored without one (log-writer.ts and its hash thread).
 *
 * It must be, byte for byte, canonicalJson(toEnvelope(the parsed event)): the export,
 * `verify` and every bundle already written hash that. So it answers only when it can
 * vouch for that and returns undefined otherwise — the caller then parses and
 * canonicalises, which also decides what is an error. test/integrity-log/leaf-text.test.ts
 * and test/eventstore/sqlite-leaf-hash.test.ts hold the two roads against each other.
 */
import { canonicalJsonText } from './canonical-text.ts';

/** An event as stored: data and metadata as JSON text; the position is not in the envelope. */
export interface EnvelopeTextFields {
  id: string;
  stream: string;
  revision: bigint | number;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
  recordedAt: string;
}

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
export function envelopeTextOf(event: EnvelopeTextFields): string | undefined {
  // toEnvelope refuses revisions a JSON number cannot hold: that road says so.
  const revision = Number(event.revision);
  if (!Number.isSafeInteger(revision) || revision < 0) return undefined;
  if (!Number.isFinite(event.schemaVersion)) return undefined;
  const data = canonicalJsonText(event.dataJson);
  const metadata = data === undefined ? undefined : metadataText(event.metadataJson);
  const id = quoted(event.id);
  const recordedAt = quoted(event.recordedAt);
  const stream = quoted(event.stream);
  const type = quoted(event.type);
  if (metadata === undefined || id === undefined || recordedAt === undefined || stream === undefined || type === undefined) return undefined;
  return `{"data":${data},"id":${id},"metadata":${metadata},"recordedAt":${recordedAt},"revision":${String(revision)},"schemaVersion":${String(event.schemaVersion)},"stream":${stream},"type":${type}}`;
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
