/**
 * Scale (issue 9): a store grown to N events through the real append path, then served as
 * `taizhang serve` serves it. Measures
 *   - the append rate as the store grows (per tenth of the run), appends in flight
 *     together as an API node's requests are (the store's group commit),
 *   - bytes on disk per event (event store files),
 *   - projection lag: the read models and the Merkle log catching up from empty over the
 *     whole store (events/s), then the lag of one fresh append until it is readable,
 *   - p50/p99 of the payment-trace query, a problem-ledger page and an inclusion proof
 *     through the HTTP stack (inject: no sockets), and peak RSS (target ≤ 512 MiB).
 *
 * The events are bench/projections-domain-log.ts's log (events the application could
 * have written, valid under the app's registry), appended stream by stream: the command
 * layer's deciding is not what this measures (the generator's own figures are in its
 * report), the store's and read side's growth is.
 *
 *   npm run bench -- scale                     1 M events
 *   BENCH_QUICK=1 npm run bench -- scale       100 k events
 *   BENCH_EVENTS=10000000 npm run bench -- scale
 *
 * Prints one table and writes it as JSON to bench/results/scale-<events>-<time>.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Config } from '../src/config.ts';
import { loadConfig } from '../src/config.ts';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { outcomePosition } from '../src/app/command-outcome.ts';
import { enrolmentIndexFor, type StoreEnrolmentIndex } from '../src/app/services/classes-enrolment-index.ts';
import { openFund } from '../src/app/services/funds.ts';
import { CommandClock, idSeedFor } from '../src/generator/command-clock.ts';
import { openStore } from '../src/eventstore/open.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { openRuntime } from '../src/http/runtime.ts';
import { buildServer } from '../src/http/server.ts';
import { startIntegrityLog } from '../src/integrity-log/start.ts';
import { createLogger } from '../src/logging/logger.ts';
import { startCatalogueProjections } from '../src/projections/start.ts';
import { domainAppends, type DomainAppend } from './projections-domain-log.ts';
import { ScaleRecorder, type PhaseFigures } from './scale-memory.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = Number(process.env.BENCH_EVENTS ?? (QUICK ? 100_000 : 1_000_000));
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const RSS_TARGET_MIB = 512;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  metric: string;
  value: number;
  unit: string;
  note?: string;
}

function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

/** The commit measured: BENCH_COMMIT when run from an exported tree (no .git), else HEAD and whether the tree had changes. */
function commitMeasured(): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}`;
}

/** Heap in use after a full collection (gc exposed at run time: bench/run.ts starts node without --expose-gc). */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

function perCpuSecond(events: number, phase: PhaseFigures): number {
  return phase.cpuS > 0 ? Math.round(events / phase.cpuS) : NaN;
}

function peakRssMib(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Bytes of the files under `dir` (recursively) whose name starts with `prefix`. */
function diskBytes(dir: string, prefix: string): number {
  let sum = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sum += diskBytes(full, prefix);
    else if (entry.name.startsWith(prefix)) sum += fs.statSync(full).size;
  }
  return sum;
}

/** The latest checkpoint's tree size once one covers `head` (checkpoints are signed on a timer too). */
async function checkpointCovering(latest: () => number, head: number, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  while (latest() < head && performance.now() < until) await new Promise((r) => setTimeout(r, 200));
  return latest();
}

/** Appends the log with up to IN_FLIGHT appends outstanding; one stream is never appended to twice at once. */
async function grow(config: Config, rows: Row[], rec: ScaleRecorder): Promise<{ paymentIds: string[] }> {
  const raw = await openStore(config);
  const store = withRegistry(raw, buildEventRegistry());
  const paymentIds: string[] = [];
  const busy = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let written = 0;
  let decile = 1;
  let mark = performance.now();
  let markEvents = 0;
  const started = performance.now();
  const appendOne = async (a: DomainAppend) => {
    const before = busy.get(a.stream);
    if (before) await before;
    await store.append(a.stream, a.events, 'any');
  };
  for (const a of domainAppends(EVENTS, 9)) {
    for (const e of a.events) if (e.type === 'ApplicationPaid' && paymentIds.length < 10_000) paymentIds.push(String((e.data as { paymentId?: string }).paymentId));
    const p: Promise<void> = appendOne(a).finally(() => {
      inFlight.delete(p);
      if (busy.get(a.stream) === p) busy.delete(a.stream);
    });
    busy.set(a.stream, p);
    inFlight.add(p);
    written += a.events.length;
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    if (written >= (EVENTS * decile) / 10) {
      await Promise.all(inFlight);
      const now = performance.now();
      rows.push({ metric: `append rate, store ${Math.round((decile - 1) * 10)}–${decile * 10} % full`, value: Math.round(((written - markEvents) * 1000) / (now - mark)), unit: 'events/s' });
      process.stderr.write(`scale: ${written} events appended\n`);
      mark = now;
      markEvents = written;
      decile += 1;
    }
  }
  await Promise.all(inFlight);
  rows.push({ metric: 'append rate, whole run', value: Math.round((written * 1000) / (performance.now() - started)), unit: 'events/s', note: `${IN_FLIGHT} appends in flight` });
  const appended = rec.phase('baseline read');
  rows.push({ metric: 'append rate per CPU-second', value: perCpuSecond(written, appended), unit: 'events/s', note: `${appended.cpuS} CPU-s (worker thread included)` });
  rows.push({ metric: 'peak RSS after the appends', value: Math.round(peakRssMib()), unit: 'MiB' });
  // The baseline in the same run and on the same loaded machine: reading the store through the registry, nothing applied.
  const readStarted = performance.now();
  let read = 0;
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, limit: 1000 });
    read += page.length;
    if (page.length < 1000) break;
    after = page[page.length - 1]!.position;
  }
  rows.push({ metric: 'baseline: readAll through the registry', value: Math.round((read * 1000) / (performance.now() - readStarted)), unit: 'events/s', note: 'same machine, same moment: compare the catch-up rates with it' });
  const baseline = rec.phase('catch-up');
  rows.push({ metric: 'baseline: readAll per CPU-second', value: perCpuSecond(read, baseline), unit: 'events/s', note: `${baseline.cpuS} CPU-s` });
  await raw.close();
  rows.push({ metric: 'bytes on disk per event (event store)', value: Math.round(diskBytes(config.dataDir, 'events.sqlite') / written), unit: 'B/event' });
  return { paymentIds };
}

async function timed(n: number, one: (i: number) => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await one(i);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

async function serveAndQuery(config: Config, rows: Row[], paymentIds: readonly string[], rec: ScaleRecorder): Promise<void> {
  const logger = createLogger('warn');
  const started = performance.now();
  const runtime = await openRuntime(config, logger, { startReadModels: startCatalogueProjections(config), startIntegrity: startIntegrityLog(config, { ...process.env, TAIZHANG_CHECKPOINT_EVERY_EVENTS: '10000' }) });
  try {
    const head = await runtime.deps.store.headPosition();
    await runtime.deps.readModels!.waitForPosition(head, 3_600_000);
    const readSeconds = (performance.now() - started) / 1000;
    rows.push({ metric: 'read models: catch up from empty', value: Math.round(Number(head) / readSeconds), unit: 'events/s', note: `${readSeconds.toFixed(1)} s for ${head} events, all read models` });
    const caughtUp = rec.phase('Merkle log tail');
    rows.push({ metric: 'catch-up per CPU-second', value: perCpuSecond(Number(head), caughtUp), unit: 'events/s', note: `${caughtUp.cpuS} CPU-s: read models and Merkle log together` });
    await runtime.deps.integrity!.waitForPosition(head, 3_600_000);
    const logSeconds = (performance.now() - started) / 1000;
    rows.push({ metric: 'Merkle log: caught up (from start)', value: Math.round(Number(head) / logSeconds), unit: 'events/s', note: `${logSeconds.toFixed(1)} s` });
    rows.push({ metric: 'peak RSS after catch-up', value: Math.round(peakRssMib()), unit: 'MiB', note: `target ≤ ${RSS_TARGET_MIB}` });
    rec.phase('enrolment index');
    // What the first class or trainee command after a start builds: every roster of the log, in memory.
    const heapBefore = heapAfterGc();
    const indexStarted = performance.now();
    const index = enrolmentIndexFor(runtime.deps.store) as StoreEnrolmentIndex;
    await index.regionsOf('nobody');
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    const indexMib = (heapAfterGc() - heapBefore) / (1024 * 1024);
    rows.push({ metric: 'enrolment index: built over the whole log', value: +indexSeconds.toFixed(2), unit: 's', note: `${index.people} people on rosters, +${indexMib.toFixed(1)} MiB heap (${Math.round((indexMib * 1024 * 1024) / Math.max(1, index.people))} B/person)` });
    rec.phase('queries');

    const app = await buildServer(runtime.deps);
    await app.ready();
    const token = (role: 'finance' | 'inspector') => runtime.deps.tokens.create({ name: `bench ${role}`, role, principalId: `bench-${role}`, nowIso: new Date().toISOString() });
    const finance = token('finance');
    const inspector = token('inspector');
    const get = async (url: string, auth?: string) => {
      const res = await app.inject({ method: 'GET', url, headers: auth ? { authorization: `Bearer ${auth}` } : {} });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };
    // A fresh command (a fund opened) and the wait until every read model has applied it.
    const clock = new CommandClock(idSeedFor(1));
    const lag = await timed(20, async (i) => {
      const fundId = `bench-lag-${i}`;
      const out = await openFund(runtime.deps.services!, clock.ctx({ id: 'bench-fin', name: 'bench', role: 'finance' }, '2026-01-05', `lag:${fundId}`), { fundId, source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: '2026-01-05' });
      await runtime.deps.readModels!.waitForPosition(outcomePosition(out)!, 60_000);
    });
    rows.push({ metric: 'projection lag of a fresh command, p50', value: +percentile(lag, 50).toFixed(1), unit: 'ms', note: 'command + every read model applied it' });
    const trace = await timed(Math.min(QUERIES, paymentIds.length), (i) => get(`/api/v1/payments/${paymentIds[(i * 7919) % paymentIds.length]}/trace`, finance));
    rows.push({ metric: 'payment trace p50', value: +percentile(trace, 50).toFixed(2), unit: 'ms' }, { metric: 'payment trace p99', value: +percentile(trace, 99).toFixed(2), unit: 'ms' });
    const ledger = await timed(QUERIES, () => get('/api/v1/problem-ledger?limit=50', inspector));
    rows.push({ metric: 'problem-ledger page p50', value: +percentile(ledger, 50).toFixed(2), unit: 'ms' }, { metric: 'problem-ledger page p99', value: +percentile(ledger, 99).toFixed(2), unit: 'ms' });
    const size = await checkpointCovering(() => runtime.deps.integrity!.latestCheckpoint()?.treeSize ?? 0, Number(head), 30_000);
    const proofs = await timed(size > 0 ? QUERIES : 0, (i) => get(`/api/v1/integrity/inclusion?index=${(i * 104_729) % size}`));
    rows.push({ metric: 'inclusion proof p50', value: +percentile(proofs, 50).toFixed(2), unit: 'ms', note: `tree of ${size}` }, { metric: 'inclusion proof p99', value: +percentile(proofs, 99).toFixed(2), unit: 'ms' });
    await app.close();
  } finally {
    await runtime.close();
  }
  rec.phase('end');
  rows.push({ metric: 'read models + Merkle log on disk per event', value: Math.round((diskBytes(config.dataDir, '') - diskBytes(config.dataDir, 'events.sqlite')) / EVENTS), unit: 'B/event' });
  rows.push({ metric: 'peak RSS (whole run)', value: Math.round(peakRssMib()), unit: 'MiB', note: `target ≤ ${RSS_TARGET_MIB}` });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-scale-'));
  const config: Config = { ...loadConfig({}), dataDir, storeUrl: 'sqlite:' };
  const rows: Row[] = [];
  const rec = new ScaleRecorder('append');
  try {
    const { paymentIds } = await grow(config, rows, rec);
    await serveAndQuery(config, rows, paymentIds, rec);
  } finally {
    rec.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`scale benchmark: ${EVENTS.toLocaleString('en-US')} events (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)})\n`);
  for (const r of rows) process.stdout.write(`${r.metric.padEnd(48)}${String(r.value).padStart(12)} ${r.unit.padEnd(9)}${r.note ?? ''}\n`);
  const out = path.join(benchDir, 'results', `scale-${EVENTS}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ events: EVENTS, inFlight: IN_FLIGHT, cpus: os.cpus().length, loadAverage: os.loadavg(), node: process.version, commit: commitMeasured(), rows, phases: rec.phases, memory: rec.thinned(400) }, null, 2) + '\n');
  process.stdout.write('phase              wall s  CPU s  RSS max  heap used max  external max  native max (MiB)\n');
  for (const p of rec.phases) process.stdout.write(`${p.phase.padEnd(18)}${String(p.wallS).padStart(7)}${String(p.cpuS).padStart(7)}${String(p.rssMaxMib).padStart(9)}${String(p.heapUsedMaxMib).padStart(15)}${String(p.externalMaxMib).padStart(14)}${String(p.nativeMaxMib).padStart(12)}\n`);
  process.stdout.write(`written ${path.relative(process.cwd(), out)}\n`);
}

await main();
