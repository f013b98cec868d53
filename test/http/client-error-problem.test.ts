import t from 'tap';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PROBLEM_TYPES } from '../../src/http/problem-types.ts';
import { PROBLEM, testServer } from './helpers/test-server.ts';

// R2: errors raised while Node parses the request itself (before any route) answered
// fastify's default {"error":…} body without a problem `type`.
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => (out += d.toString('utf8')));
    s.on('error', () => resolve(out));
    s.on('close', () => resolve(out));
    s.on('connect', () => s.end(text));
    setTimeout(() => reject(new Error('no answer')), 10_000).unref();
  });
}

function problemIn(answer: string): { status: number; contentType: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '', body: JSON.parse(body) as Record<string, unknown> };
}

t.test('an oversized header and a malformed request line answer problem+json with a listed type', async (t) => {
  const h = await testServer(t);
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = h.app.server.address() as AddressInfo;
  const big = problemIn(await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
  t.equal(big.status, 431);
  t.match(big.contentType, /^application\/problem\+json/);
  t.match(big.body, { type: PROBLEM('request-header-too-large'), status: 431 });
  t.ok(PROBLEM_TYPES.has('request-header-too-large' as never));
  const bad = problemIn(await raw(port, 'NOT A REQUEST\r\n\r\n'));
  t.equal(bad.status, 400);
  t.match(bad.contentType, /^application\/problem\+json/);
  t.match(bad.body, { type: PROBLEM('bad-request'), status: 400 });
});
