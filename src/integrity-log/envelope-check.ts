/**
 * A quick yes to "is this bundle line a valid event envelope?" for `verify`, which asks it a
 * million times: EventEnvelopeSchema.safeParse cost more than a quarter of verify's time
 * (bench/integrity-log.bench.ts), mostly building the parsed copy it then throws away.
 *
 * Conservative by construction: it answers true only for what EventEnvelopeSchema accepts,
 * and false for anything it is not sure of; the caller then asks zod, which gives the verdict
 * and the message. Its patterns are taken from the schema itself (zod's `_zod.pattern` of
 * each string format), so the two cannot drift apart; if a zod upgrade stops exposing them,
 * the quick check says false and everything goes through zod. A differential test
 * (test/integrity-log/envelope-check.test.ts) holds it to that.
 *
 * Precondition: `value` comes from JSON.parse, so `data` is a JSON value (z.json() accepts
 * every JSON.parse result) and nothing is undefined, a getter or a class instance.
 */
import { EventEnvelopeSchema, type EventEnvelope } from '../eventstore/envelope.ts';

const ENVELOPE_KEYS = ['id', 'stream', 'revision', 'type', 'schemaVersion', 'data', 'metadata', 'recordedAt'];
const METADATA_KEYS = ['actor', 'correlationId', 'causationId', 'requestId', 'occurredAt'];
const ACTOR_KEYS = ['id', 'role'];
/** As envelope.ts's ActorSchema.role. */
const ROLE = /^[a-z][a-z0-9_]{0,63}$/;
/** As envelope.ts's shortText(200). */
const SHORT_TEXT_CHARS_MAX = 200;

interface Patterns {
  id: RegExp;
  recordedAt: RegExp;
  occurredAt: RegExp;
}

function patternOf(schema: unknown): RegExp | undefined {
  const pattern = (schema as { _zod?: { pattern?: unknown } } | undefined)?._zod?.pattern;
  return pattern instanceof RegExp ? pattern : undefined;
}

function schemaPatterns(): Patterns | undefined {
  const shape = EventEnvelopeSchema.shape;
  const id = patternOf(shape.id);
  const recordedAt = patternOf(shape.recordedAt);
  const occurredAt = patternOf(shape.metadata.shape.occurredAt);
  return id && recordedAt && occurredAt ? { id, recordedAt, occurredAt } : undefined;
}

const patterns = schemaPatterns();

/** true only if EventEnvelopeSchema accepts `value` (a JSON.parse result) unchanged; false means "ask zod". */
export function surelyValidEnvelope(value: unknown): value is EventEnvelope {
  if (patterns === undefined || !hasExactly(value, ENVELOPE_KEYS)) return false;
  const e = value as Record<string, unknown>;
  return (
    isString(e.id) &&
    patterns.id.test(e.id) &&
    isString(e.stream) &&
    e.stream.length > 0 &&
    Number.isSafeInteger(e.revision) &&
    (e.revision as number) >= 0 &&
    isString(e.type) &&
    e.type.length > 0 &&
    Number.isSafeInteger(e.schemaVersion) &&
    (e.schemaVersion as number) > 0 &&
    isString(e.recordedAt) &&
    patterns.recordedAt.test(e.recordedAt) &&
    surelyValidMetadata(e.metadata, patterns)
  );
}

function surelyValidMetadata(value: unknown, p: Patterns): boolean {
  if (!hasExactly(value, METADATA_KEYS)) return false;
  const m = value as Record<string, unknown>;
  if (!hasExactly(m.actor, ACTOR_KEYS)) return false;
  const actor = m.actor as Record<string, unknown>;
  return (
    shortText(actor.id) &&
    isString(actor.role) &&
    ROLE.test(actor.role) &&
    shortText(m.correlationId) &&
    shortText(m.causationId) &&
    shortText(m.requestId) &&
    isString(m.occurredAt) &&
    p.occurredAt.test(m.occurredAt)
  );
}

const isString = (v: unknown): v is string => typeof v === 'string';
const shortText = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= SHORT_TEXT_CHARS_MAX;

/** A plain object whose own keys are exactly `keys` (in any order). */
function hasExactly(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const own = Object.keys(value);
  if (own.length !== keys.length) return false;
  for (const key of keys) if (!Object.hasOwn(value, key)) return false;
  return true;
}
