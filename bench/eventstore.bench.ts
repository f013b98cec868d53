/**
 * The SQLite event store beside raw better-sqlite3 doing the same work on a file with the
 * same schema and pragmas (WAL, synchronous=FULL), in the same run. Store and raw take
 * turns, several rounds each, and the medians are compared: the machine is shared, so the
 * ratio is the figure, not the absolute rate.
 *
 *   npm run bench -- eventstore            (about two minutes)
 *   BENCH_QUICK=1 npm run bench -- eventstore
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EventToAppend } from '../src/eventstore/port.ts';
import { openSqliteStore, EVENTSTORE_MIGRATIONS_DIR, type SqliteEventStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import type { WriterMode } from '../src/eventstore/sqlite/write-executor.ts';
import { openSqlite, type SqliteDatabase } from '../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { newUuidV7 } from '../src/shared/uuidv7.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUND_MS = QUICK ? 400 : 1500;
const ROUNDS = 3;
const PREFILL = QUICK ? 100_000 : 1_000_000;
const READ_EVENTS = QUICK ? 50_000 : 200_000;
const CONCURRENT = 50;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-'));
const rows: { name: string; store: number; raw: number; unit: string; target: string; ratio?: number }[] = [];

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

/** Operations per second of `op` run back to back for ROUND_MS. */
async function rate(op: () => Promise<number> | number): Promise<number> {
  const start = performance.now();
  let done = 0;
  while (performance.now() - start < ROUND_MS) {
    const n = await op();
    done += n;
  }
  return (done * 1000) / (performance.now() - start);
}

/** Operations per second of `callers` loops running `op` concurrently for ROUND_MS. */
async function concurrentRate(callers: number, op: (caller: number) => Promise<number>): Promise<number> {
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() - start < ROUND_MS) {
        // Not `done += await op()`: that reads `done` before the await and loses the other callers' counts.
        const n = await op(caller);
        done += n;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Alternating rounds of two measurements; the medians. */
async function sideBySide(a: () => Promise<number>, b: () => Promise<number>): Promise<[number, number]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    as.push(await a());
    if (process.env.BENCH_DEBUG) process.stdout.write(`    round ${i}: a ${fmt(as.at(-1)!)}\n`);
    bs.push(await b());
  }
  return [median(as), median(bs)];
}

