import type { Test } from 'tap';
import fc from 'fast-check';
import { ROLES } from '../../src/access/roles.ts';
import { testServer } from './helpers/test-server.ts';

/**
 * For every command route (any non-GET route under /api, found from the routes and the
 * matrix, so routes added later are covered without touching this file): 500 random or
 * malformed bodies. Every answer is a 4xx problem+json that wrote nothing, never a 5xx
 * (or, when a random body happens to be valid, a 2xx); a problem's `status` is the HTTP
 * status and its `type` one GET /problems lists for that status; and every status a route
 * answered is one its entry in /docs/json documents. Bodies are of three kinds: any JSON
 * value; text that is mostly not JSON; and objects with the route's own field names (from
 * its OpenAPI schema) holding random values, which get past the first checks and reach
 * deeper ones.
 */
const RUNS = 500;

type Schema = { properties?: Record<string, unknown> };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, unknown> };

/** Values a field might plausibly hold, and some it should not. */
const fieldValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.integer({ min: 1, max: 1000 }), fc.stringMatching(/^[0-9a-z-]{1,8}$/), fc.stringMatching(/^\d{6}$/));

function bodyArbitrary(fields: string[]): fc.Arbitrary<{ payload: string; contentType: string }> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' });
  const nearValid = fields.length === 0 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: fields.length + 1 });
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map(json),
    nearValid.map(json),
    fc.string({ maxLength: 200 }).map((s) => ({ payload: s, contentType: 'application/json' })),
    fc.tuple(fc.string({ maxLength: 40 }), fc.constantFrom('text/plain', 'application/xml', 'application/json; charset=latin1', 'multipart/form-data')).map(([s, c]) => ({ payload: s, contentType: c })),
  );
}

/**
 * Runs shard `shard` of `shards`: the command routes in matrix order, every `shards`-th one.
 * The suite runs the shards as separate files (fuzz-shard-N.test.ts), so that no one file
 * holds ~40 000 requests: on a loaded machine that one file outlived tap's timeout.
 */
export async function fuzzCommandRoutes(t: Test, shard: number, shards: number): Promise<void> {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 } });
  const doc = (await h.call({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
  const listed = (await h.call({ method: 'GET', url: '/problems' })).json() as { problems: { type: string; status: number }[] };
  const statusOfType = new Map(listed.problems.map((p) => [p.type, p.status]));
  t.ok(statusOfType.size > 5, `${statusOfType.size} problem types listed`);
  const all = [...h.app.accessMatrix.entries()].filter(([key]) => !key.startsWith('GET '));
  t.ok(all.length >= 3, `${all.length} command routes`);
  const commands = all.filter((_, i) => i % shards === shard);
  t.ok(commands.length > 0, `shard ${shard + 1} of ${shards}: ${commands.length} routes`);
  for (const [key, access] of commands) {
    const [method, url] = key.split(' ') as [string, string];
    const role = access === 'public' ? undefined : ROLES.find((r) => access.includes(r));
    const op = doc.paths[url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()];
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    const fields = Object.keys(schema?.properties ?? {});
    const concrete = url.replace(/:([A-Za-z0-9_]+)/g, 'fz1');
    const seen = new Set<number>();
    // The head after each answer is the head before the next request (nothing else writes):
    // one read per body shows that each refused one wrote nothing.
    let head = await h.store.headPosition();
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(fields), async ({ payload, contentType }) => {
        const before = head;
        const res = await h.call({ method: method as 'POST', url: concrete, payload, headers: { 'content-type': contentType }, ...(role ? { as: role } : {}) });
        head = await h.store.headPosition();
        seen.add(res.statusCode);
        // A random body can happen to be valid (an id and a region code): then it may write.
        if (res.statusCode < 300) return true;
        const problem = res.statusCode >= 400 && res.statusCode < 500 && /^application\/problem\+json/.test(String(res.headers['content-type']));
        if (!problem || head !== before) return false;
        const body = res.json() as { status?: unknown; type?: unknown };
        return body.status === res.statusCode && statusOfType.get(String(body.type)) === res.statusCode;
      }),
      { numRuns: RUNS },
    );
    t.pass(`${key} (fields ${fields.join(', ') || 'none'}): ${RUNS} bodies, statuses ${[...seen].sort().join(', ')}`);
    const documented = Object.keys(op?.responses ?? {});
    t.same([...seen].map(String).filter((s) => !documented.includes(s)), [], `${key}: every status it answered is documented in /docs/json (${documented.join(', ')})`);
  }
}
