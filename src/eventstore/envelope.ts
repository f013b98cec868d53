import { z } from 'zod';
import { InvalidAppendError } from './errors.ts';
import type { EventMetadata, RecordedEvent } from './port.ts';

/**
 * The event envelope: the one shape an event has outside the store. The Merkle log hashes
 * its RFC 8785 canonical JSON, export bundles hold it one per line, and auditors parse it
 * back with `EventEnvelopeSchema`. The global position is deliberately not in it: the
 * log numbers its leaves by position, so hashing it would be circular, and an envelope
 * must hash the same whichever adapter stored it.
 */

/** Caller-chosen ids and who-did-it fields: bounded so nobody parks a document in them. */
const shortText = (maxChars: number) => z.string().min(1, 'must not be empty').max(maxChars, `must be at most ${maxChars} characters`);

export const ActorSchema = z.strictObject({
  /** A principal id (token subject, system component); never a person's name. */
  id: shortText(200),
  /** The role the actor acted in: a lower-case identifier such as `finance` or `system`. */
  role: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lower-case identifier (a-z, 0-9, _)'),
});

/**
 * Metadata every appended event must carry. Strict: an unknown key is refused rather
 * than stored, because the log is immutable and exported, and a stray key is exactly how
 * personal data would slip into it.
 */
export const EventMetadataSchema = z.strictObject({
  actor: ActorSchema,
  correlationId: shortText(200),
  causationId: shortText(200),
  requestId: shortText(200),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }),
});

// Both directions, so the schema and the port's interface cannot drift apart unnoticed.
type MetadataFromSchema = z.infer<typeof EventMetadataSchema>;
const metadataMatchesPort: [MetadataFromSchema, EventMetadata] extends [EventMetadata, MetadataFromSchema] ? true : never = true;
void metadataMatchesPort;

export const EventEnvelopeSchema = z.strictObject({
  id: z.uuid({ version: 'v7', message: 'must be a UUIDv7' }),
  stream: z.string().min(1),
  revision: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  /** Any JSON value; its shape is the event type's business (see registry.ts). */
  data: z.json(),
  metadata: EventMetadataSchema,
  recordedAt: z.iso.datetime({ offset: true }),
});

export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/**
 * The plain JSON object for a recorded event, keys in envelope order. `revision`
 * becomes a JSON number: canonical JSON has no bigint, and a stream would need 2^53
 * events before that loses anything (asserted rather than assumed).
 */
export function toEnvelope(recorded: RecordedEvent): EventEnvelope {
  if (recorded.revision < 0n || recorded.revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`event ${recorded.id}: revision ${recorded.revision} does not fit a JSON number`);
  }
  const { actor, correlationId, causationId, requestId, occurredAt } = recorded.metadata;
  return {
    id: recorded.id,
    stream: recorded.stream,
    revision: Number(recorded.revision),
    type: recorded.type,
    schemaVersion: recorded.schemaVersion,
    data: recorded.data as EventEnvelope['data'],
    // Rebuilt field by field so that whatever else an adapter hung on the object stays out of the hash.
    metadata: { actor: { id: actor.id, role: actor.role }, correlationId, causationId, requestId, occurredAt },
    recordedAt: recorded.recordedAt,
  };
}

export interface SchemaIssue {
  /** Dotted path from the validated value (`actor.role`, `lines.0.amountFen`); '' for the value itself. */
  path: string;
  message: string;
}

/** zod issues as dotted paths; an unknown key is named by its own path, not its parent's. */
export function schemaIssues(error: z.ZodError): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...base, key].join('.'), message: 'unknown field' });
    } else {
      out.push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}

/**
 * Validates metadata for an append. Throws InvalidAppendError whose `field` is the first
 * offending path under `field` (e.g. `events[0].metadata.actor.role`) and whose message
 * lists every issue.
 */
export function parseEventMetadata(value: unknown, field = 'metadata'): EventMetadata {
  const result = EventMetadataSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = schemaIssues(result.error);
  const first = issues[0];
  const name = (p: string) => (p === '' ? field : `${field}.${p}`);
  const message = issues.length === 1 ? (first?.message ?? 'invalid') : issues.map((i) => `${name(i.path)}: ${i.message}`).join('; ');
  throw new InvalidAppendError(name(first?.path ?? ''), message);
}
