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
      const route = request.routeOptions.url ?? 'unmatched';
      const durationMs = reply.elapsedTime;
      metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.httpDurationSeconds.observe({ method: request.method, route }, durationMs / 1000);
      const line = { method: request.method, route, path: request.url.split('?')[0], statusCode: reply.statusCode, durationMs: Math.round(durationMs * 100) / 100 };
      // Through the server's logger with the request's bindings in front: the same line as
      // the request's child would print, without making that child (request-logger.ts).
      const bindings = lazyBindingsOf(request.log);
      if (bindings === undefined) request.log.info(line, 'request completed');
      else if (onlyKnownBindings(bindings)) unredacted.info({ ...bindings, ...line }, 'request completed');
      else app.log.info({ ...bindings, ...line }, 'request completed');
      done();
    });
  },
  { name: 'taizhang-request-observer', fastify: '5.x' },
);

/** Bindings of the shapes this plugin knows: the request id and the principal's id and role. */
function onlyKnownBindings(bindings: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(bindings)) {
    if (key === 'reqId' && typeof value === 'string') continue;
    if (key === 'principal' && typeof value === 'object' && value !== null && Object.keys(value).every((k) => k === 'id' || k === 'role')) continue;
    return false;
  }
  return true;
}
