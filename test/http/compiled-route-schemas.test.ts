import t from 'tap';
import type { z } from 'zod';
import { holdToSchema } from '../domain/compiled-twin-check.ts';
import { testServer } from './helpers/test-server.ts';

/**
 * Past its first uses a route validates with its schema's compiled twin
 * (src/http/validator-compiler.ts). The route schemas are the server's own (bodies,
 * params, querystrings, headers, many not shared with the domain's command schemas), so
 * each one the server registered is held to its twin here, as the event and command
 * schemas are in test/domain/compiled-schema.test.ts.
 */
const RUNS_PER_SCHEMA = 20;
const PARTS = ['body', 'params', 'querystring', 'headers'] as const;

function isZod(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

t.test('every route schema the server registers: the compiled twin answers as the schema', async (t) => {
  const server = await testServer(t);
  const seen = new Set<z.ZodType>();
  let bodies = 0;
  for (const route of server.app.routeTable.list()) {
    for (const part of PARTS) {
      const schema = route.schema?.[part];
      if (!isZod(schema) || seen.has(schema)) continue;
      seen.add(schema);
      if (part === 'body') bodies += 1;
      holdToSchema(t, `${route.method} ${route.url} ${part}`, schema, RUNS_PER_SCHEMA);
    }
  }
  // The server has dozens of command routes: far fewer bodies means the table lost the schemas.
  t.ok(bodies >= 30, `${bodies} distinct body schemas held to their twins (${seen.size} schemas in all)`);
});
