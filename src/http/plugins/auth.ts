import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../access/roles.ts';
import type { TokenStore } from '../../access/token-store.ts';
import { ProblemError } from '../problem.ts';

/** Who may call a route: 'public' needs no token; otherwise the roles allowed. */
export type RouteAccess = 'public' | readonly Role[];
/** Keyed by `METHOD /url/with/:params`, exactly as the route is registered. */
export type AccessMatrix = ReadonlyMap<string, RouteAccess>;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function routeKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** The principal of an authenticated request; routes behind the matrix always have one. */
export function principalOf(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new ProblemError('unauthenticated', 'a bearer token is required');
  return p;
}

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m?.[1];
}

/**
 * Guards everything under /api/. Fails closed: an /api route missing from the matrix is
 * refused to everyone, so a new route cannot be published by forgetting to list it. Routes
 * outside /api (health, docs, /public, the console's static files) need no token.
 * Unmatched URLs fall through to 404.
 */
export const authPlugin = fp<{ tokens: TokenStore; matrix: AccessMatrix }>(
  async (app, opts) => {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url;
      if (url === undefined || !url.startsWith('/api/')) return;
      const access = opts.matrix.get(routeKey(request.method, url));
      const token = bearer(request);
      if (token !== undefined) {
        const principal = opts.tokens.authenticate(token);
        if (principal) request.principal = principal;
        else if (access !== 'public') throw new ProblemError('unauthenticated', 'the bearer token is unknown or revoked');
      }
      if (access === 'public') return;
      if (!request.principal) throw new ProblemError('unauthenticated', 'a bearer token is required', {}, { 'www-authenticate': 'Bearer' });
      if (access === undefined || !access.includes(request.principal.role)) {
        throw new ProblemError('forbidden', `role ${request.principal.role} may not ${request.method} ${url}`);
      }
    });
  },
  { name: 'taizhang-auth', fastify: '5.x' },
);
