import t from 'tap';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

// R2 item 7: a client's X-Request-Id / X-Correlation-Id is copied into every event's
// metadata, which is immutable and exported; one the log would mask must be refused.
const ID_NUMBER = '360102199404048299';
const ACCOUNT = '6222021234567890123';
const TOKEN = 'tz_' + 'Q'.repeat(43);

t.test('a request or correlation id holding an ID number, an account number or a token is refused naming the header', async (t) => {
  const h = await testServer(t);
  for (const [header, path] of [['x-request-id', 'headers.x-request-id'], ['x-correlation-id', 'headers.x-correlation-id']] as const) {
    for (const value of [ID_NUMBER, `req-${ID_NUMBER}`, ACCOUNT, TOKEN]) {
      const res = await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: { accountId: 'a-refused', region: '360102' }, headers: { [header]: value } });
      t.equal(res.statusCode, 400, `${header}: ${value}`);
      const p = problemOf(t, res);
      t.equal(p.type, PROBLEM('validation-failed'));
      t.same(p.errors?.map((e) => e.path), [path]);
      t.notMatch(res.body, value, 'the answer does not echo it');
      t.notMatch(JSON.stringify(res.headers), value, 'nor does a header');
    }
  }
  const events = await h.store.readAll();
  t.equal(events.length, 0, 'nothing was appended');
});

t.test('ordinary ids still reach the events', async (t) => {
  const h = await testServer(t);
  const res = await h.call({ method: 'POST', url: '/api/v1/toy/accounts', as: 'finance', payload: { accountId: 'a1', region: '360102' }, headers: { 'x-request-id': 'req-2026-11-26-0001', 'x-correlation-id': 'corr:batch.42' } });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.headers['x-request-id'], 'req-2026-11-26-0001');
  const events = await h.store.readAll();
  t.equal(events.length, 1);
  t.match(events[0]?.metadata, { requestId: 'req-2026-11-26-0001', correlationId: 'corr:batch.42' });
});
