import t from 'tap';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

t.test('per-token rate limit: a 429 problem with Retry-After; other tokens keep their own budget', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 3 } });
  const whoami = (token: string) => h.call({ method: 'GET', url: '/api/v1/whoami', token });
  const mine = h.token.auditor;
  for (let i = 0; i < 3; i++) t.equal((await whoami(mine)).statusCode, 200, `request ${i + 1} of 3`);
  const limited = await whoami(mine);
  t.equal(limited.statusCode, 429);
  t.equal(problemOf(t, limited).type, PROBLEM('rate-limited'));
  t.match(limited.headers['retry-after'], /^\d+$/);
  t.equal((await whoami(h.token.finance)).statusCode, 200, 'another token is another bucket');
  t.equal((await h.call({ method: 'GET', url: '/health' })).statusCode, 200, 'probes are not limited');
});

t.test('anonymous callers share a bucket per address', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 2 } });
  const notice = (remoteAddress: string) => h.app.inject({ method: 'GET', url: '/api/v1/toy/notice', remoteAddress });
  t.equal((await notice('10.0.0.1')).statusCode, 200);
  t.equal((await notice('10.0.0.1')).statusCode, 200);
  t.equal((await notice('10.0.0.1')).statusCode, 429);
  t.equal((await notice('10.0.0.2')).statusCode, 200);
});

t.test('unknown tokens, a malformed Authorization and no token are limited too: per address, not per token (R3 item 1)', async (t) => {
  // Before: the 401 was thrown in the auth hook, ahead of the limiter, so guesses were never counted.
  const h = await testServer(t, { options: { rateLimitPerMinute: 3 } });
  const guess = (authorization: string | undefined, remoteAddress = '10.0.0.7') =>
    h.app.inject({ method: 'GET', url: '/api/v1/whoami', remoteAddress, headers: authorization === undefined ? {} : { authorization } });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await guess(`Bearer tz_guess${i}${'x'.repeat(30)}`)).statusCode);
  t.same(statuses, [401, 401, 401], 'the first three guesses are refused as unauthenticated');
  const limited = await guess(`Bearer tz_guess9${'y'.repeat(30)}`);
  t.equal(limited.statusCode, 429, 'a fourth guess with yet another token is limited: random tokens share their address\'s bucket');
  t.equal(problemOf(t, limited).type, PROBLEM('rate-limited'));
  t.equal((await guess('Basic xyz')).statusCode, 429, 'a malformed Authorization counts against the same address');
  t.equal((await guess(undefined)).statusCode, 429, 'so does no token at all');
  t.equal((await guess('Bearer tz_other', '10.0.0.8')).statusCode, 401, 'another address has its own budget');
  const valid = await h.app.inject({ method: 'GET', url: '/api/v1/whoami', remoteAddress: '10.0.0.7', headers: { authorization: `Bearer ${h.token.auditor}` } });
  t.equal(valid.statusCode, 200, 'a valid token from the same address keeps its own bucket');
});

t.test('a principal refused by role is counted against its own bucket (R3 item 1)', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 2 } });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'auditor', payload: {} })).statusCode);
  t.same(statuses, [403, 403, 429]);
});

t.test('0 turns the limit off', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 } });
  for (let i = 0; i < 20; i++) if ((await h.call({ method: 'GET', url: '/api/v1/whoami', as: 'admin' })).statusCode !== 200) t.fail(`request ${i}`);
  t.pass('20 requests answered');
});

t.test('the body limit applies before the body is parsed', async (t) => {
  const h = await testServer(t, { options: { bodyLimitBytes: 64 } });
  const res = await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: JSON.stringify({ accountId: 'a'.repeat(80), region: '360102' }), headers: { 'content-type': 'application/json' } });
  t.equal(res.statusCode, 413);
  t.equal(problemOf(t, res).type, PROBLEM('payload-too-large'));
});
