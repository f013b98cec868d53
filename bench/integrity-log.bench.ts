/**
 * The integrity log end to end, printed not asserted (issue 6):
 *  - leaves integrated per second through the REAL merkle-log projection (the catch-up a
 *    server or `taizhang export` runs: read from the embedded store, envelope, RFC 8785,
 *    leaf hash, nodes and leaf rows in the batch transaction), beside raw SHA-256 of the
 *    same canonical bytes in the same run. Target ≥ 100 000 leaves/s.
 *  - inclusion proof (build + verify) from the projection's SQLite file at the full size.
 *    Target < 1 ms median.
 *  - `taizhang export` then `taizhang verify` (tree, signatures, schemas, replay of every
 *    catalogue projection, digests) wall time on that log. Target ≤ 60 s for 1 M events.
 *
 * The log is the read models' domain log (bench/projections-domain-log.ts: every event valid
 * against the app's registry, so verify's schema check and replays do real work), appended
 * once through the store's own writer (bench/integrity-store.ts: each event's leaf hash
 * computed and stored at append, as `npm start` writes it) into a store file in the
 * temporary directory and reused by later runs.
 *
 * Also printed: what the leaf hash costs the append — the writer's CPU per appended event
 * with and without it (its GroupCommitter on this thread, groups of a few appends, fsync as
 * the store does), and the hash alone per event.
 *
 *   npm run bench -- integrity                         (1 000 000 events)
 *   BENCH_INTEGRITY_EVENTS=200000 npm run bench -- integrity-log
 *   BENCH_QUICK=1 …                                     (100 000 events)
 *   BENCH_INTEGRITY_REPLAY_THREADS=1 …                  (force the replay threads of verify;
 *                                                        default: by load, parallel-replay.ts)
 *   BENCH_INTEGRITY_SKIP_VERIFY=1 …                     (leaves and proofs only)
 *   BENCH_INTEGRITY_TEXT_ROAD=1 …                       (also: the leaves from a store of the
 *                                                        same log without stored leaf hashes,
 *                                                        as stores written before them)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hash as oneShotHash } from 'node:crypto';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { toEnvelope } from '../src/eventstore/envelope.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import type { EventStore } from '../src/eventstore/port.ts';
import { canonicalJsonBytes } from '../src/integrity/canonical-json.ts';
import { verifyInclusion } from '../src/integrity/verify-inclusion.ts';
import { merkleLog } from '../projections/merkle-log/projection.ts';
import { integrityDir } from '../src/integrity-log/checkpoint-store.ts';
import { readLines } from '../src/integrity-log/bundle-io.ts';
import { exportBundle } from '../src/integrity-log/export-bundle.ts';
import { hashLeaf } from '../src/integrity/hasher.ts';
import { leafSource } from '../src/integrity-log/leaf-source.ts';
import { logViewOf } from '../src/integrity-log/integrity-log.ts';
import { updateLogIfIdle } from '../src/integrity-log/offline-log.ts';
import { verifyBundle } from '../src/integrity-log/verify-bundle.ts';
import { replayThreadsFor } from '../src/integrity-log/parallel-replay.ts';
import { createLogger } from '../src/logging/logger.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { readModelFileName } from '../src/projections/files.ts';
import { createProgress } from '../src/projections/progress.ts';
import { openReader } from '../src/projections/readmodel-file.ts';
import { cachedIntegrityStore } from './integrity-store.ts';
import { benchAppendCost } from './integrity-append-cost.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = Number(process.env.BENCH_INTEGRITY_EVENTS ?? (QUICK ? 100_000 : 1_000_000));
const RAW_SAMPLE = 50_000;
const PROOFS = 5_000;

interface Row {
  name: string;
  value: number;
  unit: string;
  target: string;
  beside?: { name: string; value: number; ratio: number };
}
const rows: Row[] = [];
/** Recorded and printed at once: a long run shows each figure as soon as it has it. */
function record(row: Row): void {
  rows.push(row);
  const beside = row.beside === undefined ? '' : ` vs ${row.beside.name} ${fmt(row.beside.value)}/s (${row.beside.ratio.toFixed(2)}×)`;
  say(`${row.name}: ${fmt(row.value)} ${row.unit}${beside}; target ${row.target}`);
}
const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const seconds = (startedMs: number): number => (performance.now() - startedMs) / 1000;
/** CPU seconds (user + system, all threads of this process) since `from`: steadier than wall time on a shared machine. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};
const say = (line: string): void => void process.stdout.write(`  ${line}\n`);

/**
 * CPU seconds of each thread of this process now (Linux /proc; empty elsewhere), by thread
 * id: the main thread's share says how much of a leaf's cost the hash thread took over.
 */
function threadCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const ticksPerSecond = 100;
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const logger = createLogger('warn');
const noProgress = createProgress({ mode: 'none', logger });
const progress = process.stderr.isTTY ? createProgress({ mode: 'auto', logger }) : noProgress;

