/**
 * The SQLite event store beside raw better-sqlite3 doing the same work on a file with the
 * same schema and pragmas (WAL, synchronous=FULL), in the same run. Store and raw take
 * turns, several rounds each, and the medians are compared: the machine is shared, so the
 * ratio is the figure, not the absolute rate.
 *
 *   npm run bench -- eventstore            (about two minutes on an idle machine)
 *   BENCH_QUICK=1 npm run bench -- eventstore
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EventToAppend } from '../src/eventstore/port.ts';
import { openSqliteStore, EVENTSTORE_MIGRATIONS_DIR, type SqliteEventStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import type { WriterMode } from '../src/eventstore/sqlite/write-executor.ts';
import { openSqlite, type SqliteDatabase } from '../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { createUuidV7Generator, newUuidV7 } from '../src/shared/uuidv7.ts';

const QUICK = process.env.BENCH_QUICK === '1';
/** Wall time of one comparison (both sides together). */
const COMPARE_MS = QUICK ? 3_000 : 10_000;
const SLICE_MS = 100;
const READ_ROUNDS = 3;
const PREFILL = QUICK ? 100_000 : 1_000_000;
const READ_EVENTS = QUICK ? 50_000 : 100_000;
const CONCURRENT = 50;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-'));
const rows: { name: string; value: number; baseline: number; unit: string; target: string; ratio?: number }[] = [];

// ---------------------------------------------------------------- work items

let sequence = 0;
function makeEvent(): EventToAppend {
  sequence += 1;
  return {
    id: newUuidV7(),
    type: 'SubsidyPaid',
    schemaVersion: 1,
    data: { applicationId: `app-${sequence}`, fundId: 'fund-2025-jx-01', amountFen: 150_000 + (sequence % 997), paidOn: '2025-03-14', note: '职业培训补贴' },
    metadata: {
      actor: { id: 'officer-0042', role: 'finance' },
      correlationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
      causationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
      requestId: `req-${sequence}`,
      occurredAt: '2025-03-14T09:30:00+08:00',
    },
  };
}

/** Raw better-sqlite3: the store's schema, the store's INSERT, no checks, no idempotency, no threads. */
class Raw {
  readonly db: SqliteDatabase;
  readonly #insert;
  readonly #revisions = new Map<string, number>();

  constructor(file: string) {
    this.db = openSqlite(file);
    applyMigrations(this.db, EVENTSTORE_MIGRATIONS_DIR);
    this.#insert = this.db.prepare(
      'INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  insert(stream: string, e: EventToAppend, recordedAt: string): void {
    const revision = (this.#revisions.get(stream) ?? -1) + 1;
    this.#revisions.set(stream, revision);
    this.#insert.run(stream, revision, e.id, e.type, e.schemaVersion, recordedAt, JSON.stringify(e.data), JSON.stringify(e.metadata));
  }

  /** One transaction (one fsync) for the events. */
  readonly append = (stream: string, events: readonly EventToAppend[]) =>
    this.db.transaction(() => {
      const recordedAt = new Date().toISOString();
      for (const e of events) this.insert(stream, e, recordedAt);
    })();
}

// ---------------------------------------------------------------- measuring
//
// The machine is shared: fsync latency and CPU swing by several times within seconds.
// So the two sides of a comparison never run minutes apart: sequential work alternates
// operation by operation, concurrent work in slices of SLICE_MS, and each side's rate is
// its operations over the time spent in them.

/** The operations in turn, one each, over and over for `ms`: their rates in operations/s. */
async function alternateOps(ops: (() => Promise<number> | number)[], ms = COMPARE_MS): Promise<number[]> {
  const spent = ops.map(() => 0);
  const done = ops.map(() => 0);
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const [i, op] of ops.entries()) {
      const t0 = performance.now();
      const n = await op();
      spent[i]! += performance.now() - t0;
      done[i]! += n;
    }
  }
  return done.map((n, i) => (n * 1000) / spent[i]!);
}

/** `callers` loops running `op` concurrently until `ms` has passed: operations and elapsed ms. */
async function concurrentSlice(callers: number, ms: number, op: (caller: number) => Promise<number>): Promise<[number, number]> {
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() - start < ms) {
        // Not `done += await op()`: that reads `done` before the await and loses the other callers' counts.
        const n = await op(caller);
        done += n;
      }
    }),
  );
  return [done, performance.now() - start];
}

