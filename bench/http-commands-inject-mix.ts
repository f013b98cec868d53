/**
 * The command mix of bench/http-commands.bench.ts through fastify's inject() in the server's
 * own process: no sockets and no load generator sharing the cores, so the CPU per command
 * measures the server's own work (routing, hooks, validation, the commands, the stores),
 * and it holds up far better than socket figures on a machine shared with other jobs.
 *
 *   BENCH_INJECT=1 BENCH_CASES=600 node --import tsx bench/http-commands-server.ts
 *   (BENCH_INJECT_CONCURRENCY, default 32: cases in flight at once; with node --expose-gc each
 *   round also prints the heap left after a full collection)
 */
import type { FastifyInstance } from 'fastify';
import os from 'node:os';
import type { BenchCase } from './http-commands-server.ts';
import { formatSplit, threadCpuNs, threadSplit } from './http-thread-cpu.ts';
import { residentIdCheckChar } from '../src/domain/identity/resident-id.ts';

type Tokens = { registrar: string; reviewer1: string; reviewer2: string; finance: string };

function residentIdOf(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `360102${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

interface Totals {
  requests: number;
  failures: Map<string, number>;
}

async function runCase(app: FastifyInstance, t: Tokens, c: BenchCase, id: string, person: number, keyed: boolean, totals: Totals): Promise<void> {
  let seq = 0;
  const post = async (token: string, url: string, payload: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (keyed) headers['idempotency-key'] = `inject-${id}-${++seq}`;
    const res = await app.inject({ method: 'POST', url, headers, payload: JSON.stringify(payload) });
    totals.requests += 1;
    if (res.statusCode >= 300) {
      const key = `${res.statusCode} ${url.replace(/\/b-[^/]+/, '/:id').replace(/\/pay-b-[^/]+/, '/:payment')} ${res.body.slice(0, 160)}`;
      totals.failures.set(key, (totals.failures.get(key) ?? 0) + 1);
    }
  };
  const app1 = (tail = '') => `/api/v1/applications/${id}${tail}`;
  await post(t.registrar, '/api/v1/trainees', { idNumber: residentIdOf(person), name: '李四', bankAccount: '6222 0200 0000 1234', category: 'rural_migrant_worker', registeredOn: '2026-02-01' });
  await post(t.registrar, '/api/v1/applications', { applicationId: id, subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: c.personRef, certificateSerial: c.serial, classId: c.classId, submittedOn: '2026-03-17' });
  await post(t.reviewer1, app1('/initial-review'), { decision: 'approve', reviewedOn: '2026-03-18' });
  await post(t.reviewer2, app1('/final-review'), { decision: 'approve', reviewedOn: '2026-03-18' });
  await post(t.reviewer1, app1('/publicity'), { startOn: '2026-03-20' });
  await post(t.reviewer1, app1('/approval'), { fundId: c.fundId, approvedOn: '2026-03-30' });
  await post(t.finance, app1('/payments'), { paymentId: `pay-${id}`, instructedOn: '2026-03-31' });
  await post(t.finance, app1(`/payments/pay-${id}/confirmation`), { bankReference: 'ICBC-BENCH', paidOn: '2026-04-01' });
}

async function round(app: FastifyInstance, t: Tokens, cases: BenchCase[], firstPerson: number, keyed: boolean, label: string, reads: { calls: number }): Promise<void> {
  const concurrency = Number(process.env.BENCH_INJECT_CONCURRENCY ?? 32);
  const totals: Totals = { requests: 0, failures: new Map() };
  let next = 0;
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpuNs();
  const reads0 = reads.calls;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        const c = cases[i];
        if (c === undefined) return;
        await runCase(app, t, c, `b-${firstPerson + i}`, firstPerson + i, keyed, totals);
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const split = threadSplit(threads0, threadCpuNs());
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // With --expose-gc: the heap left after a full collection, round by round (a leak grows it).
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap = gc === undefined ? '' : `; heap after a full GC ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`;
  process.stdout.write(
    `${label.padEnd(28)} ${String(totals.requests).padStart(5)} commands in ${wallS.toFixed(1)} s (${Math.round(totals.requests / wallS)}/s wall)   ` +
      `process CPU ${(cpuMs / totals.requests).toFixed(3)} ms/command (${Math.round((1000 * totals.requests) / cpuMs)} per CPU-second)   ` +
      `${((reads.calls - reads0) / totals.requests).toFixed(2)} stream reads/command   failures: ${[...totals.failures].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}\n` +
      `${''.padEnd(28)} ${formatSplit(split, totals.requests)}; system ${(cpu.system / 1000 / totals.requests).toFixed(3)} ms/command${heap}\n`,
  );
}

export async function injectMix(app: FastifyInstance, tokens: Tokens, cases: BenchCase[], firstPerson: number, reads: { calls: number }): Promise<void> {
  // Whoami: the fixed cost of an authenticated request through every hook.
  const who = async (n: number) => {
    for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: `Bearer ${tokens.registrar}` } });
  };
  await who(200);
  const c0 = process.cpuUsage();
  await who(2000);
  const c = process.cpuUsage(c0);
  process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; GET /api/v1/whoami: process CPU ${((c.user + c.system) / 1000 / 2000).toFixed(3)} ms/request\n`);
  // A warm-up round (JIT, schemas compiled on first use), then keyed and unkeyed rounds alternately.
  const warm = Math.min(64, Math.floor(cases.length / 9));
  await round(app, tokens, cases.slice(0, warm), firstPerson, true, 'warm-up (not comparable)', reads);
  const quarter = Math.floor((cases.length - warm) / 4);
  // BENCH_INJECT_KEYS=on|off: every round with (or without) Idempotency-Key, e.g. to profile one kind alone.
  const keys = process.env.BENCH_INJECT_KEYS;
  for (let r = 0; r < 4; r++) {
    const from = warm + r * quarter;
    const keyed = keys === 'on' ? true : keys === 'off' ? false : r % 2 === 0;
    await round(app, tokens, cases.slice(from, from + quarter), firstPerson + from, keyed, keyed ? 'mix with Idempotency-Key' : 'mix without', reads);
  }
  process.stdout.write(`load average after ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
}
