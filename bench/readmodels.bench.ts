/**
 * Rebuild rate of each DOMAIN read model (issue 5: ≥ 50 000 events/s per projection at
 * 1 M events) beside raw readAll of the same store, measured in the same run: the ratio
 * is the figure that survives the shared machine's load.
 *
 * The log is bench/projections-domain-log.ts: events the application could have written
 * (each valid under the app's event registry), many lifecycles interleaved. A rebuild
 * reads it as `serve` and `taizhang rebuild` do, through the app's event registry
 * (withRegistry), in pages applied one transaction each with the checkpoint, of
 * `taizhang rebuild`'s default size (BENCH_BATCH=1000 for the runner's).
 *
 *   npm run bench -- readmodels                        (1 M events)
 *   BENCH_QUICK=1 npm run bench -- readmodels          (100 k events)
 *   BENCH_EVENTS=200000 npm run bench -- readmodels    (any size)
 *   BENCH_ONLY=payment-trace,applications …            (some read models only; for profiling)
 *   BENCH_ROUNDS=5 …                                   (rounds; 3 by default at every size)
 *
 * The log is written once into the temporary directory and reused by later runs.
 *
 * What it holds the same for every measurement, so that runs minutes apart compare (at 1 M
 * events a single round once swung payment-trace between 46 k and 65 k events/s):
 * - every measurement (raw read, read through the registry, each rebuild) runs in a process of
 *   its own (bench/readmodels-child.ts), as `taizhang rebuild` does: measured in one process,
 *   a rebuild inherited the heap the raw reads before it had grown and paid several times the
 *   GC for it, by an amount that changed from run to run;
 * - the log is read once, untimed, before anything is measured (page cache);
 * - every rebuild writes into a fresh data folder, deleted right after it;
 * - three rounds by default, each reading the raw log again, and each rebuild's rate per
 *   CPU-second is also given as a ratio to that round's raw read (the figure that survives
 *   a shared machine), with the median and the spread (min–max) of the rounds;
 * - it prints the temporary folder's file system (tmpfs or a disk), whether the log has a
 *   WAL beside it, and each measurement's user/system CPU, GC pauses and file size.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REBUILD_BATCH_SIZE } from '../src/projections/catch-up.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { prefillDomainStore } from './projections-domain-log.ts';
import type { ChildResult } from './readmodels-child.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = eventsWanted();
const ROUNDS = roundsWanted();
/** Events per rebuild transaction: `taizhang rebuild`'s default unless BENCH_BATCH says otherwise. */
const BATCH = process.env.BENCH_BATCH === undefined ? REBUILD_BATCH_SIZE : Number(process.env.BENCH_BATCH);
const SEED = 1;
const TARGET_EVENTS_PER_S = 50_000;
/** Bump when projections-domain-log.ts changes what the cached log holds. */
const LOG_FORMAT = 1;

const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter((s) => s !== '');
const DOMAIN = PROJECTIONS.filter((p) => p.eventTypes !== '*' && (ONLY.length === 0 || ONLY.includes(p.name)));

type Rate = ChildResult;

interface Row {
  name: string;
  value: number;
  baseline: number;
  unit: string;
  target: string;
  ratio: number;
}

function eventsWanted(): number {
  const given = process.env.BENCH_EVENTS;
  if (given === undefined || given === '') return QUICK ? 100_000 : 1_000_000;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1000) throw new RangeError(`BENCH_EVENTS must be an integer ≥ 1000, got ${given}`);
  return n;
}