/** A run of one-caller operations lasting about `ms`, as a slice. */
async function sequentialSlice(ms: number, op: () => Promise<number> | number): Promise<[number, number]> {
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < ms) {
    const n = await op();
    done += n;
  }
  return [done, performance.now() - start];
}

/** Slices taking turns for `ms` in all: their rates in operations/s. */
async function alternateSlices(slices: (() => Promise<[number, number]>)[], ms = COMPARE_MS): Promise<number[]> {
  const spent = slices.map(() => 0);
  const done = slices.map(() => 0);
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const [i, slice] of slices.entries()) {
      const [n, elapsed] = await slice();
      spent[i]! += elapsed;
      done[i]! += n;
    }
  }
  return done.map((n, i) => (n * 1000) / spent[i]!);
}

/** A slice that also adds its process CPU (all threads: the writer's too) to `cpuUs[i]`, for a CPU cost per operation beside the wall rate. */
function cpuCounted(slice: () => Promise<[number, number]>, cpuUs: number[], ops: number[], i: number): () => Promise<[number, number]> {
  return async () => {
    const cpu0 = process.cpuUsage();
    const result = await slice();
    const cpu = process.cpuUsage(cpu0);
    cpuUs[i]! += cpu.user + cpu.system;
    ops[i]! += result[0];
    return result;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function record(name: string, value: number, baseline: number, unit: string, target: string): void {
  rows.push({ name, value, baseline, unit, target, ratio: value / baseline });
  process.stdout.write(`  ${name}: ${fmt(value)} vs ${fmt(baseline)} ${unit} (${(value / baseline).toFixed(2)}×; target ${target})\n`);
}

const fmt = (n: number) => (n < 100 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US'));

// ---------------------------------------------------------------- the benchmarks

interface Contenders {
  /** The store as configured by default: commits on the writer thread. */
  thread: SqliteEventStore;
  /** The store committing on the event loop. */
  inline: SqliteEventStore;
  raw: Raw;
}

async function appends({ thread, inline, raw }: Contenders): Promise<void> {
  const one = (s: SqliteEventStore, stream: string) => async () => (await s.append(stream, [makeEvent()], 'any'), 1);
  const rawOne = (stream: string) => () => (raw.append(stream, [makeEvent()]), 1);
  const [t1, i1, r1] = await alternateOps([one(thread, 'bench-t'), one(inline, 'bench-i'), rawOne('bench-r')]);
  record('single-event durable appends, one caller', t1!, r1!, 'appends/s', '≥ 0.80 of raw');
  record('  the same, inline writer', i1!, r1!, 'appends/s', 'reported');

  const many = (s: SqliteEventStore, prefix: string) => () =>
    concurrentSlice(CONCURRENT, SLICE_MS, async (c) => (await s.append(`${prefix}${c}`, [makeEvent()], 'any'), 1));
  const before = thread.groupCommitStats();
  const cpuUs = [0, 0, 0];
  const ops = [0, 0, 0];
  const [tn, iN, rn] = await alternateSlices(
    [many(thread, 'bench-tc'), many(inline, 'bench-ic'), () => sequentialSlice(SLICE_MS, rawOne('bench-r'))].map((slice, i) => cpuCounted(slice, cpuUs, ops, i)),
  );
  const after = thread.groupCommitStats();
  record(`${CONCURRENT} concurrent callers (group commit) vs raw one-row transactions`, tn!, rn!, 'appends/s', '≥ 3× raw');
  record('  the same, inline writer', iN!, rn!, 'appends/s', 'reported');
  process.stdout.write(`    mean group: ${((after.appends - before.appends) / (after.groups - before.groups)).toFixed(1)} callers per transaction\n`);
  // CPU per append holds up on a shared machine where the wall rates above swing with fsync latency.
  const perAppend = cpuUs.map((us, i) => us / ops[i]!);
  process.stdout.write(`    process CPU per append (all threads): thread ${perAppend[0]!.toFixed(1)} µs, inline ${perAppend[1]!.toFixed(1)} µs, raw one-row transactions ${perAppend[2]!.toFixed(1)} µs\n`);

  const batch = () => Array.from({ length: 100 }, makeEvent);
  const hundred = (s: SqliteEventStore) => async () => (await s.append(`bench-${newUuidV7()}`, batch(), 'no_stream'), 100);
  const [tb, ib, rb] = await alternateOps([hundred(thread), hundred(inline), () => (raw.append(`bench-${newUuidV7()}`, batch()), 100)]);
  record('100-event batch appends', tb!, rb!, 'events/s', '≥ 0.70 of raw');
  record('  the same, inline writer', ib!, rb!, 'events/s', 'reported');
}

/** Events per second of wall time, and per second of this process's CPU time (what a machine not shared would see). */
async function readRate(read: () => Promise<number>): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const n = await read();
  const wallS = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: n / wallS, cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

async function reads(file: string): Promise<void> {
  const store = await openSqliteStore({ file });
  const raw = openSqlite(file, { queryOnly: true });
  const page = raw
    .prepare(`SELECT position, stream, revision, id, type, schema_version, recorded_at, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 1000`)
    .raw(true);
  const rawRead = async () => {
    let after = 0;
    let n = 0;
    while (n < READ_EVENTS) {
      const got = page.all(after) as unknown[][];
      for (const r of got) {
        JSON.parse(r[7] as string);
        JSON.parse(r[8] as string);
      }
      n += got.length;
      after = got.at(-1)![0] as number;
    }
    return n;
  };
  const storeRead = async () => {
    let after = 0n;
    let n = 0;
    while (n < READ_EVENTS) {
      const got = await store.readAll({ after, limit: 1000 });
      n += got.length;
      after = got.at(-1)!.position;
    }
    return n;
  };
  const catchUp = async () => {
    let n = 0;
    const subscription = store.subscribeAll();
    for await (const _ of subscription) if (++n === READ_EVENTS) break;
    return n;
  };
  const results: Record<'store' | 'raw' | 'subscription', { wall: number; cpu: number }[]> = { store: [], raw: [], subscription: [] };
  for (let i = 0; i < READ_ROUNDS; i++) {
    results.store.push(await readRate(storeRead));
    results.raw.push(await readRate(rawRead));
    results.subscription.push(await readRate(catchUp));
  }
  const med = (k: keyof typeof results, f: 'wall' | 'cpu') => median(results[k].map((r) => r[f]));
  record('readAll, pages of 1000', med('store', 'wall'), med('raw', 'wall'), 'events/s', '≥ 300 000 events/s');
  record('readAll per CPU-second', med('store', 'cpu'), med('raw', 'cpu'), 'events/cpu-s', '≥ 300 000 events/s');
  record('subscription catch-up', med('subscription', 'wall'), med('raw', 'wall'), 'events/s', 'reported');
  record('subscription catch-up per CPU-second', med('subscription', 'cpu'), med('raw', 'cpu'), 'events/cpu-s', 'reported');
  raw.close();
  await store.close();
}

/**
 * A store file holding `count` events in `count / 10` streams. Set-up, not measured: written
 * without journal or fsync, indexes built last, ids from a fast (non-cryptographic) random source.
 */
function prefill(file: string, count: number): void {
  const started = performance.now();
  const db = new Database(file);
  applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // The indexes are built after the rows (a sort, not a million random inserts), from the migration's own SQL.
  const indexes = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, schema_version, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let x = 0x9e3779b9;
  const fastId = createUuidV7Generator({
    nowMs: () => Date.now(),
    randomBytes: (n) => Uint8Array.from({ length: n }, () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x & 0xff)),
  });
  const sample = makeEvent();
  const metadata = JSON.stringify(sample.metadata);
  const streams = count / 10;
  const recordedAt = new Date().toISOString();
  const perTransaction = 50_000;
  for (let done = 0; done < count; done += perTransaction) {
    db.transaction(() => {
      for (let i = done; i < done + perTransaction; i++) {
        const data = `{"applicationId":"app-${i}","fundId":"fund-2025-jx-01","amountFen":${150_000 + (i % 997)},"paidOn":"2025-03-14","note":"职业培训补贴"}`;
        insert.run(`fund-${i % streams}`, Math.floor(i / streams), fastId(), 'SubsidyPaid', 1, recordedAt, data, metadata);
      }
    })();
  }
  for (const index of indexes) db.exec(index.sql);
  db.close();
  const mib = fs.statSync(file).size / 2 ** 20;
  process.stdout.write(`  prefilled ${fmt(count)} events (${mib.toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function atScale(fullFile: string): Promise<void> {
  const full = await openSqliteStore({ file: fullFile });
  const empty = await openSqliteStore({ file: path.join(dir, 'empty.sqlite') });
  const hundred = (s: SqliteEventStore) => async () => (await s.append(`fund-${newUuidV7()}`, Array.from({ length: 100 }, makeEvent), 'no_stream'), 100);
  const [fb, eb] = await alternateOps([hundred(full), hundred(empty)]);
  record(`100-event batches, ${fmt(PREFILL)} events stored vs empty`, fb!, eb!, 'events/s', '≥ 0.80 of empty');
  const one = (s: SqliteEventStore) => async () => (await s.append(`fund-${newUuidV7()}`, [makeEvent()], 'no_stream'), 1);
  const [f1, e1] = await alternateOps([one(full), one(empty)]);
  record(`single appends, ${fmt(PREFILL)} events stored vs empty`, f1!, e1!, 'appends/s', '≥ 0.80 of empty');
  await full.close();
  await empty.close();
}

/**
 * Where the commit runs. A server's event loop also parses requests, answers queries and
 * feeds projections; with the commit inline, all of that waits out every fsync. Here a
 * reader (one readStream per turn of the loop, as queries arriving between commands
 * would) runs beside 50 appending callers, and the event loop's delay is sampled.
 */
async function writerPlacement({ thread, inline }: Contenders): Promise<void> {
  const mixed = (s: SqliteEventStore, prefix: string) => async (): Promise<[number, number]> => {
    let reads = 0;
    let appending = true;
    const reader = (async () => {
      while (appending) {
        await new Promise((r) => setImmediate(r));
        await s.readStream(`${prefix}0`, { direction: 'backwards', limit: 10 });
        reads += 1;
      }
    })();
    const [appends, elapsed] = await concurrentSlice(CONCURRENT, SLICE_MS, async (c) => (await s.append(`${prefix}${c}`, [makeEvent()], 'any'), 1));
    appending = false;
    await reader;
    mixedReads.set(s, (mixedReads.get(s) ?? 0) + reads);
    return [appends, elapsed];
  };
  const mixedReads = new Map<SqliteEventStore, number>();
  const start = performance.now();
  const [ta, ia] = await alternateSlices([mixed(thread, 'bench-mt'), mixed(inline, 'bench-mi')]);
  const seconds = (performance.now() - start) / 2000;
  record(`${CONCURRENT} appending callers beside a reader: appends, thread vs inline`, ta!, ia!, 'appends/s', 'reported');
  record('  reads served meanwhile, thread vs inline', mixedReads.get(thread)! / seconds, mixedReads.get(inline)! / seconds, 'reads/s', 'reported');
  const tStall = await loopStall(thread);
  const iStall = await loopStall(inline);
  record('event-loop delay p99 while 50 callers append, thread vs inline', tStall.p99, iStall.p99, 'ms', 'reported');
  record('event-loop delay max, thread vs inline', tStall.max, iStall.max, 'ms', 'reported');
}

/** Event-loop delay (perf_hooks histogram, 1 ms resolution) while 50 callers append without pause. */
async function loopStall(store: SqliteEventStore): Promise<{ p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await concurrentSlice(CONCURRENT, COMPARE_MS / 4, async (c) => (await store.append(`bench-s${c}`, [makeEvent()], 'any'), 1));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`eventstore bench: ${QUICK ? 'quick' : 'full'} mode, ${os.cpus().length} cores, node ${process.version}, load ${load()}, files in ${dir}\n`);
  const contenders: Contenders = {
    thread: await openSqliteStore({ file: path.join(dir, 'thread.sqlite') }),
    inline: await openSqliteStore({ file: path.join(dir, 'inline.sqlite'), writer: 'inline' }),
    raw: new Raw(path.join(dir, 'raw.sqlite')),
  };
  process.stdout.write('appends (store vs raw better-sqlite3):\n');
  await appends(contenders);
  process.stdout.write('writer placement:\n');
  await writerPlacement(contenders);
  await contenders.thread.close();
  await contenders.inline.close();
  contenders.raw.db.close();
  process.stdout.write(`scale (${fmt(PREFILL)} events):\n`);
  const full = path.join(dir, 'full.sqlite');
  prefill(full, PREFILL);
  await atScale(full);
  process.stdout.write('reads (store vs raw statements + JSON.parse):\n');
  await reads(full);
  process.stdout.write(`load at the end: ${load()}\n`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  const out = path.join(import.meta.dirname, 'results', `eventstore-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, cores: os.cpus().length, rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

try {
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