function record(name: string, store: number, raw: number, unit: string, target: string): void {
  rows.push({ name, store, raw, unit, target, ratio: store / raw });
  process.stdout.write(`  ${name}: ${fmt(store)} vs ${fmt(raw)} ${unit} (${(store / raw).toFixed(2)}×; target ${target})\n`);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------- the benchmarks

async function appends(store: SqliteEventStore, raw: Raw): Promise<void> {
  const storeStream = `bench-${newUuidV7()}`;
  const rawStream = `bench-${newUuidV7()}`;
  const [single, rawSingle] = await sideBySide(
    () => rate(async () => (await store.append(storeStream, [makeEvent()], 'any'), 1)),
    () => rate(() => (raw.append(rawStream, [makeEvent()]), 1)),
  );
  record('single-event durable appends, one caller', single, rawSingle, 'appends/s', '≥ 0.80 of raw');

  const streams = Array.from({ length: CONCURRENT }, () => `bench-${newUuidV7()}`);
  const before = store.groupCommitStats();
  const [grouped, rawOneRow] = await sideBySide(
    () => concurrentRate(CONCURRENT, async (c) => (await store.append(streams[c]!, [makeEvent()], 'any'), 1)),
    () => rate(() => (raw.append(rawStream, [makeEvent()]), 1)),
  );
  const after = store.groupCommitStats();
  record(`${CONCURRENT} concurrent callers (group commit) vs raw one-row transactions`, grouped, rawOneRow, 'appends/s', '≥ 3× raw');
  process.stdout.write(`    mean group: ${((after.appends - before.appends) / (after.groups - before.groups)).toFixed(1)} callers per transaction\n`);

  const batch = () => Array.from({ length: 100 }, makeEvent);
  const [batched, rawBatched] = await sideBySide(
    () => rate(async () => (await store.append(`bench-${newUuidV7()}`, batch(), 'no_stream'), 100)),
    () => rate(() => (raw.append(`bench-${newUuidV7()}`, batch()), 100)),
  );
  record('100-event batch appends', batched, rawBatched, 'events/s', '≥ 0.70 of raw');
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
  for (let i = 0; i < ROUNDS; i++) {
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

/** A store file holding `count` events in `count / 10` streams, written raw in large transactions. */
function prefill(file: string, count: number): void {
  const raw = new Raw(file);
  const started = performance.now();
  const perTransaction = 10_000;
  for (let done = 0; done < count; done += perTransaction) {
    raw.db.transaction(() => {
      const recordedAt = new Date().toISOString();
      for (let i = 0; i < perTransaction; i++) raw.insert(`fund-${(done + i) % (count / 10)}`, makeEvent(), recordedAt);
    })();
  }
  raw.db.close();
  const mib = fs.statSync(file).size / 2 ** 20;
  process.stdout.write(`  prefilled ${fmt(count)} events (${mib.toFixed(0)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function atScale(fullFile: string): Promise<void> {
  const full = await openSqliteStore({ file: fullFile });
  const empty = await openSqliteStore({ file: path.join(dir, 'empty.sqlite') });
  const batch = () => Array.from({ length: 100 }, makeEvent);
  const [fullBatched, emptyBatched] = await sideBySide(
    () => rate(async () => (await full.append(`fund-${newUuidV7()}`, batch(), 'no_stream'), 100)),
    () => rate(async () => (await empty.append(`fund-${newUuidV7()}`, batch(), 'no_stream'), 100)),
  );
  rows.push({ name: `100-event batches with ${fmt(PREFILL)} events stored vs empty`, store: fullBatched, raw: emptyBatched, unit: 'events/s', target: '≥ 0.80 of empty', ratio: fullBatched / emptyBatched });
  process.stdout.write(`  100-event batches, ${fmt(PREFILL)} stored vs empty: ${fmt(fullBatched)} vs ${fmt(emptyBatched)} events/s (${(fullBatched / emptyBatched).toFixed(2)}×; target ≥ 0.80)\n`);
  const [fullSingle, emptySingle] = await sideBySide(
    () => rate(async () => (await full.append(`fund-${newUuidV7()}`, [makeEvent()], 'no_stream'), 1)),
    () => rate(async () => (await empty.append(`fund-${newUuidV7()}`, [makeEvent()], 'no_stream'), 1)),
  );
  rows.push({ name: `single appends with ${fmt(PREFILL)} events stored vs empty`, store: fullSingle, raw: emptySingle, unit: 'appends/s', target: '≥ 0.80 of empty', ratio: fullSingle / emptySingle });
  process.stdout.write(`  single appends, ${fmt(PREFILL)} stored vs empty: ${fmt(fullSingle)} vs ${fmt(emptySingle)} appends/s (${(fullSingle / emptySingle).toFixed(2)}×; target ≥ 0.80)\n`);
  await full.close();
  await empty.close();
}

/**
 * Where the commit runs: a writer thread versus the event loop itself, for one caller, and
 * for 50 callers that each spend `workMs` of CPU per command (decide, HTTP, JSON) as a
 * server's callers do: only the thread lets that work overlap the fsync.
 */
async function writerPlacement(workMs: number): Promise<void> {
  const open = (writer: WriterMode) => openSqliteStore({ file: path.join(dir, `placement-${writer}.sqlite`), writer });
  const thread = await open('thread');
  const inline = await open('inline');
  const busy = () => {
    const until = performance.now() + workMs;
    while (performance.now() < until);
  };
  const one = (s: SqliteEventStore) => () => rate(async () => (await s.append('bench-one', [makeEvent()], 'any'), 1));
  const [t1, i1] = await sideBySide(one(thread), one(inline));
  process.stdout.write(`  one caller: thread ${fmt(t1)} vs inline ${fmt(i1)} appends/s (${(t1 / i1).toFixed(2)}×)\n`);
  const many = (s: SqliteEventStore) => () =>
    concurrentRate(CONCURRENT, async (c) => {
      busy();
      await s.append(`bench-c${c}`, [makeEvent()], 'any');
      return 1;
    });
  const [tn, iN] = await sideBySide(many(thread), many(inline));
  process.stdout.write(`  ${CONCURRENT} callers with ${workMs} ms CPU each: thread ${fmt(tn)} vs inline ${fmt(iN)} appends/s (${(tn / iN).toFixed(2)}×)\n`);
  const [tStall, iStall] = [await loopStall(thread), await loopStall(inline)];
  process.stdout.write(`  event-loop delay while ${CONCURRENT} callers append: thread p99 ${tStall.p99.toFixed(2)} ms, max ${tStall.max.toFixed(1)} ms; inline p99 ${iStall.p99.toFixed(2)} ms, max ${iStall.max.toFixed(1)} ms\n`);
  rows.push({ name: 'writer thread vs inline, one caller', store: t1, raw: i1, unit: 'appends/s', target: 'reported', ratio: t1 / i1 });
  rows.push({ name: `writer thread vs inline, ${CONCURRENT} callers with ${workMs} ms CPU`, store: tn, raw: iN, unit: 'appends/s', target: 'reported', ratio: tn / iN });
  rows.push({ name: 'event-loop delay p99 (ms), thread vs inline', store: tStall.p99, raw: iStall.p99, unit: 'ms', target: 'reported' });
  await thread.close();
  await inline.close();
}

/** Event-loop delay (perf_hooks histogram, 1 ms resolution) while 50 callers append without pause. */
async function loopStall(store: SqliteEventStore): Promise<{ p99: number; max: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await concurrentRate(CONCURRENT, async (c) => (await store.append(`bench-s${c}`, [makeEvent()], 'any'), 1));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
}

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  process.stdout.write(`eventstore bench: ${QUICK ? 'quick' : 'full'} mode, ${os.cpus().length} cores, node ${process.version}, load ${load()}, files in ${dir}\n`);
  const store = await openSqliteStore({ file: path.join(dir, 'store.sqlite') });
  const raw = new Raw(path.join(dir, 'raw.sqlite'));
  process.stdout.write('appends (store vs raw):\n');
  await appends(store, raw);
  await store.close();
  raw.db.close();
  process.stdout.write(`scale (${fmt(PREFILL)} events):\n`);
  const full = path.join(dir, 'full.sqlite');
  prefill(full, PREFILL);
  await atScale(full);
  process.stdout.write('reads (store vs raw statements + JSON.parse):\n');
  await reads(full);
  process.stdout.write('writer placement:\n');
  await writerPlacement(0.2);
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
