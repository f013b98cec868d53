/**
 * The request plumbing around a command, alone: a fastify server with the production logger
 * (info, to /dev/null), the lazy request logger, the request observer (metrics + log line),
 * a stand-in auth plugin (binds a principal as the real one does) and the Idempotency-Key
 * plugin on a real node database (inline writes), in front of a POST route that takes two
 * event ids from a DeterministicIds under a StreamLocks lock. No domain, no event store, no
 * read models: what is left is the plumbing's CPU, which the whole command mix measures
 * only through the noise of everything else on a shared machine.
 *
 *   node --max-semi-space-size=32 --import tsx bench/http-plumbing.ts [TREE] [REQUESTS]
 *   node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 --import tsx bench/http-plumbing.ts [TREE] [REQUESTS]
 *
 * With --expose-gc it also counts the JS heap allocated per request (heap used after the
 * round minus after a full collection before it, in a young generation large enough that
 * no collection runs meanwhile; a round with a collection in it is reported as such):
 * unlike CPU time on a shared machine, that count barely moves from run to run.
 *
 * TREE (default: this tree) is the root whose src/ is measured, so that one script times a
 * base copy and the working tree alike (`git archive HEAD | tar -x -C /tmp/base`). Prints the
 * process CPU per request with and without an Idempotency-Key, 32 requests in flight, and
 * the same of a bare fastify route beside it (inject's own cost, which dominates), in
 * alternating rounds: the plumbing's cost is the difference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const requests = Number(process.argv[3] ?? 6000);
const src = (file: string) => import(path.join(root, 'src', file));

const { default: Fastify, LogController } = await import('fastify');
const { default: fp } = await import('fastify-plugin');
const { createLogger, bufferedStdout } = await src('logging/logger.ts');
const { lazyRequestLogger } = await src('http/plugins/request-logger.ts');
const { requestObserver } = await src('http/plugins/request-observer.ts');
const { idempotencyPlugin } = await src('http/plugins/idempotency.ts');
const { createMetrics } = await src('http/metrics.ts');
const { IdempotencyStore } = await src('app/idempotency-store.ts');
const { openNodeDb } = await src('app/node-db.ts');
const { DeterministicIds, newRequestSeed } = await src('app/deterministic-ids.ts');
const { StreamLocks } = await src('app/stream-locks.ts');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-plumbing-'));
const db = openNodeDb(dir);
const store = new IdempotencyStore(db);
const logger = createLogger('info', bufferedStdout('/dev/null'));
const app = Fastify({ loggerInstance: logger, childLoggerFactory: lazyRequestLogger, logController: new LogController({ disableRequestLogging: true }) });
await app.register(requestObserver, { metrics: createMetrics({ processMetrics: false }) });
// The real auth plugin's effect on a request, without its token store and matrix.
const principal = Object.freeze({ id: 'u-bench-finance', name: 'bench finance', role: 'finance' });
await app.register(
  fp(
    async (instance) => {
      instance.decorateRequest('principal', undefined);
      instance.addHook('onRequest', (request, _reply, done) => {
        (request as { principal?: unknown }).principal = principal;
        (request.log as unknown as { setBindings(b: object): void }).setBindings({ principal: { id: principal.id, role: principal.role } });
        done();
      });
    },
    { name: 'taizhang-auth', fastify: '5.x' },
  ),
);
await app.register(idempotencyPlugin, { store, nowMs: () => Date.now() });
const locks = new StreamLocks();
app.post('/api/v1/things/:id', async (request) => {
  const ids = new DeterministicIds((request as unknown as { commandSeed: unknown }).commandSeed);
  const stream = `thing-${(request.params as { id: string }).id}`;
  const eventIds = await locks.run(stream, async () => ids.forStep(stream, 2));
  return { position: '1', events: eventIds.map((id: string) => ({ stream, id })), replayed: false };
});
await app.ready();
// The same route on a bare server: no logger, plugins or hooks; a fresh seed per request.
const bare = Fastify();
bare.post('/api/v1/things/:id', async (request) => {
  const ids = new DeterministicIds(newRequestSeed(Date.now()));
  const stream = `thing-${(request.params as { id: string }).id}`;
  const eventIds = await locks.run(stream, async () => ids.forStep(stream, 2));
  return { position: '1', events: eventIds.map((id: string) => ({ stream, id })), replayed: false };
});
await bare.ready();

let sent = 0;
let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });
const gc = (globalThis as { gc?: () => void }).gc;
const allocated = { keyed: [] as number[], unkeyed: [] as number[], bare: [] as number[] };

async function round(label: string, count: number, keyed: boolean, server = app): Promise<number> {
  let next = 0;
  gc?.();
  // The full collection's own entry arrives later: let it, before counting.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const collections0 = collections;
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const n = ++sent;
        next++;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (keyed) headers['idempotency-key'] = `plumbing-${n}`;
        const res = await server.inject({ method: 'POST', url: `/api/v1/things/t${n % 500}`, headers, payload: JSON.stringify({ amountFen: n, on: '2026-11-26', note: 'bench' }) });
        if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const bytes = (process.memoryUsage().heapUsed - heap0) / count;
  // The observer's entries arrive a turn late: wait one, so a collection in the round is seen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const clean = collections === collections0;
  const msPerRequest = (cpu.user + cpu.system) / 1000 / count;
  if (gc !== undefined && clean) (server === bare ? allocated.bare : keyed ? allocated.keyed : allocated.unkeyed).push(bytes);
  const heap = gc === undefined ? '' : clean ? `; JS heap allocated ${Math.round(bytes)} B/request` : `; (${collections - collections0} collections ran: no allocation count)`;
  process.stdout.write(`${label.padEnd(24)} ${count} requests: process CPU ${msPerRequest.toFixed(4)} ms/request${heap}\n`);
  return msPerRequest;
}

process.stdout.write(`tree ${root}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
await round('warm-up', 2000, true);
await round('warm-up, bare', 2000, false, bare);
const plumbing = { keyed: [] as number[], unkeyed: [] as number[] };
for (let r = 0; r < 3; r++) {
  const b1 = await round('bare route', requests, false, bare);
  const keyed = await round('with Idempotency-Key', requests, true);
  const b2 = await round('bare route', requests, false, bare);
  const unkeyed = await round('without', requests, false);
  plumbing.keyed.push(keyed - (b1 + b2) / 2);
  plumbing.unkeyed.push(unkeyed - (b1 + b2) / 2);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(
  `plumbing beyond the bare route (median of 3): with Idempotency-Key ${median(plumbing.keyed).toFixed(4)} ms/request, without ${median(plumbing.unkeyed).toFixed(4)} ms/request; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);
if (allocated.bare.length > 0) {
  const b = median(allocated.bare);
  const line = (xs: number[]) => (xs.length === 0 ? 'n/a' : `${Math.round(median(xs) - b)} B`);
  process.stdout.write(`JS heap allocated beyond the bare route per request (median): with Idempotency-Key ${line(allocated.keyed)}, without ${line(allocated.unkeyed)} (bare route itself ${Math.round(b)} B)\n`);
}
await bare.close();
await app.close();
await store.close();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
