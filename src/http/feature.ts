import fp from 'fastify-plugin';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app/app-deps.ts';
import type { ServerDeps } from './server-deps.ts';

/** The fastify instance routes are declared on: zod schemas type the handlers. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What a feature's routes get: the server's dependencies. */
export interface FeatureOptions {
  deps: ServerDeps;
}

/**
 * A group of routes (funds, applications, …): an encapsulated fastify plugin with a
 * name, so its hooks and decorators stay inside it and a feature registered twice is an
 * error. Its routes' rows go in src/http/access-matrix.ts; the feature goes in
 * src/http/features.ts.
 */
export interface Feature {
  readonly name: string;
  register(app: FastifyInstance, options: FeatureOptions): Promise<void>;
}

export function defineFeature(name: string, routes: (app: ZodApp, deps: ServerDeps) => Promise<void> | void): Feature {
  const plugin = fp<FeatureOptions>(async (app, { deps }) => routes(app.withTypeProvider<ZodTypeProvider>(), deps), {
    name: `taizhang-feature-${name}`,
    fastify: '5.x',
    encapsulate: true,
  });
  return {
    name,
    register: async (app, options) => {
      await app.register(plugin, options);
    },
  };
}

/** The application services domain routes need; the server built by `taizhang serve` always has them. */
export function servicesOf(deps: ServerDeps): AppDeps {
  if (deps.services === undefined) throw new Error('this feature needs the application services (ServerDeps.services)');
  return deps.services;
}
