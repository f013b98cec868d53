import t from 'tap';
import { PROBLEM, problemOf, testServer, type TestServer } from './helpers/test-server.ts';

const OPEN = '/api/v1/toy/accounts';
const DEPOSIT = '/api/v1/toy/accounts/a1/deposits';

async function withAccount(h: TestServer): Promise<void> {
  const res = await h.call({ method: 'POST', url: OPEN, as: 'finance', payload: { accountId: 'a1', region: '360102' } });
  if (res.statusCode !== 201) throw new Error(`setup: ${res.statusCode} ${res.body}`);
}

const events = async (h: TestServer) => (await h.store.readAll()).length;

t.test('the same key and body: the same status and body, no new events — also after a restart', async (t) => {
  const dataDir = t.testdir();
  const h = await testServer(t, { dataDir });
  await withAccount(h);
  const request = { method: 'POST' as const, url: DEPOSIT, as: 'finance' as const, payload: { amountFen: 500 }, headers: { 'idempotency-key': 'dep-0001' } };
  const first = await h.call(request);
  t.equal(first.statusCode, 200);
  t.equal(first.json().replayed, false);
  const count = await events(h);
  const second = await h.call(request);
  t.equal(second.statusCode, first.statusCode);
  t.equal(second.body, first.body, 'byte for byte the first answer');
  t.equal(second.headers['idempotent-replayed'], 'true');
  t.equal(await events(h), count, 'no new events');
  await h.close();

  const restarted = await testServer(t, { dataDir });
  const third = await restarted.call(request);
  t.equal(third.statusCode, first.statusCode);
  t.equal(third.body, first.body, 'after a restart too');
  t.equal(await events(restarted), count);
  const fresh = await restarted.call({ ...request, headers: { 'idempotency-key': 'dep-0002' } });
  t.equal(fresh.statusCode, 200, 'another key is another deposit');
  t.equal(await events(restarted), count + 1);
});

t.test('the same key with another body or on another route: a 422 problem, nothing written', async (t) => {
  const h = await testServer(t);
  await withAccount(h);
  const headers = { 'idempotency-key': 'dep-0003' };
  t.equal((await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: 500 }, headers })).statusCode, 200);
  const count = await events(h);
  const otherBody = await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: 501 }, headers });
  t.equal(otherBody.statusCode, 422);
  t.equal(problemOf(t, otherBody).type, PROBLEM('idempotency-key-reused'));
  const otherRoute = await h.call({ method: 'POST', url: '/api/v1/toy/accounts/a1/close', as: 'finance', payload: {}, headers });
  t.equal(otherRoute.statusCode, 422);
  t.equal(await events(h), count);
});

t.test('a second request with a key still in flight: 409; once answered, a retry replays the answer', async (t) => {
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const gate = { reached: () => reached(), release: new Promise<void>((resolve) => (release = resolve)) };
  const h = await testServer(t, { toy: { gate } });
  await withAccount(h);
  const request = { method: 'POST' as const, url: DEPOSIT, as: 'finance' as const, payload: { amountFen: 70 }, headers: { 'idempotency-key': 'dep-0004' } };
  const first = h.call(request);
  await atGate;
  const concurrent = await h.call(request);
  t.equal(concurrent.statusCode, 409);
  t.equal(problemOf(t, concurrent).type, PROBLEM('idempotency-key-in-flight'));
  release();
  const answered = await first;
  t.equal(answered.statusCode, 200);
  const retry = await h.call(request);
  t.equal(retry.body, answered.body);
  const deposits = (await h.store.readAll()).filter((e) => e.type === 'ToyDeposited');
  t.equal(deposits.length, 1, 'one deposit');
});

t.test('keys are scoped per principal: the same key of two principals never collides', async (t) => {
  const h = await testServer(t);
  await withAccount(h);
  const other = h.tokenFor('finance', '360100');
  const headers = { 'idempotency-key': 'shared-key' };
  const mine = await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: 1 }, headers });
  const theirs = await h.call({ method: 'POST', url: DEPOSIT, token: other, payload: { amountFen: 2 }, headers });
  t.equal(mine.statusCode, 200);
  t.equal(theirs.statusCode, 200, 'not a reuse: another principal');
  t.not(theirs.headers['idempotent-replayed'], 'true');
  t.equal((await h.store.readAll()).filter((e) => e.type === 'ToyDeposited').length, 2);
});

t.test('a request that failed after its append is re-run under its key as a replay: no second deposit', async (t) => {
  const failAfterAppend = { next: false };
  const h = await testServer(t, { toy: { failAfterAppend } });
  await withAccount(h);
  const request = { method: 'POST' as const, url: DEPOSIT, as: 'finance' as const, payload: { amountFen: 900 }, headers: { 'idempotency-key': 'dep-crash' } };
  failAfterAppend.next = true;
  t.equal((await h.call(request)).statusCode, 500, 'the first attempt wrote, then failed');
  const count = await events(h);
  const retry = await h.call(request);
  t.equal(retry.statusCode, 200);
  t.equal(retry.json().replayed, true, 'the retry found its events');
  t.equal(await events(h), count, 'and wrote nothing');
  t.same(retry.json().events, [{ stream: 'toyaccount-a1', id: (await h.store.readAll()).at(-1)!.id }]);
});

t.test('a refusal is replayed as it was answered, even if the command would now succeed', async (t) => {
  const h = await testServer(t);
  const request = { method: 'POST' as const, url: DEPOSIT, as: 'finance' as const, payload: { amountFen: 5 }, headers: { 'idempotency-key': 'dep-early' } };
  const refused = await h.call(request);
  t.equal(refused.statusCode, 422, 'no account yet');
  await withAccount(h);
  const again = await h.call(request);
  t.equal(again.statusCode, 422);
  t.equal(again.body, refused.body);
  t.match(again.headers['content-type'], /problem\+json/);
});

t.test('a malformed key is a 400 naming the header; a body failing validation claims no key', async (t) => {
  const h = await testServer(t);
  await withAccount(h);
  const bad = await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: 5 }, headers: { 'idempotency-key': 'has space' } });
  t.equal(bad.statusCode, 400);
  t.same(problemOf(t, bad).errors?.map((e) => e.path), ['headers.idempotency-key']);
  const headers = { 'idempotency-key': 'dep-fix' };
  t.equal((await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: -5 }, headers })).statusCode, 400);
  t.equal((await h.call({ method: 'POST', url: DEPOSIT, as: 'finance', payload: { amountFen: 5 }, headers })).statusCode, 200, 'the corrected body may use the key');
});
