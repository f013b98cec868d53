import t from 'tap';
import { z } from 'zod';
import { defineFeature } from '../../src/http/feature.ts';
import { fuzzFindings } from './fuzz-routes.ts';
import { testServer } from './helpers/test-server.ts';

/**
 * The harness itself: it must catch a route that writes on bad input or answers a 5xx,
 * and it must only ever send bodies a strict schema refuses (a well-behaved route sees
 * nothing but 4xx).
 */
const Body = z.strictObject({ amountFen: z.int().positive(), note: z.string().max(20).optional(), nested: z.strictObject({ on: z.string() }) });

t.test('the harness catches a route that writes, or fails with a 5xx, on bad input', async (t) => {
  const planted = defineFeature('planted', (app, server) => {
    // Reads the raw body without a schema: writes on anything that parses, and crashes on arrays.
    app.post('/api/v1/planted', async (request) => {
      if (Array.isArray(request.body)) throw new Error('planted crash');
      await server.store.append('toyaccount-planted', [{ id: crypto.randomUUID().replace(/^(.{14})./, '$17'), type: 'ToyDeposited', schemaVersion: 1, data: { amountFen: 1 }, metadata: { actor: { id: 'x', role: 'admin' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-02T09:00:00+08:00' } }], 'any');
      return { ok: true };
    });
    app.post('/api/v1/strict', { schema: { body: Body } }, async () => ({ ok: true }));
  });
  const h = await testServer(t, { features: [planted], matrix: new Map([['GET /api/v1/whoami', ['admin']], ['POST /api/v1/planted', ['admin']], ['POST /api/v1/strict', ['admin']]]), options: { rateLimitPerMinute: 0 } });
  const validBody = { amountFen: 5, note: 'n', nested: { on: '2026-03-01' } };

  const bad = await fuzzFindings(h, { url: '/api/v1/planted', token: h.token.admin, validBody, runs: 200 });
  t.ok(bad.failures.some((f) => /head \d+→\d+/.test(f) && !/head (\d+)→\1 /.test(f)), 'writes are caught');
  t.ok([...bad.statuses.keys()].some((s) => s >= 500), 'a 5xx is seen');
  t.ok(bad.failures.some((f) => f.startsWith('500')), '5xx answers are caught');

  const good = await fuzzFindings(h, { url: '/api/v1/strict', token: h.token.admin, validBody, runs: 500 });
  t.same(good.failures, [], 'a strict route only ever gets bodies it refuses');
  t.notOk(good.statuses.has(200), 'never a valid body');
});
