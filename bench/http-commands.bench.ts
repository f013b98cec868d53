/**
 * The realistic command mix of issue 4 against `taizhang serve` on the embedded store,
 * beside a bare fastify route in the same run (bench/http-commands-server.ts holds both,
 * in a child process; autocannon drives them from this one, loopback only).
 *
 * One case is eight durable commands, each a POST with its own Idempotency-Key, as the
 * people who run the process would send them:
 *   register a new trainee (registrar; vault + event) ·
 *   apply for a prepared trainee's training subsidy (registrar; entitlement + application) ·
 *   initial review · final review by another reviewer · start publicity (reviewers) ·
 *   approve on the city's fund (reviewer; fund + application) ·
 *   instruct the payment · record the bank's confirmation (finance; fund + application (+ entitlement))
 * Each connection runs cases one after another; eight cities, eight funds, so the fund
 * streams are as hot as one city's payments make them.
 *
 *   npm run bench -- http-commands                  (BENCH_SECONDS, default 10; BENCH_CONNECTIONS, default 32)
 *   BENCH_QUICK=1 npm run bench -- http-commands    (3 s, 800 prepared cases)
 *   BENCH_COUNT_READS=1 …                           (stream reads per request, beside the CPU figure)
 *   BENCH_READ_MODELS=0 …                           (without the read models and the Merkle log, which
 *                                                    `taizhang serve` runs in the same process; the shape
 *                                                    of every figure before 2026-11-26 08:00)
 *   BENCH_PROFILE=/tmp/prof …                       (CPU profile of the server's main thread during the mix;
 *                                                    BENCH_PROFILE_TARGET=whoami,register,mix,unkeyed: during any of whoami, the lone
 *                                                    registrations, the mix, the mix without keys;
 *                                                    summarise with bench/http-profile-top.ts)
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './http-commands-server.ts';
import { residentIdCheckChar } from '../src/domain/identity/resident-id.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Servers {
  bare: string;
  full: string;
  tokens: { registrar: string; reviewer1: string; reviewer2: string; finance: string };
  cases: BenchCase[];
  prepareS: number;
  firstId: number;
  /** The read models and the Merkle log run in the server process (BENCH_READ_MODELS, default on). */
  readModels: boolean;
}

interface Row {
  target: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  total: number;
  /** Server CPU (user + system, every thread) per request answered. */
  cpuMsPerRequest?: number;
  /** Stream reads per request answered (BENCH_COUNT_READS=1). */
  readsPerRequest?: number;
  /** The server's main thread alone (Linux): one core caps it, whatever the other threads do. */
  mainMsPerRequest?: number;
  /** The load generator (this process) per request: its share of the same 2 cores. */
  generatorMsPerRequest?: number;
  non2xx: number;
  errors: number;
}

