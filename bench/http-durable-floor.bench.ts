/**
 * How far issue 4's target (≥ 2 000 durable commands/s, p99 ≤ 50 ms, load generator on the same
 * 2 cores) sits from what this machine can do at all: autocannon against a bare fastify GET and
 * against the least durable command over HTTP (bench/http-durable-floor-server.ts: a POST, one
 * JSON-schema check, a group-committed fsynced SQLite insert with raw better-sqlite3). Same
 * connections and duration as bench/http-commands.bench.ts, so their figures compare; the
 * ratio of the real command mix to this floor is what the product's work costs.
 *
 *   npm run bench -- durable-floor      (BENCH_SECONDS, default 10; BENCH_CONNECTIONS, default 32)
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? (process.env.BENCH_QUICK === '1' ? 3 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const child = fork(fileURLToPath(new URL('./http-durable-floor-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const urls = await new Promise<{ bare: string; floor: string }>((resolve, reject) => {
  child.once('message', (m) => resolve(m as { bare: string; floor: string }));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
const ask = () => new Promise<{ cpuMs: number; rows: number }>((resolve) => {
  child.once('message', (m) => resolve(m as { cpuMs: number; rows: number }));
  child.send('cpu');
});

let seq = 0;
const rows: string[] = [];
const load = os.loadavg();
const results: Record<string, unknown>[] = [];
try {
  for (const target of ['bare', 'floor', 'bare'] as const) {
    const before = await ask();
    const result = await autocannon({
      url: target === 'bare' ? urls.bare : urls.floor,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        target === 'bare'
          ? { method: 'GET', path: '/bare' }
          : { method: 'POST', setupRequest: (req) => ({ ...req, path: '/append', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stream: `floor-${++seq % 1000}`, amountFen: 100 + seq }) }) },
      ],
    });
    const after = await ask();
    const ok = result.requests.total - result.non2xx;
    const cpuMs = (after.cpuMs - before.cpuMs) / Math.max(1, result.requests.total);
    // Requests still in flight when autocannon stops are written but not counted: at most one per connection.
    const written = after.rows - before.rows;
    if (target === 'floor' && (written < ok || written > ok + CONNECTIONS)) throw new Error(`the floor answered ${ok} 2xx but wrote ${written} rows`);
    results.push({ target, perSecond: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, total: result.requests.total, non2xx: result.non2xx, errors: result.errors, serverCpuMsPerRequest: cpuMs });
    rows.push(`${(target === 'bare' ? 'bare fastify GET /bare' : 'durable floor POST /append (schema check + fsynced SQLite group commit)').padEnd(72)} ${String(Math.round(result.requests.average)).padStart(6)}/s   p50 ${String(result.latency.p50).padStart(3)} ms   p99 ${String(result.latency.p99).padStart(3)} ms   non-2xx ${result.non2xx}   errors ${result.errors}   server CPU ${cpuMs.toFixed(3)} ms/request`);
  }
} finally {
  child.send('stop');
}
process.stdout.write(`loopback, ${CONNECTIONS} connections, ${SECONDS} s per target; load average ${load.map((l) => l.toFixed(1)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} after, on ${os.cpus().length} cores\n${rows.join('\n')}\n`);
const floorRow = results.find((r) => r.target === 'floor')!;
const bareBest = Math.max(...results.filter((r) => r.target === 'bare').map((r) => r.perSecond as number));
process.stdout.write(`durable floor beside the bare route in the same run: ${((100 * (floorRow.perSecond as number)) / bareBest).toFixed(1)}% of ${bareBest}/s\n`);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `http-durable-floor-${new Date().toISOString().replaceAll(':', '-').replace('.', '-')}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ load, connections: CONNECTIONS, seconds: SECONDS, results }, null, 2));
process.stdout.write(`results: ${out}\n`);
