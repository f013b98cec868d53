import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { hotSchema } from '../domain/compiled-schema.ts';

type RouteSchema = Parameters<typeof validatorCompiler>[0];

/**
 * fastify-type-provider-zod's validator, over each route schema's compiled twin
 * (src/domain/compiled-schema.ts) once the schema has been used COMPILE_AFTER_USES times (hotSchema counts):
 * the same values and the same validation errors, since the twin hands anything it does not
 * accept back to the schema's own parse. The route keeps the schema itself, so the OpenAPI
 * document is unchanged.
 */
export const compiledValidatorCompiler: typeof validatorCompiler = (route: RouteSchema) => {
  const runtime = validatorCompiler(route);
  const schema = route.schema as unknown;
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return runtime;
  let compiled: typeof runtime | undefined;
  return (data) => {
    if (compiled !== undefined) return compiled(data);
    // hotSchema counts the schema's uses and hands back its twin once it is hot.
    const twin = hotSchema(schema as z.ZodType);
    if (twin !== schema) compiled = validatorCompiler({ ...route, schema: twin } as RouteSchema);
    return runtime(data);
  };
};
