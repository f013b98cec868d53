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
 *
 * The log is written once into the temporary directory and reused by later runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import type { EventStore } from '../src/eventstore/port.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { createLogger } from '../src/logging/logger.ts';
import { REBUILD_BATCH_SIZE } from '../src/projections/catch-up.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { rebuildProjection } from '../src/projections/rebuild.ts';
import { prefillDomainStore } from './projections-domain-log.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = eventsWanted();
const ROUNDS = QUICK || EVENTS < 1_000_000 ? 3 : 1;
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

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function rate(work: () => Promise<number>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const n = await work();
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: n / wallS, cpu: n / ((cpu.user + cpu.system) / 1e6) };
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
  process.stdout.write(`readmodels (${fmt(EVENTS)} events, ${ROUNDS} round(s), batches of ${fmt(BATCH)}; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}):\n`);
  if (DOMAIN.length === 0) throw new Error(`BENCH_ONLY names no domain read model: ${ONLY.join(', ')}`);
  const raw = await openSqliteStore({ file: cachedLog(EVENTS), writer: 'inline' });
  const store = withRegistry(raw, buildEventRegistry());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-readmodels-'));
  const dataDir = path.join(dir, 'data');
  const logger = createLogger('silent');
  const rawReads: Rate[] = [];
  const registryReads: Rate[] = [];
  const rebuilds = new Map<string, Rate[]>(DOMAIN.map((p) => [p.name, []]));
  /** Events each rebuild read (its own types only). */
  const read = new Map<string, number>();
  const head = await raw.headPosition();
  if (head !== BigInt(EVENTS)) throw new Error(`the cached log has ${head} events, not ${EVENTS}`);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rawReads.push(await rate(() => readAllEvents(raw)));
      registryReads.push(await rate(() => readAllEvents(store)));
      for (const definition of DOMAIN) {
        // The rate is of the log (every event the rebuild passed, handled or not): a rebuild
        // that reads only its projection's types is faster because it skips the others.
        const r = await rate(async () => {
          const result = await rebuildProjection(definition, { store, dataDir, logger, progress: 'none', batchSize: BATCH });
          if (result.position !== head) throw new Error(`${definition.name}: rebuilt to ${result.position}, the log's head is ${head}`);
          read.set(definition.name, result.events);
          return EVENTS;
        });
        rebuilds.get(definition.name)!.push(r);
        process.stdout.write(`  round ${round + 1}: ${definition.name} ${fmt(r.wall)} events/s wall, ${fmt(r.cpu)} per CPU-second (read ${fmt(read.get(definition.name) ?? 0)} of its types)\n`);
      }
    }
  } finally {
    await raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  report(rawReads, registryReads, rebuilds);
}

function report(rawReads: Rate[], registryReads: Rate[], rebuilds: Map<string, Rate[]>): void {
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
  }
  const below = [...rebuilds].filter(([, rs]) => median(rs.map((r) => r.wall)) < TARGET_EVENTS_PER_S).map(([n]) => n);
  process.stdout.write(below.length === 0 ? `  every read model at or above the target\n` : `  below the target (wall): ${below.join(', ')}\n`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const out = path.join(import.meta.dirname, 'results', `readmodels-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const commit = process.env.BENCH_LABEL ?? null;
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, events: EVENTS, rounds: ROUNDS, batch: BATCH, label: commit, cores: os.cpus().length, load: os.loadavg()[0], rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

await main();
