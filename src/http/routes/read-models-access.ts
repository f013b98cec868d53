import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../access/roles.ts';
import { shanghaiDate } from '../../app/clock.ts';
import type { Clock } from '../../app/clock.ts';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { CalendarError } from '../../domain/calendar/errors.ts';
import { ProjectionUnavailableError, UnknownProjectionError } from '../../projections/errors.ts';
import type { SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { CursorError, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../../../projections/shared/paging.ts';
import { narrowPrefix, type RegionPrefix } from '../../../projections/shared/region.ts';
import { ProblemError } from '../problem.ts';
import { regionScope } from '../region-scope.ts';
import type { ServerDeps } from '../server-deps.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { principalOf } from '../plugins/auth.ts';

/**
 * What the query routes over read models share: running a query on a projection (with the
 * runtime's refusals turned into problems), the principal's region as a prefix narrowed
 * by any region asked for, `asOf`, and paging parameters.
 */

export type ReadModelQuery = <T>(name: string, query: (db: SqliteDatabase) => T) => Promise<T>;

/** Runs queries on the server's read models; 503 `not-ready` when it keeps none, or one is still being built. */
export function readModelQuery(deps: ServerDeps): ReadModelQuery {
  return async (name, query) => {
    const port = deps.readModels;
    if (port?.query === undefined) throw new ProblemError('not-ready', 'this server keeps no read models', {}, { 'retry-after': '60' });
    try {
      return await port.query(name, query);
    } catch (error) {
      if (error instanceof ProjectionUnavailableError) throw new ProblemError('not-ready', error.message, {}, { 'retry-after': String(error.retryAfterSeconds) });
      if (error instanceof UnknownProjectionError) throw new ProblemError('not-ready', `this server does not keep the read model ${name}`, {}, { 'retry-after': '60' });
      if (error instanceof CursorError) throw invalidQuery('cursor', error.message);
      throw error;
    }
  };
}

export function invalidQuery(field: string, message: string): ProblemError {
  return new ProblemError('validation-failed', `querystring.${field}: ${message}`, { errors: [{ path: `querystring.${field}`, message }] });
}

/**
 * The region prefix a list query may see: the principal's scope, narrowed by the region
 * asked for; null when the two do not meet (the answer is then empty, saying nothing of
 * the other region).
 */
export function listPrefix(principal: Principal, regionCode: string | undefined): RegionPrefix | null {
  return narrowPrefix(regionScope(principal).prefix, regionCode);
}

export function principalPrefix(request: FastifyRequest): RegionPrefix {
  return regionScope(principalOf(request)).prefix;
}

/** `asOf` as asked, else today in Asia/Shanghai by the server's clock (the read models never read one). */
export function asOfDate(asOf: string | undefined, clock: Clock): string {
  return asOf ?? shanghaiDate(clock.nowMs());
}

/** Turns a calendar refusal (a date outside the loaded holiday years) into a 400 naming `field`. */
export function onCalendar<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof CalendarError) throw invalidQuery(field, error.message);
    throw error;
  }
}

export const RegionCodeQuery = z.string().regex(/^\d{6}$/, 'a 6-digit administrative division code');

/** Paging, `asOf` and `minPosition`, for list routes. */
export const PagedQuery = MinPositionQuery.extend({
  cursor: z.string().max(1000).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).optional().describe(`page size, 1–${PAGE_SIZE_MAX} (default ${PAGE_SIZE_DEFAULT})`),
});

export const AsOfQuery = z.object({
  asOf: BusinessDateSchema.optional().describe('the date the answer describes (YYYY-MM-DD); default today in Asia/Shanghai'),
});

/** A comma-separated list of values from `values`, e.g. `status=paid,bounced`. */
export function csvOf<const V extends readonly [string, ...string[]]>(values: V, describe: string) {
  return z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(values)).min(1))
    .optional()
    .describe(describe);
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last') });
}

/** An empty page, for a region asked for outside the principal's scope. */
export function emptyPage<T>(): { items: T[]; nextCursor: null } {
  return { items: [], nextCursor: null };
}
