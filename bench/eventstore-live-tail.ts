/**
 * The live tail's price and gain on the main thread: appends in groups of concurrent callers
 * while two live subscriptions follow them, as `taizhang serve` follows its store (the read
 * models' subscribeAll and the Merkle log's subscribeAllLeafHashes), with the tail on and off
 * (tailLimits.eventsMax 0: every page read back from SQLite), alternating, in one process.
 * Main-thread CPU from /proc (bench/http-thread-cpu.ts), so the writer thread is left out.
 *
 *   node --import tsx bench/eventstore-live-tail.ts    (BENCH_QUICK=1: fewer groups and rounds)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventToAppend } from '../src/eventstore/port.ts';
import { openSqliteStore, type SqliteEventStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { newUuidV7 } from '../src/shared/uuidv7.ts';
import { threadCpuNs, threadSplit } from './http-thread-cpu.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const GROUPS = QUICK ? 300 : 1500;
const CALLERS = 4;
const ROUNDS = QUICK ? 2 : 4;

function event(i: number): EventToAppend {
  return {
    id: newUuidV7(),
    type: 'TraineeRegistered',
    schemaVersion: 1,
    data: { personRef: `p-${i}-${'x'.repeat(40)}`, serial: `SN${i}`, classId: `class-${i % 97}`, fundId: 'fund-360100', note: '培训补贴申请' },
    metadata: {
      actor: { id: 'officer-0042', role: 'clerk' },
      correlationId: newUuidV7(),
      causationId: newUuidV7(),
      requestId: `req-${i}`,
      occurredAt: '2026-11-26T09:30:00+08:00',
    },
  };
}

/** Reads `subscription` until it has handed out `count` events. */
async function follow(subscription: AsyncIterable<unknown>, count: number): Promise<void> {
  let seen = 0;
  for await (const _ of subscription) if (++seen === count) break;
}

async function round(tail: boolean): Promise<{ mainMsPer1000: number; stats: ReturnType<SqliteEventStore['liveTailStats']> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-tail-'));
  const store = await openSqliteStore({ file: path.join(dir, 'events.sqlite'), ...(tail ? {} : { tailLimits: { eventsMax: 0, bytesMax: 0 } }) });
  try {
    await store.append(`trainee-${newUuidV7()}`, [event(0)], 'no_stream');
    const total = 1 + GROUPS * CALLERS;
    const followers = Promise.all([follow(store.subscribeAll(), total), follow(store.subscribeAllLeafHashes(), total)]);
    const before = threadCpuNs();
    for (let g = 0; g < GROUPS; g++) {
      await Promise.all(Array.from({ length: CALLERS }, (_, c) => store.append(`trainee-${newUuidV7()}`, [event(g * CALLERS + c)], 'no_stream')));
    }
    await followers;
    const split = threadSplit(before, threadCpuNs());
    if (split === undefined) throw new Error('per-thread CPU needs Linux /proc');
    return { mainMsPer1000: (split.mainMs / (total - 1)) * 1000, stats: store.liveTailStats() };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<'tail' | 'sqlite', number[]> = { tail: [], sqlite: [] };
process.stdout.write(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${GROUPS} groups of ${CALLERS} one-event appends, two live subscriptions\n`);
await round(true); // warm-up: the writer thread's start, JIT
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of r % 2 === 0 ? (['tail', 'sqlite'] as const) : (['sqlite', 'tail'] as const)) {
    const { mainMsPer1000, stats } = await round(mode === 'tail');
    results[mode].push(mainMsPer1000);
    process.stdout.write(
      `${mode.padEnd(6)} main thread ${mainMsPer1000.toFixed(1)} ms per 1000 events   pages: ${stats.pagesFromTail} from the tail, ${stats.endsFromTail} ends in it, ${stats.pagesFromSqlite} from SQLite\n`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
process.stdout.write(
  `median main thread per 1000 events: tail ${median(results.tail).toFixed(1)} ms, SQLite ${median(results.sqlite).toFixed(1)} ms (${(median(results.tail) / median(results.sqlite)).toFixed(2)}×); load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);
