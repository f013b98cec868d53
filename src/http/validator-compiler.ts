import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { COMPILE_AFTER_USES, compiledSchema } from '../domain/compiled-schema.ts';

type RouteSchema = Parameters<typeof validatorCompiler>[0];

/**
 * fastify-type-provider-zod's validator, over each route schema's compiled twin
 * (src/domain/compiled-schema.ts) once the route has validated COMPILE_AFTER_USES inputs:
 * the same values and the same validation errors, since the twin hands anything it does not
 * accept back to the schema's own parse. The route keeps the schema itself, so the OpenAPI
 * document is unchanged.
 */
export const compiledValidatorCompiler: typeof validatorCompiler = (route: RouteSchema) => {
  const runtime = validatorCompiler(route);
  const schema = route.schema as unknown;
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return runtime;
  let compiled: typeof runtime | undefined;
  let uses = 0;
  return (data) => {
    if (compiled !== undefined) return compiled(data);
    uses += 1;
    if (uses >= COMPILE_AFTER_USES) compiled = validatorCompiler({ ...route, schema: compiledSchema(schema as z.ZodType) } as RouteSchema);
    return runtime(data);
  };
};
