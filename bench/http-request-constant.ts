/**
 * The fixed cost of a request through every hook, in-process (inject(), no sockets):
 * CPU per request of a bare fastify route, of GET /health and of GET /api/v1/whoami
 * (auth, hooks, metrics, log line; no command) on the server `taizhang serve` builds.
 * The bare route's figure is the inject harness's own share; the differences are ours.
 *
 *   node --import tsx bench/http-request-constant.ts        (BENCH_REQUESTS, default 20 000)
 *   BENCH_PROFILE=DIR …                                     (a CPU profile of the whoami round)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/http/runtime.ts';
import { buildServer } from '../src/http/server.ts';
import { bufferedStdout, createLogger } from '../src/logging/logger.ts';

const N = Number(process.env.BENCH_REQUESTS ?? 20_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-constant-'));
const config = { ...loadConfig({}), dataDir: dir, rateLimitPerMinute: 0 };
const logger = createLogger('info', bufferedStdout('/dev/null'));
const runtime = await openRuntime(config, logger);
const full = await buildServer({ ...runtime.deps, options: { ...runtime.deps.options, rateLimitPerMinute: 0 } });
await full.ready();
const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
await bare.ready();
const token = runtime.deps.tokens.create({ name: 'bench', role: 'registrar', principalId: 'u-bench', nowIso: new Date().toISOString() });

async function cpuPerRequest(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<number> {
  const run = async (n: number) => {
    // 16 in flight, as a server under load has several requests interleaved.
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => { while (next++ < n) await app.inject({ method: 'GET', url, headers }); }));
  };
  await run(Math.min(2000, N));
  const c0 = process.cpuUsage();
  await run(N);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / N;
}

const auth = { authorization: `Bearer ${token}` };
const rounds: Record<string, number[]> = { bare: [], health: [], whoami: [] };
for (let r = 0; r < 3; r++) {
  rounds.bare!.push(await cpuPerRequest(bare, '/bare'));
  rounds.health!.push(await cpuPerRequest(full, '/health'));
  rounds.whoami!.push(await cpuPerRequest(full, '/api/v1/whoami', auth));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${N} requests per round, 3 rounds, CPU ms/request (median; rounds)\n`);
for (const [name, xs] of Object.entries(rounds)) {
  process.stdout.write(`  ${name.padEnd(8)} ${median(xs).toFixed(3)}   (${xs.map((x) => x.toFixed(3)).join(', ')})   over bare ${(median(xs) - median(rounds.bare!)).toFixed(3)}\n`);
}
if (process.env.BENCH_PROFILE) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await cpuPerRequest(full, '/api/v1/whoami', auth);
  const { profile } = await session.post('Profiler.stop');
  const file = path.join(process.env.BENCH_PROFILE, `whoami-${Date.now()}.cpuprofile`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`CPU profile of whoami: ${file}\n`);
}
await full.close();
await bare.close();
await runtime.close();
fs.rmSync(dir, { recursive: true, force: true });
