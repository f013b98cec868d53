import fp from 'fastify-plugin';
import type { Metrics } from '../metrics.ts';
import { lazyBindingsOf } from './request-logger.ts';

/**
 * One log line and one metrics sample per request, when its answer is sent. The line
 * carries the request id (every line of the request does) and, once authenticated, the
 * principal's id and role (bound by the auth plugin); the path without its query string
 * (query values may be personal data), and never a header or a body.
 */
export const requestObserver = fp<{ metrics: Metrics }>(
  async (app, { metrics }) => {
    // The completion line holds only fields written here from known shapes (the request
    // id's format is checked in server.ts; the principal is { id, role }), none of which a
    // redaction path names, so it skips pino's redactor, which cost more than half of the
    // line. The line-level mask (logger.ts maskLogLine: ID and account numbers, tokens)
    // still runs on it, as on every line: the path is the caller's.
    const unredacted = app.log.child({}, { redact: [] });
    // Callback-style: nothing is awaited here (see server.ts).
    app.addHook('onResponse', (request, reply, done) => {
      const method = request.method;
      const route = request.routeOptions.url ?? 'unmatched';
      const statusCode = reply.statusCode;
      const durationMs = reply.elapsedTime;
      metrics.httpRequests.inc({ method, route, status: String(statusCode) });
      metrics.httpDurationSeconds.observe({ method, route }, durationMs / 1000);
      const url = request.url;
      const query = url.indexOf('?');
      const path = query < 0 ? url : url.slice(0, query);
      const roundedMs = Math.round(durationMs * 100) / 100;
      // Through the server's logger with the request's bindings in front: the same line as
      // the request's child would print, without making that child (request-logger.ts).
      const bindings = lazyBindingsOf(request.log);
      if (bindings === undefined) {
        request.log.info({ method, route, path, statusCode, durationMs: roundedMs }, 'request completed');
        return done();
      }
      const line = knownLine(bindings, method, route, path, statusCode, roundedMs);
      if (line !== undefined) unredacted.info(line, 'request completed');
      else app.log.info({ ...bindings, method, route, path, statusCode, durationMs: roundedMs }, 'request completed');
      done();
    });
  },
  { name: 'taizhang-request-observer', fastify: '5.x' },
);

/**
 * The completion line, built field by field in the order the spread of bindings and line
 * would give (the same output, one object), when the bindings are of the shapes this plugin
 * knows in the order the request made them: the request id, then (once authenticated) the
 * principal's id and role. Else undefined, and the line goes through the redactor.
 */
function knownLine(bindings: Record<string, unknown>, method: string, route: string, path: string, statusCode: number, durationMs: number): object | undefined {
  let reqId: string | undefined;
  let principal: object | undefined;
  let index = 0;
  for (const key in bindings) {
    if (!Object.hasOwn(bindings, key)) return undefined;
    const value = bindings[key];
    if (index === 0 && key === 'reqId' && typeof value === 'string') reqId = value;
    else if (index === 1 && key === 'principal' && isIdAndRole(value)) principal = value;
    else return undefined;
    index++;
  }
  if (reqId === undefined) return undefined;
  if (principal === undefined) return { reqId, method, route, path, statusCode, durationMs };
  return { reqId, principal, method, route, path, statusCode, durationMs };
}

function isIdAndRole(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (key !== 'id' && key !== 'role') return false;
  return true;
}
