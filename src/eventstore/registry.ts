import type { z } from 'zod';
import { hotSchema } from '../domain/compiled-schema.ts';
import { schemaIssues } from './envelope.ts';
import { EventSchemaError, InvalidAppendError, UnknownEventTypeError } from './errors.ts';
import type { EventToAppend, RecordedEvent } from './port.ts';

/**
 * Which event types exist, the zod schema of each of their versions, and the upcasters
 * that carry data from one version to the next.
 *
 * Writes only ever use a type's current (highest) version. Reads accept every registered
 * version and chain upcasters up to the current one, validating at each step, so code
 * downstream sees one shape per type. Stored bytes are never rewritten: upcasting happens
 * on the way out, every time.
 *
 * Schemas must map JSON to JSON (no transforms into Date, Map, bigint...): what
 * `validateForAppend` returns is what gets stored and hashed.
 */

/** Turns the data of version N (as its schema outputs it) into the input of version N + 1. */
export type Upcaster<From extends z.ZodType = z.ZodType, To extends z.ZodType = z.ZodType> = (data: z.output<From>) => z.input<To>;

/** Infers an upcaster's types from the two schemas it connects. */
export function defineUpcaster<From extends z.ZodType, To extends z.ZodType>(
  _from: From,
  _to: To,
  upcast: Upcaster<From, To>,
): Upcaster<From, To> {
  return upcast;
}

/** A domain module's `XEventSchemas` record: event type → schema. */
export type EventSchemas = Readonly<Record<string, z.ZodType>>;

const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;
/** Bounds the upcast chain; a type with more versions than this is a design problem. */
const VERSION_MAX = 1000;

interface TypeEntry {
  schemas: Map<number, z.ZodType>;
  upcasters: Map<number, (data: unknown) => unknown>;
  current: number;
}

export class EventRegistry {
  private readonly types = new Map<string, TypeEntry>();

  /** Registers one version of a type. The highest registered version is the current one. */
  register(type: string, schemaVersion: number, schema: z.ZodType): this {
    if (!EVENT_TYPE.test(type)) throw new Error(`event type ${JSON.stringify(type)} must be PascalCase (and so never start with $)`);
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > VERSION_MAX) {
      throw new Error(`${type}: schemaVersion must be an integer in 1..${VERSION_MAX}, got ${schemaVersion}`);
    }
    const entry = this.types.get(type) ?? { schemas: new Map(), upcasters: new Map(), current: 0 };
    if (entry.schemas.has(schemaVersion)) throw new Error(`${type} v${schemaVersion} is already registered`);
    entry.schemas.set(schemaVersion, schema);
    entry.current = Math.max(entry.current, schemaVersion);
    this.types.set(type, entry);
    return this;
  }

  /** Registers every schema of a domain module's record at one version (1 unless told). */
  registerAll(schemas: EventSchemas, schemaVersion = 1): this {
    for (const [type, schema] of Object.entries(schemas)) this.register(type, schemaVersion, schema);
    return this;
  }

  /**
   * Registers the step from `fromVersion` to `fromVersion + 1`; both versions must be
   * registered first. Type the function as `Upcaster<typeof V1, typeof V2>` or build it
   * with `defineUpcaster` so the compiler checks both ends; the registry checks them
   * again at run time with the schemas.
   */
  registerUpcaster<In, Out>(type: string, fromVersion: number, upcast: (data: In) => Out): this {
    const entry = this.types.get(type);
    if (entry === undefined || !entry.schemas.has(fromVersion) || !entry.schemas.has(fromVersion + 1)) {
      throw new Error(`${type}: register v${fromVersion} and v${fromVersion + 1} before the upcaster between them`);
    }
    if (entry.upcasters.has(fromVersion)) throw new Error(`${type}: upcaster from v${fromVersion} is already registered`);
    entry.upcasters.set(fromVersion, upcast as (data: unknown) => unknown);
    return this;
  }

  /**
   * Throws unless every registered old version can be carried to the current one.
   * Call once after registration: a missing step would otherwise only show when an old
   * event is read, possibly years later.
   */
  assertComplete(): void {
    for (const [type, entry] of this.types) {
      for (const version of entry.schemas.keys()) {
        for (let v = version; v < entry.current; v++) {
          if (!entry.upcasters.has(v)) throw new Error(`${type}: no upcaster from v${v} to v${v + 1}`);
        }
      }
    }
  }

  currentVersion(type: string): number | undefined {
    return this.types.get(type)?.current;
  }

  has(type: string, schemaVersion?: number): boolean {
    const entry = this.types.get(type);
    return entry !== undefined && (schemaVersion === undefined || entry.schemas.has(schemaVersion));
  }

  /**
   * Checks an event about to be appended and returns it with `data` as its schema
   * outputs it. Storing the parsed value rather than the caller's object matters: a zod
   * object drops keys it does not know, so a stray field (a name, a phone number) never
   * reaches the immutable log.
   */
  validateForAppend(event: EventToAppend): EventToAppend {
    const entry = this.types.get(event.type);
    const schema = entry?.schemas.get(event.schemaVersion);
    if (entry === undefined || schema === undefined) throw new UnknownEventTypeError(event.type, event.schemaVersion);
    if (event.schemaVersion !== entry.current) {
      throw new InvalidAppendError(
        'schemaVersion',
        `${event.type} v${event.schemaVersion} is an old version (current v${entry.current}): it may be read, not appended`,
      );
    }
    return { ...event, data: parseData(event.type, schema, event.data) };
  }

  /**
   * The event as the current version of its type: old versions are carried up one step
   * at a time, each step's output validated by the next version's schema.
   */
  upcast(recorded: RecordedEvent): RecordedEvent {
    const entry = this.types.get(recorded.type);
    const storedSchema = entry?.schemas.get(recorded.schemaVersion);
    if (entry === undefined || storedSchema === undefined) throw new UnknownEventTypeError(recorded.type, recorded.schemaVersion);
    let data = parseData(recorded.type, storedSchema, recorded.data);
    for (let version = recorded.schemaVersion; version < entry.current; version++) {
      const step = entry.upcasters.get(version);
      const next = entry.schemas.get(version + 1);
      if (step === undefined || next === undefined) {
        throw new Error(`${recorded.type}: event ${recorded.id} is v${recorded.schemaVersion} but there is no way from v${version} to v${version + 1}`);
      }
      data = parseData(recorded.type, next, step(data));
    }
    return { ...recorded, schemaVersion: entry.current, data };
  }
}

function parseData(type: string, schema: z.ZodType, data: unknown): unknown {
  // Once the schema is in use, its compiled twin: the same answers as the schema, faster (compiled-schema.ts).
  const result = hotSchema(schema).safeParse(data);
  if (!result.success) throw new EventSchemaError(type, schemaIssues(result.error));
  return result.data;
}