function roundsWanted(): number {
  const given = process.env.BENCH_ROUNDS;
  if (given === undefined || given === '') return 3;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new RangeError(`BENCH_ROUNDS must be an integer in 1..20, got ${given}`);
  return n;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

/** One measurement in a process of its own (see readmodels-child.ts). */
function measure(logFile: string, what: string): Rate {
  const child = path.join(import.meta.dirname, 'readmodels-child.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, logFile, String(EVENTS), String(BATCH), what], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${what} failed (${run.signal ?? `exit ${run.status}`}): ${run.stderr}`);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Rate;
}

const cpuSplit = (r: Rate) => `user ${r.userS.toFixed(1)} s, sys ${r.sysS.toFixed(1)} s, ${r.gcCount} GC pauses ${fmt(r.gcMs)} ms wall`;

/** Names the file system of `dir` (statfs magic numbers of the usual ones). */
function fileSystemOf(dir: string): string {
  const names: Record<number, string> = { 0x01021994: 'tmpfs (memory)', 0xef53: 'ext2/3/4 (disk)', 0x58465342: 'xfs (disk)', 0x9123683e: 'btrfs (disk)', 0x794c7630: 'overlayfs' };
  const type = fs.statfsSync(dir).type;
  return names[type] ?? `type 0x${type.toString(16)}`;
}

function walBeside(file: string): string {
  const wal = `${file}-wal`;
  return fs.existsSync(wal) ? `a WAL of ${fmt(fs.statSync(wal).size)} bytes` : 'no WAL';
}

/** The domain log of `count` events, written once per (format, count, seed) and kept in the temporary directory. */
function cachedLog(count: number): string {
  const file = path.join(os.tmpdir(), `taizhang-bench-readmodels-log-v${LOG_FORMAT}-${count}-s${SEED}.sqlite`);
  if (fs.existsSync(file)) {
    process.stdout.write(`  reusing the domain log in ${file}\n`);
    return file;
  }
  const started = performance.now();
  const building = `${file}.${process.pid}.tmp`;
  prefillDomainStore(building, count, SEED);
  fs.renameSync(building, file);
  process.stdout.write(`  wrote ${fmt(count)} domain events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return file;
}

async function main(): Promise<void> {
  process.stdout.write(`readmodels (${fmt(EVENTS)} events, ${ROUNDS} round(s), batches of ${fmt(BATCH)}; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}; node ${process.version}):\n`);
  if (DOMAIN.length === 0) throw new Error(`BENCH_ONLY names no domain read model: ${ONLY.join(', ')}`);
  const logFile = cachedLog(EVENTS);
  process.stdout.write(`  temporary folder ${os.tmpdir()} on ${fileSystemOf(os.tmpdir())}; the log: ${fmt(fs.statSync(logFile).size)} bytes, ${walBeside(logFile)}\n`);
  process.stdout.write(`  each measurement in a process of its own; order: raw readAll, readAll through the registry, ${DOMAIN.map((d) => d.name).join(', ')}\n`);
  const rawReads: Rate[] = [];
  const registryReads: Rate[] = [];
  const rebuilds = new Map<string, Rate[]>(DOMAIN.map((p) => [p.name, []]));
  /** Each rebuild's rate per CPU-second over the raw read's of the same round. */
  const cpuRatios = new Map<string, number[]>(DOMAIN.map((p) => [p.name, []]));
  const warm = measure(logFile, 'raw');
  process.stdout.write(`  warm-up read of the log (not in the results): ${fmt(warm.wall)} events/s wall, ${fmt(warm.cpu)} per CPU-second\n`);
  for (let round = 0; round < ROUNDS; round++) {
    const rawRead = measure(logFile, 'raw');
    rawReads.push(rawRead);
    registryReads.push(measure(logFile, 'registry'));
    process.stdout.write(`  round ${round + 1}: raw readAll ${fmt(rawRead.wall)} events/s wall, ${fmt(rawRead.cpu)} per CPU-second (${cpuSplit(rawRead)}); load ${os.loadavg()[0]!.toFixed(1)}\n`);
    for (const definition of DOMAIN) {
      // The rate is of the log (every event the rebuild passed, handled or not): a rebuild
      // that reads only its projection's types is faster because it skips the others.
      const r = measure(logFile, `rebuild:${definition.name}`);
      rebuilds.get(definition.name)!.push(r);
      cpuRatios.get(definition.name)!.push(r.cpu / rawRead.cpu);
      process.stdout.write(
        `  round ${round + 1}: ${definition.name} ${fmt(r.wall)} events/s wall, ${fmt(r.cpu)} per CPU-second = ${(r.cpu / rawRead.cpu).toFixed(2)}× the raw read (${cpuSplit(r)}; read ${fmt(r.read)} of its types, file ${fmt(r.fileBytes / 1e6)} MB)\n`,
      );
    }
  }
  report(rawReads, registryReads, rebuilds, cpuRatios);
}

function report(rawReads: Rate[], registryReads: Rate[], rebuilds: Map<string, Rate[]>, cpuRatios: Map<string, number[]>): void {
  const rows: Row[] = [];
  const record = (name: string, value: number, baseline: number, unit: string, target: string) => {
    rows.push({ name, value, baseline, unit, target, ratio: value / baseline });
    process.stdout.write(`  ${name}: ${fmt(value)} vs raw readAll ${fmt(baseline)} ${unit} (${(value / baseline).toFixed(2)}×; target ${target})\n`);
  };
  const readWall = median(rawReads.map((r) => r.wall));
  const readCpu = median(rawReads.map((r) => r.cpu));
  const target = `≥ ${fmt(TARGET_EVENTS_PER_S)} events/s`;
  process.stdout.write(`results (median of ${ROUNDS}):\n`);
  record(`readAll through the event registry, ${fmt(EVENTS)} events`, median(registryReads.map((r) => r.wall)), readWall, 'events/s', 'reported');
  for (const [name, rs] of rebuilds) {
    record(`rebuild ${name}, ${fmt(EVENTS)} events`, median(rs.map((r) => r.wall)), readWall, 'events/s', target);
    record(`rebuild ${name} per CPU-second`, median(rs.map((r) => r.cpu)), readCpu, 'events/cpu-s', target);
    const ratios = cpuRatios.get(name) ?? [];
    process.stdout.write(
      `    rounds: wall ${spread(rs.map((r) => r.wall))}, per CPU-second ${spread(rs.map((r) => r.cpu))}; per CPU-second over the same round's raw read: median ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})\n`,
    );
  }
  const below = [...rebuilds].filter(([, rs]) => median(rs.map((r) => r.wall)) < TARGET_EVENTS_PER_S).map(([n]) => n);
  process.stdout.write(below.length === 0 ? `  every read model at or above the target\n` : `  below the target (wall): ${below.join(', ')}\n`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const out = path.join(import.meta.dirname, 'results', `readmodels-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const commit = process.env.BENCH_LABEL ?? null;
  const perRound = Object.fromEntries([...rebuilds].map(([name, rs]) => [name, rs.map((r, i) => ({ wall: r.wall, cpu: r.cpu, cpuOverRawRead: cpuRatios.get(name)?.[i], userS: r.userS, sysS: r.sysS, gcMs: r.gcMs }))]));
  const rawRounds = rawReads.map((r) => ({ wall: r.wall, cpu: r.cpu, userS: r.userS, sysS: r.sysS, gcMs: r.gcMs }));
  const tmp = { dir: os.tmpdir(), fileSystem: fileSystemOf(os.tmpdir()) };
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, events: EVENTS, rounds: ROUNDS, batch: BATCH, label: commit, cores: os.cpus().length, load: os.loadavg()[0], tmp, rows, rawRounds, perRound }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

await main();
