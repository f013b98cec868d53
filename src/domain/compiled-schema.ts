import { z } from 'zod';

/**
 * A schema's compiled twin for the hot parses (each command's route body and command, each
 * event's data on append). zod's own `z.compile` generates one function per schema that
 * either returns exactly what the runtime parse returns or hands the input back to the
 * runtime parse (invalid input, or anything its code cannot model), so errors, their paths
 * and messages stay the runtime's. A schema it cannot compile at all is returned unchanged.
 * The runtime parse walks the schema node by node (a payload object and a run call per
 * field, checks through a generic loop), which was most of the zod cost on the command path.
 * test/domain/compiled-schema.test.ts holds every registered event schema and the command
 * schemas' twins to the runtime parse.
 */
const twins = new WeakMap<z.ZodType, z.ZodType>();

/** The compiled twin, made on the first call for `schema` and kept. */
export function compiledSchema<S extends z.ZodType>(schema: S): S {
  let twin = twins.get(schema);
  if (twin === undefined) {
    twin = z.compile(schema);
    twins.set(schema, twin);
  }
  return twin as S;
}

/**
 * Parses of one schema before it is compiled. Compiling costs ~1.5-5 ms a schema; a server
 * parses the same schemas thousands of times, but a CLI run or a test that builds a fresh
 * server (fresh route schemas) per case parses most of them a few times: compiling each
 * on first use cost test/http/idempotency.test.ts 2.5 CPU-s for 1 086 schemas.
 */
export const COMPILE_AFTER_USES = 64;
const uses = new WeakMap<z.ZodType, number>();

/** `schema` itself for its first uses, then its compiled twin: the same answers either way. */
export function hotSchema<S extends z.ZodType>(schema: S): S {
  const twin = twins.get(schema);
  if (twin !== undefined) return twin as S;
  const n = (uses.get(schema) ?? 0) + 1;
  if (n < COMPILE_AFTER_USES) {
    uses.set(schema, n);
    return schema;
  }
  uses.delete(schema);
  return compiledSchema(schema);
}
