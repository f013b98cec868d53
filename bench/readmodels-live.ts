/**
 * The read models' LIVE apply cost, as `taizhang serve` pays it on its main thread: every
 * model is first caught up on PREFILL events of the domain log (bench/projections-domain-log.ts,
 * read back through the app's event registry as serve reads it), marked live (its query
 * indexes in place), then given the next LIVE events in small batches, one transaction each
 * (the runner's follow loop: under the command mix a batch holds the events of ~50 ms).
 * Prints, per read model, CPU µs per event of the log split into its handlers (apply),
 * its end-of-batch writes (flush) and the rest (BEGIN, checkpoint row, COMMIT: per batch).
 *
 *   node --import tsx bench/readmodels-live.ts            (PREFILL 20 000, LIVE 8 000, BATCH 40)
 *   BENCH_PREFILL=… BENCH_LIVE=… BENCH_BATCH=… BENCH_ONLY=funds,… BENCH_ROUNDS=3
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { asBatchApplier, type ProjectionDefinition } from '../src/projections/definition.ts';
import { ReadModelFile } from '../src/projections/readmodel-file.ts';
import type { SqliteDatabase } from '../src/shared/sqlite-connection.ts';
import { prefillDomainStore } from './projections-domain-log.ts';

const PREFILL = Number(process.env.BENCH_PREFILL ?? 20_000);
const LIVE = Number(process.env.BENCH_LIVE ?? 8_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_PRAGMAS='wal_autocheckpoint = 10000;…': run on each writer before its statements are prepared (experiments). */
const PRAGMAS = (process.env.BENCH_PRAGMAS ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
/** BENCH_FRAMES=1: automatic WAL checkpoints off while the live batches run, to count the pages each commit writes. */
const FRAMES = process.env.BENCH_FRAMES === '1';
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter((s) => s !== '');

interface Split {
  applyUs: number;
  flushUs: number;
  /** Wall time of the live batches (apply and flush are wall time too). */
  totalUs: number;
  cpuUs: number;
  /** WAL frames (pages) the live batches wrote: counted with automatic WAL checkpoints off. */
  frames: number;
  db?: SqliteDatabase;
}

/** The definition with its applier timed (performance.now around each call: ~0.1 µs each). */
function timed(definition: ProjectionDefinition, split: Split): ProjectionDefinition {
  return {
    ...definition,
    prepare(db) {
      split.db = db;
      for (const pragma of PRAGMAS) db.pragma(pragma);
      const inner = asBatchApplier(definition.prepare(db));
      return {
        apply(event) {
          const t0 = performance.now();
          inner.apply(event);
          split.applyUs += (performance.now() - t0) * 1000;
        },
        flush() {
          const t0 = performance.now();
          inner.flush();
          split.flushUs += (performance.now() - t0) * 1000;
        },
      };
    },
  };
}

function cpuUs(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

function runOne(definition: ProjectionDefinition, dir: string, prefill: RecordedEvent[], live: RecordedEvent[]): Split {
  const split: Split = { applyUs: 0, flushUs: 0, totalUs: 0, cpuUs: 0, frames: 0 };
  const file = path.join(dir, `${definition.name}.sqlite`);
  const writer = ReadModelFile.open(timed(definition, split), file);
  try {
    let position = 0n;
    for (let i = 0; i < prefill.length; i += 1000) position = writer.applyBatch(prefill.slice(i, i + 1000), position);
    writer.markLive();
    writer.releaseCache();
    const db = split.db!;
    const checkpointEvery = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (FRAMES) db.pragma('wal_autocheckpoint = 0');
    split.applyUs = 0;
    split.flushUs = 0;
    const batches: RecordedEvent[][] = [];
    for (let i = 0; i < live.length; i += BATCH) batches.push(live.slice(i, i + BATCH));
    const c0 = cpuUs();
    const t0 = performance.now();
    for (const batch of batches) position = writer.applyBatch(batch, position);
    split.totalUs = (performance.now() - t0) * 1000;
    split.cpuUs = cpuUs() - c0;
    if (FRAMES) {
      split.frames = (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? 0;
      db.pragma(`wal_autocheckpoint = ${checkpointEvery}`);
    }
  } finally {
    writer.close();
  }
  return split;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-readmodels-live-'));
  try {
    const logFile = path.join(dir, 'events.sqlite');
    prefillDomainStore(logFile, PREFILL + LIVE);
    const store = withRegistry(await openSqliteStore({ file: logFile, writer: 'inline' }), buildEventRegistry());
    const events = await store.readAll({ after: 0n, limit: PREFILL + LIVE });
    await store.close();
    const prefill = events.slice(0, PREFILL);
    const live = events.slice(PREFILL);
    const definitions = PROJECTIONS.filter((p) => ONLY.length === 0 || ONLY.includes(p.name));
    process.stdout.write(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${PREFILL} events caught up, then ${live.length} live in batches of ${BATCH} (${Math.ceil(live.length / BATCH)} transactions); µs per live event, the least of ${ROUNDS} rounds\n`);
    const results = new Map<string, Split[]>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const definition of definitions) {
        const round = fs.mkdtempSync(path.join(dir, 'round-'));
        const split = runOne(definition, round, prefill, live);
        fs.rmSync(round, { recursive: true, force: true });
        results.set(definition.name, [...(results.get(definition.name) ?? []), split]);
      }
    }
    // The least of the rounds: on a shared machine the other jobs only ever add time.
    const least = (xs: number[]) => Math.min(...xs);
    const per = (us: number) => (us / live.length).toFixed(2).padStart(7);
    const sum = { cpu: 0, total: 0, apply: 0, flush: 0 };
    const transactions = Math.ceil(live.length / BATCH);
    process.stdout.write(`${'read model'.padEnd(18)}    CPU    wall   apply   flush   batch (wall: BEGIN, checkpoint, COMMIT, other)${FRAMES ? '   WAL pages per transaction' : ''}\n`);
    for (const [name, splits] of results) {
      const cpu = least(splits.map((s) => s.cpuUs));
      const total = least(splits.map((s) => s.totalUs));
      const apply = least(splits.map((s) => s.applyUs));
      const flush = least(splits.map((s) => s.flushUs));
      sum.cpu += cpu;
      sum.total += total;
      sum.apply += apply;
      sum.flush += flush;
      const frames = FRAMES ? (least(splits.map((s) => s.frames)) / transactions).toFixed(1).padStart(9) : '';
      process.stdout.write(`${name.padEnd(18)} ${per(cpu)} ${per(total)} ${per(apply)} ${per(flush)} ${per(total - apply - flush)}${frames}\n`);
    }
    process.stdout.write(`${'all'.padEnd(18)} ${per(sum.cpu)} ${per(sum.total)} ${per(sum.apply)} ${per(sum.flush)} ${per(sum.total - sum.apply - sum.flush)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