/** Canonical bytes of the first `count` events as the merkle-log hashes them (set-up for the raw SHA-256 figure). */
async function canonicalSample(store: EventStore, count: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  let after = 0n;
  while (out.length < count) {
    const page = await store.readAll({ after, limit: Math.min(1000, count - out.length) });
    if (page.length === 0) break;
    for (const event of page) out.push(canonicalJsonBytes(toEnvelope(event)));
    after = page[page.length - 1]!.position;
  }
  return out;
}

/** Raw one-shot SHA-256 of the canonical bytes: per wall second and per CPU-second of this (then single-threaded) process. */
function rawSha256PerSecond(sample: readonly Buffer[], total: number): { wall: number; cpu: number } {
  let sink = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < total; i++) sink ^= oneShotHash('sha256', sample[i % sample.length] as Buffer, 'buffer')[0] as number;
  const rates = { wall: total / seconds(started), cpu: total / cpuSeconds(cpu) };
  if (sink === 256) say('');
  return rates;
}

async function benchIntegration(store: EventStore, dataDir: string, road = 'stored leaf hashes'): Promise<number> {
  const sample = await canonicalSample(store, Math.min(RAW_SAMPLE, EVENTS));
  const meanBytes = sample.reduce((s, b) => s + b.length, 0) / sample.length;
  const rawBefore = rawSha256PerSecond(sample, EVENTS);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const mainBefore = threadCpuSeconds().get(String(process.pid));
  // As IntegrityLog.start reads it: the stored text where the store has it (leaf-source.ts).
  const update = await updateLogIfIdle({ rawStore: leafSource(store), dataDir, config: { origin: 'bench.example/log', checkpointEveryEvents: 1_000_000_000, checkpointIntervalMs: 3_600_000_000 }, logger, progress });
  const wall = seconds(started);
  const cpuS = cpuSeconds(cpu);
  const mainAfter = threadCpuSeconds().get(String(process.pid));
  const rawAfter = rawSha256PerSecond(sample, EVENTS);
  if (update.mode !== 'updated') throw new Error('the integrity lock of a fresh data dir was held');
  const rate = update.treeSize / wall;
  const raw = (rawBefore.wall + rawAfter.wall) / 2;
  const rawCpu = (rawBefore.cpu + rawAfter.cpu) / 2;
  record({
    name: `leaves integrated through the merkle-log projection (${road} read from the store; ${Math.round(meanBytes)}-byte envelopes; SQLite tiles; ${fmt(update.treeSize)} leaves in ${wall.toFixed(1)} s, incl. signing)`,
    value: rate,
    unit: 'leaves/s',
    target: '≥ 100 000 leaves/s',
    beside: { name: 'raw SHA-256 of the same canonical bytes', value: raw, ratio: rate / raw },
  });
  record({ name: '… the same per CPU-second of this process, all threads (what unshared cores would give)', value: update.treeSize / cpuS, unit: 'leaves/CPU-s', target: 'reported', beside: { name: 'raw SHA-256 of the same bytes per CPU-second', value: rawCpu, ratio: update.treeSize / cpuS / rawCpu } });
  if (mainBefore !== undefined && mainAfter !== undefined && mainAfter > mainBefore) {
    // The main thread bounds the wall rate when the hash thread has a core of its own.
    const mainS = mainAfter - mainBefore;
    record({ name: `… per CPU-second of the main thread alone (${mainS.toFixed(1)} of ${cpuS.toFixed(1)} CPU-s; the rest: hash thread, GC, SQLite)`, value: update.treeSize / mainS, unit: 'leaves/CPU-s', target: 'reported', beside: { name: 'raw SHA-256 per CPU-second', value: rawCpu, ratio: update.treeSize / mainS / rawCpu } });
  }
  return update.treeSize;
}

