/**
 * Rebuild rate of the projections that accept any event (event-stats) beside raw readAll of the same events,
 * in the same run: the ratio is the figure (the machine is shared; absolute rates move
 * with its load). Rates per second of wall time and per second of this process's CPU.
 *
 * A rebuild is `taizhang rebuild NAME`'s code path: pages of 1000 events read with
 * readAll and applied in one transaction each with the checkpoint, into a new file,
 * then renamed into place. Read and rebuild take turns, ROUNDS times; medians reported.
 *
 *   npm run bench -- projections                       (1 M events; a few minutes)
 *   BENCH_QUICK=1 npm run bench -- projections         (100 k events)
 *   node --import tsx bench/projections.bench.ts       (standalone, same thing)
 *   BENCH_EVENTS_FILE=data/events.sqlite …             (an existing embedded store, read only)
 *
 * The synthetic log is written once into the temporary directory and reused by later runs.
 *
 * The synthetic log has domain-shaped events of 16 types in 5 categories with made-up data
 * the domain read models refuse (an approval of an application never submitted), so only
 * the projections handling every type as opaque are measured here; the domain read
 * models are measured on a valid domain log in readmodels.bench.ts. The events are
 * read from the store as written (no event registry): `serve` reads through the registry,
 * whose zod validation on every read is a cost of its own, measured on one line below.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { openSqliteStore, EVENTSTORE_MIGRATIONS_DIR, type SqliteEventStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import type { EventStore } from '../src/eventstore/port.ts';
import { EventRegistry } from '../src/eventstore/registry.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { createLogger } from '../src/logging/logger.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { rebuildProjection } from '../src/projections/rebuild.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { syntheticAppends } from '../test/projections/fixtures/synthetic-events.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const EVENTS = QUICK ? 100_000 : 1_000_000;
const ROUNDS = QUICK ? 3 : 2;
const PAGE = 1000;
const TARGET_EVENTS_PER_S = 50_000;
/** Bump when syntheticAppends or prefill changes what the cached log holds. */
const LOG_FORMAT = 1;

/** Projections that take any event's data as opaque: the only ones the synthetic log is valid for. */
const MEASURED = PROJECTIONS.filter((p) => p.eventTypes === '*');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-projections-'));
const logger = createLogger('silent');

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
const rows: Row[] = [];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function record(name: string, value: number, baseline: number, unit: string, target: string): void {
  rows.push({ name, value, baseline, unit, target, ratio: value / baseline });
  process.stdout.write(`  ${name}: ${fmt(value)} vs readAll ${fmt(baseline)} ${unit} (${(value / baseline).toFixed(2)}×; target ${target})\n`);
}

async function rate(work: () => Promise<number>): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const n = await work();
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: n / wallS, cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

/** Set-up, not measured: the synthetic log written straight into a store file, without journal or fsync. */
function prefill(file: string, count: number): void {
  const started = performance.now();
  const db = new Database(file);
  applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Map<string, number>();
  let position = 0;
  const write = db.transaction((batch: ReturnType<typeof syntheticAppends> extends Generator<infer A> ? A[] : never) => {
    for (const { stream, events } of batch) {
      for (const e of events) {
        const revision = (revisions.get(stream) ?? -1) + 1;
        revisions.set(stream, revision);
        position += 1;
        const recordedAt = new Date(Date.UTC(2026, 0, 5) + position * 3).toISOString();
        insert.run(stream, revision, e.id, e.type, e.schemaVersion, recordedAt, JSON.stringify(e.data), JSON.stringify(e.metadata));
      }
    }
  });
  let batch = [];
  for (const append of syntheticAppends(count, 7)) {
    batch.push(append);
    if (batch.length === 10_000) {
      write(batch);
      batch = [];
    }
  }
  write(batch);
  db.pragma('journal_mode = WAL');
  db.close();
  process.stdout.write(`  prefilled ${fmt(count)} events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * The synthetic log is the same on every run, so it is written once and kept in the
 * temporary directory (the name says which generator made it); runs after the first skip
 * the set-up.
 */
function cachedLog(count: number): string {
  const file = path.join(os.tmpdir(), `taizhang-bench-projections-log-v${LOG_FORMAT}-${count}.sqlite`);
  if (fs.existsSync(file)) {
    process.stdout.write(`  reusing the synthetic log in ${file}\n`);
    return file;
  }
  const building = `${file}.${process.pid}.tmp`;
  prefill(building, count);
  fs.renameSync(building, file);
  return file;
}

async function readAllEvents(store: EventStore): Promise<number> {
  let after = 0n;
  let n = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE });
    n += page.length;
    if (page.length < PAGE) return n;
    after = page.at(-1)!.position;
  }
}

/** A registry accepting the synthetic log's types, so the read path is the one `serve` uses. */
function syntheticRegistry(store: EventStore, types: readonly string[]): EventStore {
  const data = z.object({ ref: z.string(), amountFen: z.number().int().nonnegative(), regionCode: z.string().regex(/^\d{6}$/), note: z.string() });
  const registry = new EventRegistry();
  for (const type of types) registry.register(type, 1, data);
  return withRegistry(store, registry);
}

async function main(): Promise<void> {
  process.stdout.write(`projections (${QUICK ? 'quick' : 'full'}; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}):\n`);
  const given = process.env.BENCH_EVENTS_FILE;
  const file = given ?? cachedLog(EVENTS);
  const store: SqliteEventStore = await openSqliteStore({ file, writer: 'inline' });
  const count = Number(await store.headPosition());
  const dataDir = path.join(dir, 'data');
  const reads: Rate[] = [];
  const rebuilds = new Map<string, Rate[]>(MEASURED.map((p) => [p.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    reads.push(await rate(() => readAllEvents(store)));
    for (const definition of MEASURED) {
      const r = await rate(async () => (await rebuildProjection(definition, { store, dataDir, logger, progress: 'none', batchSize: PAGE })).events);
      rebuilds.get(definition.name)!.push(r);
    }
    process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
  }
  const readWall = median(reads.map((r) => r.wall));
  const readCpu = median(reads.map((r) => r.cpu));
  const target = `≥ ${fmt(TARGET_EVENTS_PER_S)} events/s`;
  for (const [name, rs] of rebuilds) {
    record(`rebuild ${name}, ${fmt(count)} events`, median(rs.map((r) => r.wall)), readWall, 'events/s', target);
    record(`rebuild ${name} per CPU-second`, median(rs.map((r) => r.cpu)), readCpu, 'events/cpu-s', target);
  }
  if (given === undefined) {
    const types = [...new Set((await store.readAll({ limit: 10_000 })).map((e) => e.type))];
    const validating = syntheticRegistry(store, types);
    const first = MEASURED[0]!;
    const r = await rate(async () => (await rebuildProjection(first, { store: validating, dataDir, logger, progress: 'none', batchSize: PAGE })).events);
    record(`rebuild ${first.name} reading through an event registry (zod on every read), once`, r.wall, readWall, 'events/s', 'reported');
  }
  await store.close();
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const out = path.join(import.meta.dirname, 'results', `projections-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, events: count, cores: os.cpus().length, rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

try {
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
