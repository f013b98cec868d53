import { ROLES, type Role } from '../access/roles.ts';

/**
 * THE role × route table: who may call each route under /api. One row per route, keyed
 * `METHOD /url/with/:params` exactly as the route is registered (HEAD follows GET).
 *
 * - `'public'`: no token needed (a token, if sent, must still be valid).
 * - a list of roles: a principal of another role gets a 403 `forbidden` problem.
 *
 * The server refuses to start when an /api route has no row here or a row names no
 * registered route, and test/http/access-matrix.test.ts calls every cell with every role.
 * A row says WHICH ROLES; the region a principal may touch is checked by the route itself
 * with assertInRegion / regionScope (src/http/region-scope.ts).
 *
 * Feature engineers: add your rows in your own block below, in the order of your routes.
 */
export type RouteAccess = 'public' | readonly Role[];
export type AccessMatrix = ReadonlyMap<string, RouteAccess>;

export const EVERY_ROLE: readonly Role[] = ROLES;

export function routeKey(method: string, url: string): string {
  const m = method.toUpperCase();
  return `${m === 'HEAD' ? 'GET' : m} ${url}`;
}

const ROWS: Record<string, RouteAccess> = {
  // platform (src/http/routes/platform.ts)
  'GET /api/v1/whoami': EVERY_ROLE,

  // funds, catalogue, institutions, classes, trainees, applications, payments: rows come with their routes
};

export const ACCESS_MATRIX: AccessMatrix = new Map(Object.entries(ROWS));

/** A matrix with extra rows (tests, benchmarks); a key already present is a programming error. */
export function extendMatrix(base: AccessMatrix, rows: Record<string, RouteAccess>): AccessMatrix {
  const merged = new Map(base);
  for (const [key, access] of Object.entries(rows)) {
    if (merged.has(key)) throw new Error(`access matrix: ${key} is listed twice`);
    merged.set(key, access);
  }
  return merged;
}

/** Differences between the matrix and the /api routes registered: both lists must be empty. */
export function matrixGaps(matrix: AccessMatrix, apiRoutes: readonly string[]): { unlisted: string[]; unregistered: string[] } {
  const registered = new Set(apiRoutes);
  return {
    unlisted: [...registered].filter((k) => !matrix.has(k)).sort(),
    unregistered: [...matrix.keys()].filter((k) => !registered.has(k)).sort(),
  };
}
