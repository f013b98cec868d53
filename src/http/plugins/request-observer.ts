import fp from 'fastify-plugin';
import type { Metrics } from '../metrics.ts';

/**
 * One log line and one metrics sample per request, when its answer is sent. The line
 * carries the request id (every line of the request does) and, once authenticated, the
 * principal's id and role (bound by the auth plugin); the path without its query string
 * (query values may be personal data), and never a header or a body.
 */
export const requestObserver = fp<{ metrics: Metrics }>(
  async (app, { metrics }) => {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const durationMs = reply.elapsedTime;
      metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.httpDurationSeconds.observe({ method: request.method, route }, durationMs / 1000);
      request.log.info(
        { method: request.method, route, path: request.url.split('?')[0], statusCode: reply.statusCode, durationMs: Math.round(durationMs * 100) / 100 },
        'request completed',
      );
    });
  },
  { name: 'taizhang-request-observer', fastify: '5.x' },
);
