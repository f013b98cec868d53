import { isUuidV7 } from '../shared/uuidv7.ts';
import { findIllFormed, ILL_FORMED_MESSAGE, showSegment, stringifiedMayHoldIllFormed } from '../shared/well-formed-json.ts';
import { InvalidAppendError, InvalidReadError } from './errors.ts';
import type { EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions } from './port.ts';

/**
 * The input checks every adapter makes before it writes: a refused append leaves the
 * store unchanged. Adapter-neutral so that the SQLite and EventStoreDB adapters refuse
 * exactly the same input with the same field names.
 */

/** An event with data and metadata serialised once, for the size check and for storage. */
export interface SerializedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  /** JSON.stringify(data) */
  data: string;
  /** JSON.stringify(metadata) */
  metadata: string;
}

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

const STREAM_NAME_MAX = 256;
const TYPE_NAME_MAX = 128;
// `{category}-{id}`: the category is everything before the first hyphen (EventStoreDB's
// $by_category convention), so it cannot contain one; the id is printable ASCII.
const STREAM_NAME = /^[A-Za-z][A-Za-z0-9_]*-[\x21-\x7e]+$/;
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

export function isReservedName(name: string): boolean {
  return name.startsWith('$');
}

export function validateStreamName(stream: unknown, field = 'stream'): asserts stream is string {
  if (typeof stream !== 'string') throw new InvalidAppendError(field, 'must be a string');
  if (isReservedName(stream)) throw new InvalidAppendError(field, `"${stream}" starts with $, which is reserved for system streams`);
  if (stream.length > STREAM_NAME_MAX) throw new InvalidAppendError(field, `longer than ${STREAM_NAME_MAX} characters`);
  if (!STREAM_NAME.test(stream)) {
    throw new InvalidAppendError(field, `"${stream}" is not {category}-{id} (category: a letter then letters, digits or _; id: printable ASCII)`);
  }
}

export function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'bigint' && expected >= 0n) return;
  throw new InvalidAppendError('expectedRevision', "must be 'no_stream', 'stream_exists', 'any' or a bigint revision ≥ 0");
}

/**
 * Checks a batch and serialises it. The size of an event is the UTF-8 byte length of
 * JSON.stringify(data) plus that of JSON.stringify(metadata); an event is accepted when that
 * sum is at most `maxEventBytes`, so at the default 1 MiB an event of exactly 1 048 576
 * bytes of data+metadata is stored and one byte more is refused.
 */
export function validateAppend(
  stream: unknown,
  events: unknown,
  expected: unknown,
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): SerializedEvent[] {
  validateStreamName(stream);
  validateExpectedRevision(expected);
  if (!Array.isArray(events)) throw new InvalidAppendError('events', 'must be an array');
  if (events.length === 0) throw new InvalidAppendError('events', 'must hold at least one event');
  const firstIndexOfId = new Map<string, number>();
  return events.map((event: unknown, i) => {
    const serialized = serializeEvent(event, `events[${i}]`, maxEventBytes);
    const earlier = firstIndexOfId.get(serialized.id);
    if (earlier !== undefined) throw new InvalidAppendError(`events[${i}].id`, `${serialized.id} is also the id of events[${earlier}]`);
    firstIndexOfId.set(serialized.id, i);
    return serialized;
  });
}

