import t from 'tap';
import { testServer } from './helpers/test-server.ts';

interface Operation {
  summary?: string;
  responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
  security?: unknown[];
}

const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

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

t.test('the docs UI is served at /docs', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(res.statusCode));
  const page = res.statusCode === 302 ? await h.call({ method: 'GET', url: String(res.headers.location).startsWith('/') ? String(res.headers.location) : `/docs/${res.headers.location}` }) : res;
  t.match(page.body, /swagger/i);
});