// The server's node flags are npm start's (package.json; the Dockerfile says why --max-semi-space-size=32).
// BENCH_NODE_FLAGS adds flags for an A/B of the server's runtime settings (e.g. --v8-pool-size=1).
const extraNodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
const child = fork(fileURLToPath(new URL('./http-commands-server.ts', import.meta.url)), [], { execArgv: ['--max-semi-space-size=32', ...extraNodeFlags, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const servers = await new Promise<Servers>((resolve, reject) => {
  child.once('message', (m) => resolve(m as Servers));
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});

function ask<T>(message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/** The store's head and the server process's CPU time (all threads): CPU per command holds up under load, rates do not. */
async function probe(): Promise<{ head: bigint; cpuMs: number; mainMs?: number; reads: number }> {
  const m = await ask<{ head: string; cpuMs: number; mainMs?: number; reads: number }>('head');
  return { head: BigInt(m.head), cpuMs: m.cpuMs, ...(m.mainMs === undefined ? {} : { mainMs: m.mainMs }), reads: m.reads };
}

let nextCase = 0;
let nextPerson = servers.firstId;
let keySeq = 0;
/** Refusals by status and problem code: a mix that ran out of cases, or a rule that bit. */
const refusals = new Map<string, number>();

function residentIdOf(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `360102${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A request as autocannon sends it, built before the clock starts. */
type Built = { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/**
 * Every request body and header is built before its run starts, so that the load
 * generator's CPU in the run (its share of the same 2 cores, printed per request) is
 * sending and reading, not JSON.stringify and ID-number arithmetic.
 */
function post(token: string, path: string, body: unknown, keyed: boolean): Built {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (keyed) headers['idempotency-key'] = `bench-${++keySeq}`;
  return { method: 'POST', path, headers, body: JSON.stringify(body) };
}

/** Registrations of new people: the vault, then one stream. More than a run can send at 4 000/s. */
function registration(s: Servers): autocannon.Request {
  const one = () => post(s.tokens.registrar, '/api/v1/trainees', { idNumber: residentIdOf(nextPerson++), name: '王五', bankAccount: '6222 0200 0000 5678', category: 'rural_migrant_worker', registeredOn: '2026-02-01' }, true);
  const built = Array.from({ length: SECONDS * 4000 }, one);
  let next = 0;
  return { method: 'POST', setupRequest: () => built[next++] ?? one() };
}

/** The eight commands of one case, in order: from a new trainee's registration to the bank's confirmation. */
function caseRequests(s: Servers, c: BenchCase | undefined, id: string, keys: boolean): Built[] {
  const app = (tail = '') => `/api/v1/applications/${id}${tail}`;
  return [
    post(s.tokens.registrar, '/api/v1/trainees', { idNumber: residentIdOf(nextPerson++), name: '李四', bankAccount: '6222 0200 0000 1234', category: 'rural_migrant_worker', registeredOn: '2026-02-01' }, keys),
    post(s.tokens.registrar, '/api/v1/applications', { applicationId: id, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: c?.personRef ?? 'p_AAAAAAAAAAAAAAAAAAAAAA', certificateSerial: c?.serial ?? 'NONE-0000', classId: c?.classId ?? 'none', submittedOn: '2026-03-17' }, keys),
    post(s.tokens.reviewer1, app('/initial-review'), { decision: 'approve', reviewedOn: '2026-03-18' }, keys),
    post(s.tokens.reviewer2, app('/final-review'), { decision: 'approve', reviewedOn: '2026-03-18' }, keys),
    post(s.tokens.reviewer1, app('/publicity'), { startOn: '2026-03-20' }, keys),
    post(s.tokens.reviewer1, app('/approval'), { fundId: c?.fundId ?? 'none', approvedOn: '2026-03-30' }, keys),
    post(s.tokens.finance, app('/payments'), { paymentId: `pay-${id}`, instructedOn: '2026-03-31' }, keys),
    post(s.tokens.finance, app(`/payments/pay-${id}/confirmation`), { bankReference: 'ICBC-BENCH', paidOn: '2026-04-01' }, keys),
  ];
}

type Ctx = { steps?: Built[] };

/**
 * Each connection takes the next prepared case and sends its eight commands in order. The
 * cases not yet started are built now; a run that outlasts them goes on with cases of
 * nobody, which the server refuses (counted under refusals).
 */
function commandMix(s: Servers, keys = true): autocannon.Request[] {
  const built = s.cases.slice(nextCase).map((c, i) => caseRequests(s, c, `b-${nextCase + i + 1}`, keys));
  const firstBuilt = nextCase;
  return Array.from({ length: 8 }, (_, step): autocannon.Request => ({
    method: 'POST',
    setupRequest: (_req, context) => {
      const ctx = context as Ctx;
      if (step === 0) {
        nextCase++;
        ctx.steps = built[nextCase - 1 - firstBuilt] ?? caseRequests(s, undefined, `b-${nextCase}`, keys);
      }
      return ctx.steps![step]!;
    },
    onResponse: (status, body) => {
      if (status < 300) return;
      let code = '';
      try {
        code = String((JSON.parse(body) as { code?: string; type?: string }).code ?? (JSON.parse(body) as { type?: string }).type);
      } catch {
        code = 'unparsed';
      }
      const key = `${status} ${code}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
    },
  }));
}

