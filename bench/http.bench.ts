/**
 * HTTP throughput and latency on loopback: a bare fastify route beside the full stack in
 * the same run, so the cost of the platform (auth, idempotency, problem handling, metrics,
 * request log) is the figure, not the machine. The servers run in a child process
 * (bench/http-server.ts); autocannon drives them from this one, one target at a time.
 *
 *   npm run bench -- http                  (BENCH_SECONDS per target, default 10)
 *   BENCH_QUICK=1 npm run bench -- http    (3 s per target)
 *
 * Add a target to TARGETS (e.g. the command mix register → apply → review → pay once the
 * money domain's routes exist): `prepare` runs once before it (open records, make tokens),
 * `requests` are autocannon request templates (use setupRequest to vary ids and keys).
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ACCOUNTS = 1000;

interface Servers {
  bare: string;
  full: string;
  tokens: { finance: string };
}

interface Target {
  name: string;
  server: 'bare' | 'full';
  /** What one request is (the figure to compare with the target, for commands). */
  unit: string;
  prepare?: (s: Servers) => Promise<void>;
  requests: (s: Servers) => autocannon.Request[];
}

let keySeq = 0;
const auth = (s: Servers) => ({ authorization: `Bearer ${s.tokens.finance}` });

const TARGETS: Target[] = [
  { name: 'bare fastify GET /bare', server: 'bare', unit: 'requests', requests: () => [{ method: 'GET', path: '/bare' }] },
  { name: 'full stack GET /health', server: 'full', unit: 'requests', requests: () => [{ method: 'GET', path: '/health' }] },
  { name: 'full stack GET /api/v1/whoami (token)', server: 'full', unit: 'requests', requests: (s) => [{ method: 'GET', path: '/api/v1/whoami', headers: auth(s) }] },
  {
    name: 'full stack POST deposit (durable command, Idempotency-Key)',
    server: 'full',
    unit: 'durable commands',
    async prepare(s) {
      for (let i = 0; i < ACCOUNTS; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            fetch(`${s.full}/api/v1/toy/accounts`, { method: 'POST', headers: { ...auth(s), 'content-type': 'application/json' }, body: JSON.stringify({ accountId: `acct-${i + j}`, region: '360102' }) }),
          ),
        );
      }
    },
    requests: (s) => [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/toy/accounts/acct-${Math.floor(Math.random() * ACCOUNTS)}/deposits`,
          headers: { ...auth(s), 'content-type': 'application/json', 'idempotency-key': `bench-${process.pid}-${++keySeq}` },
          body: JSON.stringify({ amountFen: 100 + (keySeq % 900) }),
        }),
      },
    ],
  },
  {
    // The same command without a key: the cost of Idempotency-Key is the difference.
    name: 'full stack POST deposit (durable command, no key)',
    server: 'full',
    unit: 'durable commands',
    requests: (s) => [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/toy/accounts/acct-${Math.floor(Math.random() * ACCOUNTS)}/deposits`,
          headers: { ...auth(s), 'content-type': 'application/json' },
          body: JSON.stringify({ amountFen: 100 + (++keySeq % 900) }),
        }),
      },
    ],
  },
];

interface Row {
  target: string;
  unit: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function run(target: Target, servers: Servers): Promise<Row> {
  await target.prepare?.(servers);
  const result = await autocannon({ url: servers[target.server], connections: CONNECTIONS, duration: SECONDS, requests: target.requests(servers) });
  return {
    target: target.name,
    unit: target.unit,
    perSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

const child = fork(fileURLToPath(new URL('./http-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const servers = await new Promise<Servers>((resolve, reject) => {
  child.once('message', (m) => resolve(m as Servers));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});

const rows: Row[] = [];
try {
  process.stdout.write(`loopback, ${CONNECTIONS} connections, ${SECONDS} s per target\n`);
  for (const target of TARGETS) {
    const row = await run(target, servers);
    rows.push(row);
    process.stdout.write(
      `${row.target.padEnd(58)} ${String(row.perSecond).padStart(7)} ${row.unit}/s   p50 ${String(row.p50Ms).padStart(4)} ms   p99 ${String(row.p99Ms).padStart(4)} ms   non-2xx ${row.non2xx}   errors ${row.errors}\n`,
    );
  }
} finally {
  child.send('stop');
}
const bareRate = rows[0]?.perSecond ?? 0;
for (const r of rows.slice(1)) process.stdout.write(`${r.target}: ${bareRate > 0 ? ((100 * r.perSecond) / bareRate).toFixed(0) : '?'}% of the bare route's rate\n`);
const resultsDir = path.join(import.meta.dirname, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const out = path.join(resultsDir, `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, rows, target: '≥ 2 000 durable commands/s with p99 ≤ 50 ms (issue 4, on the command mix)' }, null, 2) + '\n');
process.stdout.write(`results: ${out}\n`);
