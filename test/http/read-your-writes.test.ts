import t from 'tap';
import { PositionNotReachedError, runnersAsReadModels, storeHeadReadModels, type ReadModelsPort, type RunnerLike } from '../../src/http/read-models.ts';
import { PROBLEM, problemOf, testServer } from './helpers/test-server.ts';

/** Read models that reach positions only when the test says so. */
function controlledReadModels() {
  let at = 0n;
  const waiters: { min: bigint; resolve: () => void }[] = [];
  const asked: (readonly string[] | undefined)[] = [];
  const port: ReadModelsPort = {
    waitForPosition(min, timeoutMs, names) {
      asked.push(names);
      if (at >= min) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new PositionNotReachedError(min, at)), timeoutMs);
        waiters.push({ min, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    status: () => [{ name: 'toy-accounts', state: 'live', servedPosition: at }],
    close: async () => {},
  };
  return {
    port,
    asked,
    get waiting() {
      return waiters.length;
    },
    advance(to: bigint) {
      at = to;
      for (const w of waiters.splice(0)) if (w.min <= to) w.resolve();
    },
  };
}

const OPEN = { method: 'POST' as const, url: '/api/v1/toy/accounts', as: 'finance' as const, payload: { accountId: 'a1', region: '360102' } };

t.test('a query with the position a command answered waits until the read models serve it', async (t) => {
  const rm = controlledReadModels();
  const h = await testServer(t, { readModels: rm.port });
  const opened = await h.call(OPEN);
  const position = opened.json().position as string;
  t.match(position, /^\d+$/, 'the command answers its position');
  const pending = h.call({ method: 'GET', url: `/api/v1/toy/accounts/a1?minPosition=${position}`, as: 'finance' });
  while (rm.waiting === 0) await new Promise((r) => setImmediate(r));
  rm.advance(BigInt(position));
  const res = await pending;
  t.equal(res.statusCode, 200);
  t.equal(res.json().accountId, 'a1');
  t.same(rm.asked.at(-1), ['toy-accounts'], "waits for the route's own read models (config.readModels)");
  const none = await h.call({ method: 'GET', url: '/api/v1/toy/accounts/a1', as: 'finance' });
  t.equal(none.statusCode, 200, 'without minPosition there is no wait');
  t.equal(rm.asked.length, 1);
});

t.test('read models that do not get there in time: a 503 not-ready problem with Retry-After', async (t) => {
  const rm = controlledReadModels();
  const h = await testServer(t, { readModels: rm.port, options: { readYourWritesTimeoutMs: 30 } });
  await h.call(OPEN);
  const res = await h.call({ method: 'GET', url: '/api/v1/toy/accounts/a1?minPosition=1', as: 'finance' });
  t.equal(res.statusCode, 503);
  t.match(problemOf(t, res), { type: PROBLEM('not-ready'), minPosition: '1' });
  t.equal(res.headers['retry-after'], '1');
});

t.test('without projections, minPosition waits for the store head', async (t) => {
  const h = await testServer(t, { options: { readYourWritesTimeoutMs: 30 } });
  const position = BigInt((await h.call(OPEN)).json().position);
  t.equal((await h.call({ method: 'GET', url: `/api/v1/toy/accounts/a1?minPosition=${position}`, as: 'finance' })).statusCode, 200);
  const ahead = await h.call({ method: 'GET', url: `/api/v1/toy/accounts/a1?minPosition=${position + 10n}`, as: 'finance' });
  t.equal(ahead.statusCode, 503, 'a position nobody wrote yet');
  const twice = await h.call({ method: 'GET', url: `/api/v1/toy/accounts/a1?minPosition=1&minPosition=2`, as: 'finance' });
  t.equal(twice.statusCode, 400);
  t.same(problemOf(t, twice).errors?.map((e) => e.path), ['querystring.minPosition']);
});

t.test('storeHeadReadModels sees a head that moves while it waits', async (t) => {
  let head = 3n;
  const rm = storeHeadReadModels({ headPosition: async () => head });
  const waiting = rm.waitForPosition(5n, 5_000);
  setTimeout(() => (head = 5n), 5);
  await t.resolves(waiting);
  await t.rejects(rm.waitForPosition(9n, 20), PositionNotReachedError);
});

t.test('runnersAsReadModels waits for the runners named, reports each, stops all', async (t) => {
  const calls: string[] = [];
  const runner = (name: string, position: bigint | undefined, state = 'live'): RunnerLike => ({
    definition: { name, version: 2 },
    state,
    served: position === undefined ? undefined : { position },
    waitForPosition: async (min) => {
      calls.push(`${name}:${min}`);
      if (position === undefined || position < min) throw new Error('not caught up');
    },
    stop: async () => void calls.push(`stop:${name}`),
  });
  const rm = runnersAsReadModels([runner('funds', 10n), runner('trace', 4n), runner('new', undefined, 'building')]);
  await t.resolves(rm.waitForPosition(8n, 100, ['funds']));
  await t.rejects(rm.waitForPosition(8n, 100), /not caught up/, 'all of them by default');
  await t.rejects(rm.waitForPosition(1n, 100, ['fund']), /unknown read model/);
  t.same(rm.status(), [
    { name: 'funds', version: 2, state: 'live', servedPosition: 10n },
    { name: 'trace', version: 2, state: 'live', servedPosition: 4n },
    { name: 'new', version: 2, state: 'building', servedPosition: undefined },
  ]);
  await rm.close();
  t.same(calls.filter((c) => c.startsWith('stop')).sort(), ['stop:funds', 'stop:new', 'stop:trace']);
});