async function run(name: string, url: string, requests: autocannon.Request[], profile = false): Promise<Row> {
  const before = url === servers.full ? await probe() : undefined;
  if (profile) await ask('profile-start');
  // This process runs only the load generator meanwhile: its CPU is the generator's share of the 2 cores.
  const generator0 = process.cpuUsage();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  const generator = process.cpuUsage(generator0);
  if (profile) process.stdout.write(`CPU profile of the server during "${name}": ${(await ask<{ profile: string }>('profile-stop')).profile}\n`);
  const after = before ? await probe() : undefined;
  return {
    ...(before && after && result.requests.total > 0 ? { cpuMsPerRequest: (after.cpuMs - before.cpuMs) / result.requests.total } : {}),
    ...(before?.mainMs !== undefined && after?.mainMs !== undefined && result.requests.total > 0 ? { mainMsPerRequest: (after.mainMs - before.mainMs) / result.requests.total } : {}),
    ...(result.requests.total > 0 ? { generatorMsPerRequest: (generator.user + generator.system) / 1000 / result.requests.total } : {}),
    ...(before && after && result.requests.total > 0 && process.env.BENCH_COUNT_READS === '1' ? { readsPerRequest: (after.reads - before.reads) / result.requests.total } : {}),
    target: name,
    perSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    p999Ms: result.latency.p99_9 ?? result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const rows: Row[] = [];
const load = { before: os.loadavg(), after: [] as number[] };
let written = 0n;
try {
  process.stdout.write(`loopback, ${CONNECTIONS} connections, ${SECONDS} s per target; ${servers.cases.length} cases prepared in ${servers.prepareS.toFixed(1)} s; read models and Merkle log in the server: ${servers.readModels ? 'yes' : 'no (BENCH_READ_MODELS=0)'}; load average ${load.before.map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores\n`);
  rows.push(await run('bare fastify GET /bare', servers.bare, [{ method: 'GET', path: '/bare' }]));
  const profiled = new Set(process.env.BENCH_PROFILE ? (process.env.BENCH_PROFILE_TARGET ?? 'mix').split(',') : []);
  rows.push(await run('full stack GET /api/v1/whoami (token, no write)', servers.full, [{ method: 'GET', path: '/api/v1/whoami', headers: { authorization: `Bearer ${servers.tokens.registrar}` } }], profiled.has('whoami')));
  rows.push(await run('full stack POST /api/v1/trainees alone (1 durable command: vault + 1 stream)', servers.full, [registration(servers)], profiled.has('register')));
  const before = (await probe()).head;
  rows.push(await run('command mix (register, apply, review ×2, publicity, approve, pay, confirm)', servers.full, commandMix(servers), profiled.has('mix')));
  written = (await probe()).head - before;
  // The same mix without Idempotency-Key: each key costs two synchronous writes to node.sqlite (claim, record).
  rows.push(await run('command mix, no Idempotency-Key', servers.full, commandMix(servers, false), profiled.has('unkeyed')));
  rows.push(await run('bare fastify GET /bare (again)', servers.bare, [{ method: 'GET', path: '/bare' }]));
  load.after = os.loadavg();
} finally {
  child.send('stop');
}

for (const r of rows) {
  process.stdout.write(`${r.target.padEnd(76)} ${String(r.perSecond).padStart(6)}/s   p50 ${String(r.p50Ms).padStart(4)} ms   p99 ${String(r.p99Ms).padStart(4)} ms   p99.9 ${String(r.p999Ms).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}${r.cpuMsPerRequest === undefined ? '' : `   server CPU ${r.cpuMsPerRequest.toFixed(2)} ms/request`}${r.mainMsPerRequest === undefined ? '' : ` (main thread ${r.mainMsPerRequest.toFixed(2)})`}${r.generatorMsPerRequest === undefined ? '' : `   load generator ${r.generatorMsPerRequest.toFixed(2)} ms/request`}${r.readsPerRequest === undefined ? '' : `   ${r.readsPerRequest.toFixed(2)} stream reads/request`}\n`);
}
const mix = rows.find((r) => r.target.startsWith('command mix ('))!;
const durable = mix.total - mix.non2xx;
process.stdout.write(
  `command mix: ${durable} durable commands answered 2xx (${Math.round(durable / SECONDS)}/s), ${written} events written, ${nextCase} cases started of ${servers.cases.length}\n` +
    `refusals: ${[...refusals].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}\n` +
    (nextCase > servers.cases.length ? `the prepared cases ran out (${nextCase} started of ${servers.cases.length}): the later requests were refused; run again with a larger BENCH_CASES\n` : '') +
    `load average after: ${load.after.map((l) => l.toFixed(1)).join(' ')}\n` +
    `mix beside the bare route in the same run: ${(() => {
      const bares = rows.filter((r) => r.target.startsWith('bare'));
      const bare = Math.max(...bares.map((r) => r.perSecond));
      return `${((100 * mix.perSecond) / bare).toFixed(1)}% of the bare route's ${bare}/s (the better of its two runs)`;
    })()}; ${mix.cpuMsPerRequest ? Math.round(1000 / mix.cpuMsPerRequest) : '?'} commands per server CPU-second\n` +
    `CPU-bound ceilings of the mix: 2 cores shared by server and load generator ${mix.cpuMsPerRequest && mix.generatorMsPerRequest ? Math.round(2000 / (mix.cpuMsPerRequest + mix.generatorMsPerRequest)) : '?'} commands/s; the server's main thread on one core ${mix.mainMsPerRequest ? Math.round(1000 / mix.mainMsPerRequest) : '?'} commands/s\n` +
    'target (issue 4, 2 cores): ≥ 2 000 durable commands/s with p99 ≤ 50 ms\n',
);
const resultsDir = path.join(import.meta.dirname, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const out = path.join(resultsDir, `http-commands-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, cases: servers.cases.length, readModels: servers.readModels, rows, durableCommands: durable, eventsWritten: String(written), refusals: Object.fromEntries(refusals), load, target: '≥ 2 000 durable commands/s with p99 ≤ 50 ms' }, null, 2) + '\n');
process.stdout.write(`results: ${out}\n`);