function benchProofs(dataDir: string, size: number): void {
  const reader = openReader(path.join(integrityDir(dataDir), readModelFileName(merkleLog.name, merkleLog.version)));
  try {
    const view = logViewOf(reader);
    const root = view.root(size);
    const times: number[] = [];
    let state = 0x2545f491;
    for (let i = 0; i < PROOFS; i++) {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      const index = Math.floor((state / 2 ** 32) * size);
      const started = performance.now();
      const answer = view.inclusion(index, size);
      verifyInclusion(index, size, answer.leafHash, answer.proof, root);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    record({ name: `inclusion proof from the SQLite tree at ${fmt(size)} leaves (build + verify): median`, value: times[Math.floor(times.length / 2)] as number, unit: 'ms', target: '< 1 ms' });
    record({ name: '… p99', value: times[Math.floor(times.length * 0.99)] as number, unit: 'ms', target: 'reported' });
  } finally {
    reader.close();
  }
}

async function benchExportVerify(store: EventStore, dataDir: string, size: number): Promise<void> {
  const bundle = path.join(dataDir, 'bundle');
  const registry = buildEventRegistry();
  let started = performance.now();
  let cpu = process.cpuUsage();
  await exportBundle({ rawStore: store, dataDir, to: bundle, registry, definitions: PROJECTIONS, progress });
  const exportS = seconds(started);
  record({ name: `export of ${fmt(size)} events (events, checkpoints, digests from a replay of ${PROJECTIONS.length} projections, on threads if cores are idle)`, value: exportS, unit: 's', target: 'reported' });
  record({ name: '… CPU time of that export (all threads of this process)', value: cpuSeconds(cpu), unit: 'CPU-s', target: 'reported' });
  const floor = parseFloor(bundle);
  record({ name: `baseline: read, leaf-hash and JSON.parse every line of events.ndjson in one thread (the least any verifier does; ${fmt(size)} lines)`, value: floor.wall, unit: 's wall', target: 'reported' });
  record({ name: '… its CPU time', value: floor.cpu, unit: 'CPU-s', target: 'reported' });
  // Chosen by the load now (parallel-replay.ts), or forced with BENCH_INTEGRITY_REPLAY_THREADS.
  const threads = process.env.BENCH_INTEGRITY_REPLAY_THREADS !== undefined ? Number(process.env.BENCH_INTEGRITY_REPLAY_THREADS) : replayThreadsFor(size, PROJECTIONS);
  started = performance.now();
  cpu = process.cpuUsage();
  const report = verifyBundle(bundle, { registry, definitions: PROJECTIONS, replay: true, progress, replayThreads: threads });
  const verifyS = seconds(started);
  const verifyCpuS = cpuSeconds(cpu);
  if (!report.ok) throw new Error(`verify refused the bundle: ${JSON.stringify(report.fault)}`);
  record({ name: `verify of the ${fmt(size)}-event bundle (tree, signatures, schemas, ${PROJECTIONS.length} projection replays on ${threads || 'no extra'} threads, digests)`, value: verifyS, unit: 's wall', target: '≤ 60 s at 1 M events' });
  record({ name: '… CPU time of that verify (all threads of this process)', value: verifyCpuS, unit: 'CPU-s', target: 'reported' });
  record({ name: '… events verified per CPU-second (what the work costs, whatever the load)', value: size / verifyCpuS, unit: 'events/CPU-s', target: '≥ 8 333 (1 M in 60 s on 2 fully used cores = 120 CPU-s)' });
  record({ name: `… verify wall time over the baseline's (same run, ${threads} replay thread${threads === 1 ? '' : 's'})`, value: verifyS / floor.wall, unit: '×', target: 'reported' });
  record({ name: '… verify CPU time over the baseline\'s', value: verifyCpuS / floor.cpu, unit: '×', target: 'reported' });
  if (process.env.BENCH_INTEGRITY_KEEP_BUNDLE !== undefined) fs.cpSync(bundle, process.env.BENCH_INTEGRITY_KEEP_BUNDLE, { recursive: true });
}

/** Wall and CPU seconds to read every line of the bundle's events, hash it as a leaf and parse it: verify's floor. */
function parseFloor(bundle: string): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let sink = 0;
  for (const { bytes } of readLines(path.join(bundle, 'events.ndjson'))) {
    sink ^= hashLeaf(bytes)[0]!;
    if (JSON.parse(bytes.toString('utf8')) === null) sink++;
  }
  if (sink === 256) say('');
  return { wall: seconds(started), cpu: cpuSeconds(cpu) };
}

/** The leaves from a store of the same log written without leaf hashes: the text road (envelope-text.ts, hash thread). */
async function benchTextRoad(): Promise<void> {
  const file = cachedIntegrityStore(EVENTS, false, say);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-integrity-text-'));
  const store = await openSqliteStore({ file, maxEventBytes: 1 << 20 });
  try {
    await benchIntegration(store, dataDir, 'text of rows without a stored hash, RFC 8785 and leaf hash partly on a second thread,');
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const loadAtStart = load();
  process.stdout.write(`integrity-log bench: ${fmt(EVENTS)} events, ${os.cpus().length} cores, node ${process.version}, load ${load()}\n`);
  for (const row of benchAppendCost()) record(row);
  const file = cachedIntegrityStore(EVENTS, true, say);
  if (process.env.BENCH_INTEGRITY_TEXT_ROAD === '1') await benchTextRoad();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-integrity-'));
  const store = await openSqliteStore({ file, maxEventBytes: 1 << 20 });
  try {
    const size = await benchIntegration(store, dataDir);
    benchProofs(dataDir, size);
    if (process.env.BENCH_INTEGRITY_SKIP_VERIFY !== '1') await benchExportVerify(store, dataDir, size);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`load at the end: ${load()}\n`);
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `integrity-log-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ events: EVENTS, cores: os.cpus().length, node: process.version, load: { start: loadAtStart, end: load() }, rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

await main();
