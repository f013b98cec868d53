import t from 'tap';
import { PROBLEM_TYPES } from '../../src/http/problem-types.ts';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

const OPEN = '/api/v1/toy/accounts';

t.test('a body failing validation names each field at fault as body.x.y', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'Not Valid!', region: 36 } });
  t.equal(res.statusCode, 400);
  const p = problemOf(t, res);
  t.equal(p.type, PROBLEM('validation-failed'));
  t.same(p.errors?.map((e) => e.path).sort(), ['body.accountId', 'body.region']);
  t.ok(p.errors?.every((e) => e.message.length > 0), 'each with a message');
});

t.test('an unknown key in a strict command body is named', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102', extra: 1 } });
  t.equal(res.statusCode, 400);
  t.ok(problemOf(t, res).errors?.some((e) => e.path === 'body' || e.path.includes('extra')), 'the body or the key is named');
});

t.test('path parameters are validated as params.x', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'POST', url: '/api/v1/toy/accounts/BAD_ID/deposits', as: 'finance', payload: { amountFen: 5 } });
  t.equal(res.statusCode, 400);
  t.same(problemOf(t, res).errors?.map((e) => e.path), ['params.accountId']);
});

t.test('bodies the server cannot read get their own problem types, never a 500', async (t) => {
  const h = await testServer(t, { options: { bodyLimitBytes: 1024 } });
  const cases: [string, Parameters<typeof h.call>[0], number, string][] = [
    ['malformed JSON', { method: 'POST', url: OPEN, as: 'finance', payload: '{"accountId": "a1",', headers: { 'content-type': 'application/json' } }, 400, 'malformed-body'],
    ['empty JSON body', { method: 'POST', url: OPEN, as: 'finance', payload: '', headers: { 'content-type': 'application/json' } }, 400, 'malformed-body'],
    ['prototype poisoning', { method: 'POST', url: OPEN, as: 'finance', payload: '{"__proto__": {"admin": true}}', headers: { 'content-type': 'application/json' } }, 400, 'malformed-body'],
    ['text/plain', { method: 'POST', url: OPEN, as: 'finance', payload: 'accountId=a1', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported-media-type'],
    ['form encoding', { method: 'POST', url: OPEN, as: 'finance', payload: 'accountId=a1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported-media-type'],
    ['too large', { method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102', pad: 'x'.repeat(2000) } }, 413, 'payload-too-large'],
    ['unknown route', { method: 'GET', url: '/api/v1/nothing-here', as: 'finance' }, 404, 'not-found'],
    ['unknown route, no token', { method: 'GET', url: '/nothing' }, 404, 'not-found'],
    ['bad percent-encoding', { method: 'GET', url: '/api/v1/toy/accounts/%zz', as: 'finance' }, 400, 'bad-request'],
    ['minPosition not a number', { method: 'GET', url: '/api/v1/toy/accounts/a1?minPosition=abc', as: 'finance' }, 400, 'validation-failed'],
  ];
  for (const [name, request, status, slug] of cases) {
    const res = await h.call(request);
    t.equal(res.statusCode, status, `${name}: ${status}`);
    t.equal(problemOf(t, res).type, PROBLEM(slug), `${name}: ${slug}`);
  }
  t.same(await h.store.readAll(), [], 'nothing was written');
});

t.test('a method the route does not have is a 405 with Allow', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'DELETE', url: '/api/v1/toy/accounts/a1', as: 'finance' });
  t.equal(res.statusCode, 405);
  t.equal(problemOf(t, res).type, PROBLEM('method-not-allowed'));
  t.equal(res.headers.allow, 'GET, HEAD');
  const post = await h.call({ method: 'GET', url: OPEN, as: 'finance' });
  t.equal(post.statusCode, 405);
  t.equal(post.headers.allow, 'POST');
});

t.test('domain rejections: 422 for a rule, 409 for a clash with the past, each with its code', async (t) => {
  const h = await testServer(t);
  t.equal((await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102' } })).statusCode, 201);
  const again = await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102' } });
  t.equal(again.statusCode, 409);
  const conflict = problemOf(t, again);
  t.equal(conflict.type, PROBLEM('domain-conflict'));
  t.equal(conflict.code, 'toy.account_already_exists');
  t.same(conflict.errors, [{ path: 'accountId', message: 'the account exists' }]);
  const missing = await h.call({ method: 'POST', url: '/api/v1/toy/accounts/zz/deposits', as: 'finance', payload: { amountFen: 1 } });
  t.equal(missing.statusCode, 422);
  t.match(problemOf(t, missing), { type: PROBLEM('domain-rejection'), code: 'toy.account_not_found' });
});

t.test('an unexpected error is a 500 problem naming the request id, its cause only in the log', async (t) => {
  const failAfterAppend = { next: false };
  const h = await testServer(t, { toy: { failAfterAppend } });
  await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102' } });
  failAfterAppend.next = true;
  const res = await h.call({ method: 'POST', url: '/api/v1/toy/accounts/a1/deposits', as: 'finance', payload: { amountFen: 5 }, headers: { 'x-request-id': 'req-test-500-0001' } });
  t.equal(res.statusCode, 500);
  const p = problemOf(t, res);
  t.equal(p.type, PROBLEM('internal'));
  t.match(p.detail, /req-test-500-0001/);
  t.notMatch(JSON.stringify(p), /simulated crash/, 'the cause is not sent');
  t.equal(res.headers['x-request-id'], 'req-test-500-0001');
});

t.test('GET /problems lists every problem type with its stable URI; each is dereferenceable', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'GET', url: '/problems' });
  t.equal(res.statusCode, 200);
  const { problems } = res.json() as { problems: { type: string; status: number }[] };
  t.equal(problems.length, PROBLEM_TYPES.size);
  for (const [slug, p] of PROBLEM_TYPES) t.ok(problems.some((q) => q.type === PROBLEM(slug) && q.status === p.status), slug);
  const one = await h.call({ method: 'GET', url: '/problems/domain-conflict' });
  t.match(one.json(), { type: PROBLEM('domain-conflict'), status: 409 });
  const none = await h.call({ method: 'GET', url: '/problems/no-such-thing' });
  t.equal(none.statusCode, 404);
  problemOf(t, none);
});
