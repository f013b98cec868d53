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
 * - the log is read once, untimed, before anything is measured (page cache, JIT);
 * - every rebuild writes into a fresh data folder, deleted right after it, and the heap is
 *   collected before every measurement: no rebuild inherits another's files or garbage;
 * - three rounds by default, each reading the raw log again, and each rebuild's rate per
 *   CPU-second is also given as a ratio to that round's raw read (the figure that survives
 *   a shared machine), with the median and the spread (min–max) of the rounds;
 * - it prints the temporary folder's file system (tmpfs or a disk), whether the log has a
 *   WAL beside it, and each rebuild's user/system CPU, GC time and file size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import type { Logger } from 'pino';
import type { EventStore } from '../src/eventstore/port.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { createLogger } from '../src/logging/logger.ts';
import { REBUILD_BATCH_SIZE } from '../src/projections/catch-up.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import type { ProjectionDefinition } from '../src/projections/definition.ts';
import { rebuildProjection } from '../src/projections/rebuild.ts';
import { prefillDomainStore } from './projections-domain-log.ts';

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

interface Rate {
  wall: number;
  cpu: number;
  userS: number;
  sysS: number;
  gcMs: number;
}

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

// A full collection before each measurement, so none pays for garbage another left behind.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function rate(work: () => Promise<number>): Promise<Rate> {
  collectGarbage();
  gcMs = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const n = await work();
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // GC entries are delivered asynchronously: let the observer see this run's.
  await new Promise((resolve) => setImmediate(resolve));
  return { wall: n / wallS, cpu: n / ((cpu.user + cpu.system) / 1e6), userS: cpu.user / 1e6, sysS: cpu.system / 1e6, gcMs };
}

const cpuSplit = (r: Rate) => `user ${r.userS.toFixed(1)} s, sys ${r.sysS.toFixed(1)} s, GC pauses ${fmt(r.gcMs)} ms wall`;

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

async function readAllEvents(store: EventStore): Promise<number> {
  let after = 0n;
  let n = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: BATCH });
    n += page.length;
    if (page.length < BATCH) return n;
    after = page.at(-1)!.position;
  }
}

async function main(): Promise<void> {
  process.stdout.write(`readmodels (${fmt(EVENTS)} events, ${ROUNDS} round(s), batches of ${fmt(BATCH)}; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}; node ${process.version}):\n`);
  if (DOMAIN.length === 0) throw new Error(`BENCH_ONLY names no domain read model: ${ONLY.join(', ')}`);
  const logFile = cachedLog(EVENTS);
  process.stdout.write(`  temporary folder ${os.tmpdir()} on ${fileSystemOf(os.tmpdir())}; the log: ${fmt(fs.statSync(logFile).size)} bytes, ${walBeside(logFile)}\n`);
  const raw = await openSqliteStore({ file: logFile, writer: 'inline' });
  const store = withRegistry(raw, buildEventRegistry());
  const logger = createLogger('silent');
  const rawReads: Rate[] = [];
  const registryReads: Rate[] = [];
  const rebuilds = new Map<string, Rate[]>(DOMAIN.map((p) => [p.name, []]));
  /** Each rebuild's rate per CPU-second over the raw read's of the same round. */
  const cpuRatios = new Map<string, number[]>(DOMAIN.map((p) => [p.name, []]));
  /** Events each rebuild read (its own types only). */
  const read = new Map<string, number>();
  try {
    const head = await raw.headPosition();
    if (head !== BigInt(EVENTS)) throw new Error(`the cached log has ${head} events, not ${EVENTS}`);
    const warm = await rate(() => readAllEvents(raw));
    process.stdout.write(`  warm-up read of the log (untimed in the results): ${fmt(warm.wall)} events/s wall, ${fmt(warm.cpu)} per CPU-second; order: ${DOMAIN.map((d) => d.name).join(', ')}\n`);
    for (let round = 0; round < ROUNDS; round++) {
      const rawRead = await rate(() => readAllEvents(raw));
      rawReads.push(rawRead);
      registryReads.push(await rate(() => readAllEvents(store)));
      process.stdout.write(`  round ${round + 1}: raw readAll ${fmt(rawRead.wall)} events/s wall, ${fmt(rawRead.cpu)} per CPU-second (${cpuSplit(rawRead)}); load ${os.loadavg()[0]!.toFixed(1)}\n`);
      for (const definition of DOMAIN) {
        const r = await rebuildOnce(definition, store, logger, head, read);
        rebuilds.get(definition.name)!.push(r);
        cpuRatios.get(definition.name)!.push(r.cpu / rawRead.cpu);
        process.stdout.write(
          `  round ${round + 1}: ${definition.name} ${fmt(r.wall)} events/s wall, ${fmt(r.cpu)} per CPU-second = ${(r.cpu / rawRead.cpu).toFixed(2)}× the raw read (${cpuSplit(r)}; read ${fmt(read.get(definition.name) ?? 0)} of its types, file ${fmt(r.fileBytes / 1e6)} MB)\n`,
        );
      }
    }
  } finally {
    await raw.close();
  }
  report(rawReads, registryReads, rebuilds, cpuRatios);
}

/**
 * One rebuild as `taizhang rebuild` does it, into a fresh data folder deleted afterwards. The
 * rate is of the log (every event the rebuild passed, handled or not): a rebuild that reads
 * only its projection's types is faster because it skips the others.
 */
async function rebuildOnce(definition: ProjectionDefinition, store: EventStore, logger: Logger, head: bigint, read: Map<string, number>): Promise<Rate & { fileBytes: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-readmodels-'));
  try {
    let file = '';
    const r = await rate(async () => {
      const result = await rebuildProjection(definition, { store, dataDir: path.join(dir, 'data'), logger, progress: 'none', batchSize: BATCH });
      if (result.position !== head) throw new Error(`${definition.name}: rebuilt to ${result.position}, the log's head is ${head}`);
      read.set(definition.name, result.events);
      file = result.file;
      return EVENTS;
    });
    return { ...r, fileBytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
