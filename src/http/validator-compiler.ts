import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { compiledSchema } from '../domain/compiled-schema.ts';

type RouteSchema = Parameters<typeof validatorCompiler>[0];

/**
 * fastify-type-provider-zod's validator over each route schema's compiled twin
 * (src/domain/compiled-schema.ts): the same values and the same validation errors, since
 * the twin hands anything it does not accept back to the schema's own parse. The route
 * keeps the schema itself, so the OpenAPI document is unchanged.
 */
export const compiledValidatorCompiler: typeof validatorCompiler = (route: RouteSchema) => {
  const schema = route.schema as unknown;
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return validatorCompiler(route);
  return validatorCompiler({ ...route, schema: compiledSchema(schema as z.ZodType) } as RouteSchema);
};
