import { EventMetadataSchema } from './envelope.ts';
import type { EventMetadata } from './port.ts';

/**
 * The metadata of an append, accepted without zod when it plainly has the shape
 * EventMetadataSchema (envelope.ts) asks for. Every event of every command carries one,
 * built by the command runner in exactly that shape, and the schema's parse cost as much as
 * the event's data. This check only ever ACCEPTS: anything it does not recognise (an extra
 * key, a key on the prototype, a string out of bounds, another time format) returns
 * undefined and goes to the schema, which decides and names the field at fault. A property
 * test holds it to the schema: whatever it accepts, the schema accepts with the same output.
 */

const TEXT_MAX = 200;
const ROLE = /^[a-z][a-z0-9_]{0,63}$/;
/** The schema's own date-time pattern (zod keeps it on the format's definition); without it, no fast path. */
const OCCURRED_AT: RegExp | undefined = (() => {
  const pattern = (EventMetadataSchema.shape.occurredAt as unknown as { _zod?: { def?: { pattern?: unknown } } })._zod?.def?.pattern;
  return pattern instanceof RegExp && !pattern.global && !pattern.sticky ? pattern : undefined;
})();
const METADATA_KEYS: ReadonlySet<string> = new Set(['actor', 'causationId', 'correlationId', 'occurredAt', 'requestId']);
const ACTOR_KEYS: ReadonlySet<string> = new Set(['id', 'role']);

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= TEXT_MAX;
}

/**
 * Exactly these own enumerable keys, and a plain object (no array, no prototype other than
 * Object's or none). Own keys are distinct, so as many of them as `keys` holds, each one of
 * `keys`, is the same set: no sorted copy needed.
 */
function hasExactKeys(value: object, keys: ReadonlySet<string>): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const own = Object.keys(value);
  if (own.length !== keys.size) return false;
  for (const k of own) if (!keys.has(k)) return false;
  return true;
}

/** The metadata as the schema would output it, when it is plainly valid; undefined: ask the schema. */
export function knownGoodMetadata(value: unknown): EventMetadata | undefined {
  if (OCCURRED_AT === undefined || typeof value !== 'object' || value === null || !hasExactKeys(value, METADATA_KEYS)) return undefined;
  // Each field read once: what is returned is what was checked, getters or not.
  const { actor, correlationId, causationId, requestId, occurredAt } = value as Record<string, unknown>;
  if (typeof actor !== 'object' || actor === null || !hasExactKeys(actor, ACTOR_KEYS)) return undefined;
  const { id, role } = actor as Record<string, unknown>;
  if (!isText(id) || typeof role !== 'string' || !ROLE.test(role)) return undefined;
  if (!isText(correlationId) || !isText(causationId) || !isText(requestId)) return undefined;
  if (typeof occurredAt !== 'string' || !OCCURRED_AT.test(occurredAt)) return undefined;
  return { actor: { id, role }, correlationId, causationId, requestId, occurredAt };
}
