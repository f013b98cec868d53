import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { RecordedEvent } from '../eventstore/port.ts';
import type { EventSchemas } from '../eventstore/registry.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { ProjectionDefinitionError } from './errors.ts';

/** Applies one event to the read model. Runs inside the runner's batch transaction. */
export type ApplyEvent = (event: RecordedEvent) => void;

/**
 * For read models that gather a batch in memory and write it once (counters, totals):
 * `apply` for each event of a batch, then `flush` at its end, inside the same transaction,
 * before the checkpoint moves. `flush` must leave nothing gathered behind. The rows must
 * not depend on where batches end: the determinism tests build with batches of 1, 7 and
 * 1000 and compare digests.
 */
export interface BatchApplier {
  apply: ApplyEvent;
  flush(): void;
}

/** One table the digest covers, and the columns whose order is the row order (a unique key). */
export interface DigestTable {
  readonly table: string;
  readonly key: readonly string[];
}

/**
 * A read model. Everything it writes is a function of the events it is given: `prepare`
 * and the function it returns read no clock, no randomness, no environment and no other
 * database — only the events' own fields (position, stream, revision, type, data,
 * metadata, recordedAt). That is what lets a replay elsewhere reach the same digest.
 */
export interface ProjectionDefinition {
  /** lower-kebab-case; names the folder projections/NAME and the file NAME.vVERSION.sqlite. */
  readonly name: string;
  /**
   * Bump it whenever `apply` or the SQL changes what the rows say: the read model is then
   * rebuilt from position 0 beside the served one and swapped in when complete.
   */
  readonly version: number;
  /** Event types `apply` is called for (`'*'`: all). Every event advances the checkpoint. */
  readonly eventTypes: '*' | readonly string[];
  /** Folder of `NNNN_name.sql` files that create the schema of a new read-model file. */
  readonly migrationsDir: string;
  /**
   * Shared schema files (absolute paths to `.sql`), run after the migrations: tables that
   * several read models keep alike are written once (projections/shared/placement.sql)
   * instead of copied into each migration. Recorded by file name and SHA-256 like a
   * migration, so an edited file refuses existing read-model files: bump the version.
   */
  readonly includes?: readonly string[];
  /**
   * Secondary indexes (CREATE INDEX in the migrations) that `apply` never reads through:
   * only queries use them. A file not served yet (`taizhang rebuild`, offline replays, the
   * runner's `building` file) is built without them and gets them once, before it is marked
   * live: one sort instead of a B-tree insert (or an update) per row
   * (ReadModelFile.deferIndexes). An index a handler looks rows up by must not be listed:
   * without it every lookup would scan the table.
   */
  readonly deferredIndexes?: readonly string[];
  /** Prepares statements on the read model's write connection and returns the event applier. */
  prepare(db: SqliteDatabase): ApplyEvent | BatchApplier;
  /** Every table the migrations create, in digest order, each with its unique key. */
  readonly digest: readonly DigestTable[];
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const NAME_MAX = 64;
const VERSION_MAX = 1_000_000;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** Checks a definition's shape once, at load time, and freezes it. */
export function defineProjection(definition: ProjectionDefinition): ProjectionDefinition {
  const name = typeof definition.name === 'string' ? definition.name : '?';
  const fail = (field: string, message: string) => new ProjectionDefinitionError(name, field, message);
  if (!NAME.test(name) || name.length > NAME_MAX) throw fail('name', `must be lower-kebab-case, at most ${NAME_MAX} characters`);
  if (!Number.isInteger(definition.version) || definition.version < 1 || definition.version > VERSION_MAX) {
    throw fail('version', `must be an integer in 1..${VERSION_MAX}`);
  }
  if (definition.eventTypes !== '*') {
    if (!Array.isArray(definition.eventTypes) || definition.eventTypes.length === 0) throw fail('eventTypes', "must be '*' or a non-empty list");
    for (const type of definition.eventTypes) if (!EVENT_TYPE.test(type)) throw fail('eventTypes', `${JSON.stringify(type)} is not an event type`);
  }
  if (!fs.existsSync(definition.migrationsDir)) throw fail('migrationsDir', `${definition.migrationsDir} does not exist`);
  const includes = definition.includes ?? [];
  for (const file of includes) {
    if (!path.isAbsolute(file) || !file.endsWith('.sql') || !fs.existsSync(file)) throw fail('includes', `${file} is not an existing absolute .sql path`);
  }
  if (new Set(includes.map((f) => path.basename(f))).size !== includes.length) throw fail('includes', 'two files have one name');
  const deferredIndexes = definition.deferredIndexes ?? [];
  for (const index of deferredIndexes) if (!IDENTIFIER.test(index)) throw fail('deferredIndexes', `${JSON.stringify(index)} is not an index name`);
  if (new Set(deferredIndexes).size !== deferredIndexes.length) throw fail('deferredIndexes', 'an index is listed twice');
  if (definition.digest.length === 0) throw fail('digest', 'must list at least one table');
  const tables = new Set<string>();
  for (const { table, key } of definition.digest) {
    if (!IDENTIFIER.test(table) || table.startsWith('_tz_')) throw fail('digest', `${JSON.stringify(table)} is not a projection table name`);
    if (tables.has(table)) throw fail('digest', `${table} is listed twice`);
    tables.add(table);
    if (key.length === 0 || !key.every((c) => IDENTIFIER.test(c))) throw fail(`digest.${table}.key`, 'must list one or more column names');
  }
  return Object.freeze({
    ...definition,
    eventTypes: definition.eventTypes === '*' ? '*' : Object.freeze([...definition.eventTypes]),
    includes: Object.freeze([...includes]),
    deferredIndexes: Object.freeze([...deferredIndexes]),
  });
}

/** The folder of a module, for `migrationsDir: folderOf(import.meta.url)`. */
export function folderOf(moduleUrl: string): string {
  return fileURLToPath(new URL('.', moduleUrl));
}

/** Either form of `prepare`'s result as a BatchApplier (for wrapping one projection in another, as tests do). */
export function asBatchApplier(prepared: ApplyEvent | BatchApplier): BatchApplier {
  return typeof prepared === 'function' ? { apply: prepared, flush: () => {} } : { apply: prepared.apply, flush: () => prepared.flush() };
}

/** One function per event type, each given the event's data typed by its schema. */
export type EventHandlers<S extends EventSchemas> = {
  readonly [K in keyof S & string]?: (data: z.output<S[K]>, event: RecordedEvent) => void;
};

/**
 * The usual `apply` of a domain read model: dispatch on the event type to a handler typed
 * by the domain's schemas (`byEventType<typeof FundEventSchemas>({ FundOpened: (data) => … })`).
 * The data was validated (and upcast) by the event registry on read, so it is not parsed
 * again. An event type listed in `eventTypes` without a handler is a definition error.
 */
export function byEventType<S extends EventSchemas>(handlers: EventHandlers<S>): ApplyEvent {
  const table = new Map<string, (data: unknown, event: RecordedEvent) => void>(
    Object.entries(handlers).filter((entry): entry is [string, (data: unknown, event: RecordedEvent) => void] => typeof entry[1] === 'function'),
  );
  return (event) => {
    const handler = table.get(event.type);
    if (handler === undefined) throw new Error(`no handler for event type ${event.type}: list only handled types in eventTypes`);
    handler(event.data, event);
  };
}
