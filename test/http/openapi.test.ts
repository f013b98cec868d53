import t from 'tap';
import { ROLES } from '../../src/access/roles.ts';
import { testServer } from './helpers/test-server.ts';

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
  security?: unknown[];
}

const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The shared problems a route can answer, whatever its handler does: 400 for any bad input
 * and 429 from the rate limit under /api and /public; 401/403 from the auth hook on a
 * non-public route; 413/415 from fastify reading a body, and 422 for an Idempotency-Key
 * reused, on a route with one; 503 from read-your-writes on a route taking minPosition.
 */
function sharedStatuses(method: string, url: string, access: unknown, op: Operation): string[] {
  const codes: string[] = [];
  if (url.startsWith('/api/') || url.startsWith('/public/')) codes.push('400', '429');
  if (url.startsWith('/api/') && access !== 'public') codes.push('401', '403');
  if (method !== 'GET' && method !== 'HEAD') codes.push('400', '413', '415', '422');
  if (op.parameters?.some((p) => p.in === 'query' && p.name === 'minPosition')) codes.push('503');
  return [...new Set(codes)].sort();
}

async function documentedOperations(h: Awaited<ReturnType<typeof testServer>>) {
  const doc = (await h.call({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const routes = h.app.routeTable.list().filter((r) => r.method !== 'HEAD' && !r.hidden && !r.url.startsWith('/docs'));
  return routes.map((r) => ({ ...r, op: doc.paths[openapiPath(r.url)]?.[r.method.toLowerCase()] }));
}

t.test('every route is in the OpenAPI 3.1 document with a summary and its responses', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'GET', url: '/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, Operation>> };
  t.equal(doc.openapi, '3.1.0');
  const routes = h.app.routeTable.list().filter((r) => r.method !== 'HEAD' && !r.hidden && !r.url.startsWith('/docs'));
  t.ok(routes.length > 5);
  for (const route of routes) {
    const op = doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
    if (!op) {
      t.fail(`${route.method} ${route.url} is not documented`);
      continue;
    }
    t.ok(op.summary, `${route.method} ${route.url}: a summary`);
    const codes = Object.keys(op.responses ?? {});
    t.ok(codes.some((c) => c.startsWith('2')), `${route.method} ${route.url}: a success response`);
    if (route.url.startsWith('/api/')) {
      const access = h.app.accessMatrix.get(`${route.method} ${route.url}`);
      for (const code of ['400', '401', '403']) t.ok(codes.includes(code), `${route.method} ${route.url}: documents ${code}`);
      const problem = op.responses?.['403']?.content?.['application/problem+json']?.schema?.properties;
      t.ok(problem && 'type' in problem && 'status' in problem, `${route.method} ${route.url}: 403 is a problem`);
      if (access === 'public') t.notOk(op.security, `${route.url}: public, no security`);
      else t.same(op.security, [{ bearer: [] }], `${route.method} ${route.url}: needs a bearer token`);
    }
  }
});

t.test('every route documents each shared problem it can answer (413 and 415 on every route with a body, 503 with minPosition)', async (t) => {
  const h = await testServer(t);
  const ops = await documentedOperations(h);
  const posts = ops.filter((r) => r.method === 'POST');
  t.ok(posts.length > 50, `${posts.length} POST routes`);
  for (const { method, url, op } of ops) {
    if (!op) continue; // the test above fails for it
    const missing = sharedStatuses(method, url, h.app.accessMatrix.get(`${method} ${url}`), op).filter((c) => !(c in (op.responses ?? {})));
    t.same(missing, [], `${method} ${url}: documents ${sharedStatuses(method, url, h.app.accessMatrix.get(`${method} ${url}`), op).join(', ')}`);
    for (const code of ['413', '415']) {
      if (!(code in (op.responses ?? {}))) continue;
      t.ok(op.responses?.[code]?.content?.['application/problem+json'], `${method} ${url}: ${code} is problem+json`);
    }
  }
  const withMinPosition = ops.filter((r) => r.op?.parameters?.some((p) => p.name === 'minPosition'));
  t.ok(withMinPosition.length > 20, `${withMinPosition.length} routes take minPosition`);
});

t.test('what a route answers to a body too large, a body not JSON, and a minPosition not reached is documented for it', async (t) => {
  // A small body limit and wait, so that one request per route provokes each answer.
  const h = await testServer(t, { options: { bodyLimitBytes: 64, readYourWritesTimeoutMs: 5, rateLimitPerMinute: 0 } });
  const ops = await documentedOperations(h);
  let bodies = 0;
  let waits = 0;
  for (const { method, url, op } of ops) {
    const access = h.app.accessMatrix.get(`${method} ${url}`);
    if (!op) continue;
    // Routes outside the matrix (/public, the platform) take no token.
    const role = access === undefined || access === 'public' ? undefined : ROLES.find((r) => access.includes(r));
    const concrete = url.replace(/:([A-Za-z0-9_]+)/g, 'fz1');
    const documented = Object.keys(op.responses ?? {});
    const answers: [string, number][] = [];
    if (method === 'POST') {
      const big = await h.call({ method: 'POST', url: concrete, payload: JSON.stringify({ pad: 'x'.repeat(100) }), headers: { 'content-type': 'application/json' }, ...(role ? { as: role } : {}) });
      const text = await h.call({ method: 'POST', url: concrete, payload: '{}', headers: { 'content-type': 'text/plain' }, ...(role ? { as: role } : {}) });
      t.equal(big.statusCode, 413, `${method} ${url}: a body over the limit is a 413`);
      t.equal(text.statusCode, 415, `${method} ${url}: a text/plain body is a 415`);
      answers.push(['too large', big.statusCode], ['text/plain', text.statusCode]);
      bodies++;
    }
    if (method === 'GET' && op.parameters?.some((p) => p.name === 'minPosition')) {
      const res = await h.call({ method: 'GET', url: `${concrete}?minPosition=999999`, ...(role ? { as: role } : {}) });
      answers.push(['minPosition not reached', res.statusCode]);
      if (res.statusCode === 503) waits++;
    }
    for (const [what, status] of answers) t.ok(documented.includes(String(status)), `${method} ${url}: ${what} answers ${status}, documented (${documented.join(', ')})`);
  }
  t.ok(bodies > 50, `${bodies} routes with a body sent each`);
  t.ok(waits > 30, `${waits} routes answered 503 to a minPosition not reached`);
});

t.test('the docs UI is served at /docs', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(res.statusCode));
  const page = res.statusCode === 302 ? await h.call({ method: 'GET', url: String(res.headers.location).startsWith('/') ? String(res.headers.location) : `/docs/${res.headers.location}` }) : res;
  t.match(page.body, /swagger/i);
});
