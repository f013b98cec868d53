import type { Socket } from 'node:net';
import { makeProblem } from './problem.ts';
import type { ProblemSlug } from './problem-types.ts';

/** Node's parser errors, by the problem each answers with (anything else: bad-request). */
function slugOf(code: string | undefined): ProblemSlug {
  if (code === 'HPE_HEADER_OVERFLOW') return 'request-header-too-large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request-timeout';
  return 'bad-request';
}

/**
 * fastify's clientErrorHandler: a request Node could not parse (oversized header, malformed
 * request line, timeout) never reaches a route or the problem handler, so it is answered here,
 * on the raw socket, as problem+json like every other error. The detail names no value sent.
 */
export function problemClientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const p = makeProblem(slugOf(err.code));
    const body = JSON.stringify(p);
    const reason = p.title.replace(/[^\x20-\x7e]/g, '');
    socket.write(`HTTP/1.1 ${p.status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