function serializeEvent(event: unknown, field: string, maxEventBytes: number): SerializedEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InvalidAppendError(field, 'must be an event object');
  const e = event as Partial<Record<keyof EventToAppend, unknown>>;
  if (!isUuidV7(e.id)) throw new InvalidAppendError(`${field}.id`, `${JSON.stringify(e.id) ?? String(e.id)} is not a lowercase UUIDv7`);
  if (typeof e.type !== 'string' || e.type.length === 0) throw new InvalidAppendError(`${field}.type`, 'must be a non-empty string');
  if (isReservedName(e.type)) throw new InvalidAppendError(`${field}.type`, `"${e.type}" starts with $, which is reserved for system events`);
  if (e.type.length > TYPE_NAME_MAX || !TYPE_NAME.test(e.type)) {
    throw new InvalidAppendError(`${field}.type`, `"${e.type}" is not a type name (a letter then letters, digits, _ or ., at most ${TYPE_NAME_MAX})`);
  }
  if (typeof e.schemaVersion !== 'number' || !Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1) {
    throw new InvalidAppendError(`${field}.schemaVersion`, 'must be an integer ≥ 1');
  }
  if (typeof e.metadata !== 'object' || e.metadata === null || Array.isArray(e.metadata)) {
    throw new InvalidAppendError(`${field}.metadata`, 'must be an object');
  }
  const data = toJson(e.data, `${field}.data`);
  const metadata = toJson(e.metadata, `${field}.metadata`);
  assertWellFormed(data, e.type, e.id, `${field}.data`);
  assertWellFormed(metadata, e.type, e.id, `${field}.metadata`);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most events need no exact count.
  const bytes = (data.length + metadata.length) * 3 <= maxEventBytes ? 0 : Buffer.byteLength(data, 'utf8') + Buffer.byteLength(metadata, 'utf8');
  if (bytes > maxEventBytes) {
    throw new InvalidAppendError(field, `data+metadata is ${bytes} bytes of JSON, over the limit of ${maxEventBytes}`);
  }
  return { id: e.id, type: e.type, schemaVersion: e.schemaVersion, data, metadata };
}

function toJson(value: unknown, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new InvalidAppendError(field, `cannot be serialised to JSON (${(e as Error).message})`);
  }
  if (json === undefined) throw new InvalidAppendError(field, 'cannot be serialised to JSON (undefined, a function or a symbol)');
  return json;
}

/**
 * Refuses JSON holding a string or property name that is not well-formed Unicode: it has no
 * canonical form, so the Merkle log could never hash the event (src/shared/well-formed-json.ts).
 * The exact walk runs only when the text holds a surrogate escape, which is rare.
 */
function assertWellFormed(json: string, type: string, id: string, field: string): void {
  if (!stringifiedMayHoldIllFormed(json)) return;
  const ill = findIllFormed(JSON.parse(json));
  if (ill === undefined) return;
  const at = ill.path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${showSegment(s)}`)).join('');
  throw new InvalidAppendError(`${field}${at}`, `${type} ${id}: ${ill.inKey ? 'property name' : 'string'} ${ILL_FORMED_MESSAGE}`);
}

/** Limits are counts of events: a non-negative safe integer. */
export function validateLimit(limit: unknown, field = 'limit'): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new InvalidReadError(field, 'must be an integer ≥ 0');
  }
  return limit;
}

export function validateReadStreamOptions(options: ReadStreamOptions | undefined): Required<Pick<ReadStreamOptions, 'direction'>> & ReadStreamOptions {
  const direction = options?.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') throw new InvalidReadError('direction', "must be 'forwards' or 'backwards'");
  const fromRevision = options?.fromRevision;
  if (fromRevision !== undefined && (typeof fromRevision !== 'bigint' || fromRevision < 0n)) {
    throw new InvalidReadError('fromRevision', 'must be a bigint ≥ 0');
  }
  const limit = validateLimit(options?.limit);
  return { direction, ...(fromRevision === undefined ? {} : { fromRevision }), ...(limit === undefined ? {} : { limit }) };
}

export function validateReadAllOptions(options: ReadAllOptions | undefined): { after: bigint; limit: number | undefined; types: readonly string[] | undefined } {
  const after = options?.after ?? 0n;
  if (typeof after !== 'bigint' || after < 0n) throw new InvalidReadError('after', 'must be a bigint ≥ 0');
  return { after, limit: validateLimit(options?.limit), types: validateTypes(options?.types) };
}

const TYPES_MAX = 1000;

/** A type filter: a list of type names (an empty list matches nothing). */
function validateTypes(types: unknown): readonly string[] | undefined {
  if (types === undefined) return undefined;
  if (!Array.isArray(types)) throw new InvalidReadError('types', 'must be an array of event type names');
  if (types.length > TYPES_MAX) throw new InvalidReadError('types', `at most ${TYPES_MAX} names`);
  for (const [i, type] of types.entries()) {
    if (typeof type !== 'string' || type.length === 0) throw new InvalidReadError(`types[${i}]`, 'must be a non-empty string');
  }
  return types as readonly string[];
}
