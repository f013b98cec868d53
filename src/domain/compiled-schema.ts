import { z } from 'zod';

/**
 * A schema's compiled twin for the hot parses (each command's route body and command, each
 * event's data on append). zod's own `z.compile` generates one function per schema that
 * either returns exactly what the runtime parse returns or hands the input back to the
 * runtime parse (invalid input, or anything its code cannot model), so errors, their paths
 * and messages stay the runtime's. A schema it cannot compile at all is returned unchanged.
 * The runtime parse walks the schema node by node (a payload object and a run call per
 * field, checks through a generic loop), which was most of the zod cost on the command path.
 *
 * Compiled on first use and kept: compiling costs ~5 ms a schema, which a CLI run that
 * parses two schemas should not pay for all of them. test/domain/compiled-schema.test.ts
 * holds every registered event schema and the command schemas to the runtime parse.
 */
const compiled = new WeakMap<z.ZodType, z.ZodType>();

export function compiledSchema<S extends z.ZodType>(schema: S): S {
  let twin = compiled.get(schema);
  if (twin === undefined) {
    twin = z.compile(schema);
    compiled.set(schema, twin);
  }
  return twin as S;
}
