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
    /** Why the request is refused (401/403), decided before the rate limiter and thrown after it. */
    authRefusal?: ProblemError;
  }
}

/**
 * How long a verified token is trusted without asking the node database again. Bounds how
 * late a revocation made by ANOTHER process (`taizhang token revoke` beside a running
 * server) takes effect; one made through this process's TokenStore clears the cache at once.
 */
export const TOKEN_CACHE_MS = 1000;
const TOKEN_CACHE_MAX = 10_000;

/**
 * Verified tokens, briefly: hashing the token and looking its hash up cost a SQLite read
 * on every request. Only successes are kept (a token created a moment ago works at once),
 * never written anywhere, and at most TOKEN_CACHE_MS old.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, { principal: Principal; expiresAtMs: number }>();
  #revocations: number;

  constructor(
    private readonly tokens: Pick<TokenStore, 'authenticate' | 'revocations'>,
    private readonly nowMs: () => number = () => performance.now(),
    private readonly ttlMs = TOKEN_CACHE_MS,
  ) {
    this.#revocations = tokens.revocations;
  }

  authenticate(token: string): Principal | undefined {
    if (this.tokens.revocations !== this.#revocations) {
      this.#entries.clear();
      this.#revocations = this.tokens.revocations;
    }
    const now = this.nowMs();
    const hit = this.#entries.get(token);
    if (hit !== undefined && hit.expiresAtMs > now) return hit.principal;
    this.#entries.delete(token);
    const principal = this.tokens.authenticate(token);
    if (principal === undefined) return undefined;
    // Bounded by clearing: the working set (live tokens used within a second) is far smaller.
    if (this.#entries.size >= TOKEN_CACHE_MAX) this.#entries.clear();
    const frozen = Object.freeze(principal);
    this.#entries.set(token, { principal: frozen, expiresAtMs: now + this.ttlMs });
    return frozen;
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
    app.decorateRequest('authRefusal', undefined);
    const verified = new VerifiedTokens(opts.tokens);
    // Callback-style: nothing here is awaited (see server.ts).
    app.addHook('onRequest', (request, _reply, done) => {
      try {
        authorize(request);
      } catch (e) {
        if (!(e instanceof ProblemError)) throw e;
        request.authRefusal = e;
      }
      done();
    });
    // Refused only after the rate limiter (a route-level onRequest hook, so after this plugin's):
    // a refused request (a guessed token, a wrong role) counts against its address's or
    // principal's budget like any other. preParsing still comes before the body is read.
    app.addHook('preParsing', (request, _reply, payload, done) => {
      if (request.authRefusal !== undefined) done(request.authRefusal);
      else done(null, payload);
    });
    function authorize(request: FastifyRequest): void {
      const url = request.routeOptions.url;
      if (url === undefined || !url.startsWith('/api/')) return;
      const access = opts.matrix.get(routeKey(request.method, url));
      const token = bearerToken(request);
      if (token !== undefined) {
        const principal = verified.authenticate(token);
        if (principal) {
          request.principal = principal;
          const bindings = { principal: { id: principal.id, role: principal.role } };
          // The request's own child logger takes the binding in place (no second child per
          // request); never the server's logger, which every request would then carry.
          const own = request.log as typeof request.log & { setBindings?: (b: object) => void };
          if (own !== app.log && typeof own.setBindings === 'function') own.setBindings(bindings);
          else request.log = request.log.child(bindings);
        } else throw new ProblemError('unauthenticated', 'the bearer token is unknown or revoked', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
      } else if (request.headers.authorization !== undefined) {
        throw new ProblemError('unauthenticated', 'the Authorization header must be "Bearer <token>"', {}, { 'www-authenticate': 'Bearer' });
      }
      if (access === 'public') return;
      if (!request.principal) throw new ProblemError('unauthenticated', 'a bearer token is required', {}, { 'www-authenticate': 'Bearer' });
      if (access === undefined || !access.includes(request.principal.role)) {
        throw new ProblemError('forbidden', `role ${request.principal.role} may not ${request.method} ${url}`, { reason: 'role' });
      }
    }
  },
  { name: 'taizhang-auth', fastify: '5.x' },
);
