import t from 'tap';
import { maskLogLine } from '../../src/logging/logger.ts';
import { residentId } from './fixtures/toy-feature.ts';
import { capturedLogs, leaks, PROBLEM, problemOf, secretsSent, testServer } from './helpers/test-server.ts';

t.test('/health answers while the process lives; /ready checks the store and the read models', async (t) => {
  let state = 'building';
  let served: bigint | undefined;
  const h = await testServer(t, {
    readModels: { waitForPosition: async () => {}, status: () => [{ name: 'funds', version: 1, state, servedPosition: served }], close: async () => {} },
  });
  t.same((await h.call({ method: 'GET', url: '/health' })).json(), { status: 'ok' });
  const building = await h.call({ method: 'GET', url: '/ready' });
  t.equal(building.statusCode, 503);
  t.match(problemOf(t, building), { type: PROBLEM('not-ready'), detail: /still being built: funds/ });
  await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: { accountId: 'a1', region: '360102' } });
  state = 'live';
  served = 0n;
  const ready = await h.call({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready', headPosition: '1', readModels: [{ name: 'funds', version: 1, state: 'live', servedPosition: '0', lagEvents: '1' }] });
  state = 'failed';
  t.equal((await h.call({ method: 'GET', url: '/ready' })).statusCode, 503);
});

t.test('/metrics: Prometheus text with request counts and latency by route, appends, projection lag', async (t) => {
  const h = await testServer(t, {
    readModels: { waitForPosition: async () => {}, status: () => [{ name: 'funds', state: 'live', servedPosition: 0n }], close: async () => {} },
  });
  await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: { accountId: 'a1', region: '360102' } });
  await h.call({ method: 'GET', url: '/api/v1/toy/accounts/a1', as: 'finance' });
  await h.call({ method: 'GET', url: '/api/v1/toy/accounts/zz', as: 'finance' });
  const res = await h.call({ method: 'GET', url: '/metrics' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  t.match(text, /taizhang_http_requests_total\{method="GET",route="\/api\/v1\/toy\/accounts\/:accountId",status="200"\} 1/);
  t.match(text, /taizhang_http_requests_total\{method="GET",route="\/api\/v1\/toy\/accounts\/:accountId",status="404"\} 1/, 'by route pattern, never by concrete URL');
  t.match(text, /taizhang_http_request_duration_seconds_bucket\{le="[0-9.]+",method="POST",route="\/api\/v1\/toy\/accounts"\}/);
  t.match(text, /taizhang_projection_lag_events\{projection="funds"\} 1/);
  t.notMatch(text, /\/accounts\/a1/);
});

t.test('append metrics count appends and conflicts', async (t) => {
  const { withAppendMetrics } = await import('../../src/http/metrics-store.ts');
  const { createMetrics } = await import('../../src/http/metrics.ts');
  const h = await testServer(t);
  const metrics = createMetrics({ processMetrics: false });
  const store = withAppendMetrics(h.store, metrics);
  const event = (id: string) => ({ id, type: 'ToyClosed', schemaVersion: 1, data: {}, metadata: { actor: { id: 'u', role: 'admin' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-02T09:00:00.000+08:00' } });
  await store.append('toyaccount-m', [event('0195f3a0-0000-7000-8000-000000000001'), event('0195f3a0-0000-7000-8000-000000000002')], 'no_stream');
  await t.rejects(store.append('toyaccount-m', [event('0195f3a0-0000-7000-8000-000000000003')], 'no_stream'));
  const text = await metrics.registry.metrics();
  t.match(text, /taizhang_store_appends_total\{outcome="ok"\} 1/);
  t.match(text, /taizhang_store_appends_total\{outcome="conflict"\} 1/);
  t.match(text, /taizhang_store_appended_events_total 2/);
});

t.test('every request is logged once with its request id, and the principal once authenticated', async (t) => {
  const h = await testServer(t);
  const before = capturedLogs().length;
  await h.call({ method: 'GET', url: '/api/v1/whoami?minPosition=0', token: h.tokenFor('reviewer', '360100'), headers: { 'x-request-id': 'req-observe-0001' } });
  await h.call({ method: 'GET', url: '/api/v1/whoami', headers: { 'x-request-id': 'req-observe-0002' } });
  const lines = capturedLogs().slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
  const done = lines.filter((l) => l.msg === 'request completed');
  t.equal(done.length, 2, 'one line per request');
  t.match(done[0], { reqId: 'req-observe-0001', principal: { id: 'u-test-reviewer-360100', role: 'reviewer' }, route: '/api/v1/whoami', path: '/api/v1/whoami', statusCode: 200 });
  t.notOk('principal' in done[1]!, 'a refused anonymous request has no principal');
  t.match(done[1], { reqId: 'req-observe-0002', statusCode: 401 });
  t.notMatch(JSON.stringify(lines), /minPosition|authorization/i, 'neither query strings nor headers are logged');
});

t.test('a caller\'s X-Request-Id is used only when it looks like one', async (t) => {
  const h = await testServer(t);
  const kept = await h.call({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123-def-456' } });
  t.equal(kept.headers['x-request-id'], 'abc-123-def-456');
  const replaced = await h.call({ method: 'GET', url: '/health', headers: { 'x-request-id': 'x\n{"level":60}' } });
  t.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});

t.test('the log masks what slips past the redaction paths: ID numbers, account numbers, tokens', async (t) => {
  const id = residentId('36042119850615123');
  secretsSent.add(id);
  const line = JSON.stringify({ msg: `lookup of ${id} failed`, nested: { deep: { x: `${id.slice(0, 17)}x` } }, acct: 'card 6222021234567890123', auth: 'Bearer abc.def', t: 'tz_' + 'Q'.repeat(43), time: 1772000000000 });
  const masked = maskLogLine(line);
  t.same(leaks([masked], [id]), [], 'nothing left for the scan to find');
  t.match(masked, /"time":1772000000000/, 'times and positions stay');
  t.match(masked, /Bearer \[redacted\]/);
  t.notMatch(masked, /6222021234567890123/);
  t.same(leaks([line], [id]).length, 1, 'and the scan does find the unmasked line');
});

t.test('bodies, headers and errors that carry an ID number never reach the log', async (t) => {
  const failAfterAppend = { next: false };
  const h = await testServer(t, { toy: { failAfterAppend } });
  const id = residentId('36010219851231002');
  secretsSent.add(id);
  const before = capturedLogs().length;
  await h.call({ method: 'POST', url: `/api/v1/toy/accounts`, as: 'finance', payload: { accountId: id, region: '360102', idNumber: id } });
  await h.call({ method: 'GET', url: `/api/v1/toy/accounts/${id}`, as: 'finance', headers: { 'x-id-number': id } });
  await h.call({ method: 'POST', url: `/api/v1/nothing/${id}`, as: 'finance', payload: `{"broken": "${id}"` , headers: { 'content-type': 'application/json' } });
  const lines = capturedLogs().slice(before);
  t.ok(lines.length >= 3, 'the requests were logged');
  t.same(leaks(lines, [id]), []);
});
