import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../access/roles.ts';
import type { TokenStore } from '../../access/token-store.ts';
import { routeKey, type AccessMatrix } from '../access-matrix.ts';
import { ProblemError } from '../problem.ts';

export { routeKey, type AccessMatrix, type RouteAccess } from '../access-matrix.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The principal of an authenticated request; routes behind the matrix always have one. */
export function principalOf(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new ProblemError('unauthenticated', 'a bearer token is required', {}, { 'www-authenticate': 'Bearer' });
  return p;
}

/** The bearer token of the Authorization header, if any. Never log it. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m?.[1];
}

/**
 * Guards everything under /api/. Fails closed: an /api route missing from the matrix is
 * refused to everyone, so a new route cannot be published by forgetting to list it
 * (and the server does not even start with such a route, see server.ts). Routes outside
 * /api (health, docs, /public, the console's static files) need no token. Unmatched URLs
 * fall through to 404/405.
 */
export const authPlugin = fp<{ tokens: TokenStore; matrix: AccessMatrix }>(
  async (app, opts) => {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => {
      const url = request.routeOptions.url;
      if (url === undefined || !url.startsWith('/api/')) return;
      const access = opts.matrix.get(routeKey(request.method, url));
      const token = bearerToken(request);
      if (token !== undefined) {
        const principal = opts.tokens.authenticate(token);
        if (principal) {
          request.principal = principal;
          request.log = request.log.child({ principal: { id: principal.id, role: principal.role } });
        } else throw new ProblemError('unauthenticated', 'the bearer token is unknown or revoked', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
      } else if (request.headers.authorization !== undefined) {
        throw new ProblemError('unauthenticated', 'the Authorization header must be "Bearer <token>"', {}, { 'www-authenticate': 'Bearer' });
      }
      if (access === 'public') return;
      if (!request.principal) throw new ProblemError('unauthenticated', 'a bearer token is required', {}, { 'www-authenticate': 'Bearer' });
      if (access === undefined || !access.includes(request.principal.role)) {
        throw new ProblemError('forbidden', `role ${request.principal.role} may not ${request.method} ${url}`, { reason: 'role' });
      }
    });
  },
  { name: 'taizhang-auth', fastify: '5.x' },
);
