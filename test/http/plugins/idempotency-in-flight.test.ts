import t from 'tap';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { IdempotencyStore } from '../../../src/app/idempotency-store.ts';
import { openNodeDb } from '../../../src/app/node-db.ts';
import { idempotencyPlugin } from '../../../src/http/plugins/idempotency.ts';

/** The Idempotency-Key plugin alone, behind a stand-in for auth (one fixed principal). */
async function server(dataDir: string, inFlightSweepMin?: number) {
  const db = openNodeDb(dataDir);
  const store = new IdempotencyStore(db);
  const app = Fastify();
  await app.register(
    fp(
      async (instance) => {
        instance.decorateRequest('principal', undefined);
        instance.addHook('onRequest', (request, _reply, done) => {
          request.principal = { id: 'u-1', name: 'one', role: 'finance' };
          done();
        });
      },
      { name: 'taizhang-auth', fastify: '5.x' },
    ),
  );
  await app.register(idempotencyPlugin, { store, nowMs: () => 1_767_225_600_000, ...(inFlightSweepMin === undefined ? {} : { inFlightSweepMin }) });
  let runs = 0;
  // Ends its reply by hand, past fastify's send: no onSend, so no answer is ever recorded.
  app.post('/hijacked', async (_request, reply) => {
    runs++;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/json' });
    reply.raw.end('{"hijacked":true}');
  });
  app.post('/normal', async () => {
    runs++;
    return { ok: true };
  });
  t.teardown(async () => {
    await app.close();
    await store.close();
    db.close();
  });
  return { app, runs: () => runs };
}

t.test('a key whose request ended without a recorded answer is not held in flight forever', async (t) => {
  const { app, runs } = await server(t.testdir());
  const request = { method: 'POST' as const, url: '/hijacked', headers: { 'idempotency-key': 'k-1', 'content-type': 'application/json' }, payload: '{}' };
  t.equal((await app.inject(request)).statusCode, 200);
  const again = await app.inject(request);
  t.equal(again.statusCode, 200, 'not a 409: the first request is over');
  t.equal(runs(), 2, 'with no answer recorded, the retry runs again (as a replay of the claim)');
});

t.test('an answered key is let go and replays its answer', async (t) => {
  const { app, runs } = await server(t.testdir());
  const request = { method: 'POST' as const, url: '/normal', headers: { 'idempotency-key': 'k-2', 'content-type': 'application/json' }, payload: '{}' };
  const first = await app.inject(request);
  const second = await app.inject(request);
  t.equal(second.statusCode, 200);
  t.equal(second.body, first.body);
  t.equal(second.headers['idempotent-replayed'], 'true');
  t.equal(runs(), 1);
});

t.test('keys of requests that ended unanswered and never came back are swept, not held for ever', async (t) => {
  const { app } = await server(t.testdir(), 4);
  for (let i = 0; i < 40; i++) {
    const answer = await app.inject({ method: 'POST', url: '/hijacked', headers: { 'idempotency-key': `gone-${i}`, 'content-type': 'application/json' }, payload: '{}' });
    t.equal(answer.statusCode, 200);
    t.ok(app.idempotencyKeysInFlight() <= 4, `at most the sweep mark held after ${i + 1} such keys`);
  }
  const answered = await app.inject({ method: 'POST', url: '/normal', headers: { 'idempotency-key': 'kept', 'content-type': 'application/json' }, payload: '{}' });
  t.equal(answered.statusCode, 200);
  t.ok(app.idempotencyKeysInFlight() <= 4, 'an answered key is let go at once');
});
