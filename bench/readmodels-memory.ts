/**
 * What the read models' catch-up holds in memory: every projection of the catalogue caught
 * up from empty over the readmodels bench's domain log (as `serve` starts them), with the
 * process's memory sampled meanwhile. Not a *.bench.ts: a diagnostic, run by hand.
 *
 *   node --import tsx bench/readmodels-memory.ts            (100 k events)
 *   BENCH_EVENTS=1000000 node --import tsx bench/readmodels-memory.ts
 *
 * Prints peak RSS, V8 heap and external memory, and what is left (native: SQLite page
 * caches, statements, better-sqlite3), before and after the catch-up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { createLogger } from '../src/logging/logger.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { Projections } from '../src/projections/projections.ts';
import { prefillDomainStore } from './projections-domain-log.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const MIB = 1024 * 1024;

interface Sample {
  rss: number;
  heapUsed: number;
  external: number;
}

function sample(): Sample {
  const m = process.memoryUsage();
  return { rss: m.rss / MIB, heapUsed: m.heapUsed / MIB, external: m.external / MIB };
}

function logFile(count: number): string {
  // The readmodels bench's cache of the same log, when it is there.
  const file = path.join(os.tmpdir(), `taizhang-bench-readmodels-log-v1-${count}-s1.sqlite`);
  if (!fs.existsSync(file)) {
    const building = `${file}.${process.pid}.tmp`;
    prefillDomainStore(building, count, 1);
    fs.renameSync(building, file);
  }
  return file;
}

async function main(): Promise<void> {
  const raw = await openSqliteStore({ file: logFile(EVENTS), writer: 'inline' });
  const store = withRegistry(raw, buildEventRegistry());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-readmodels-memory-'));
  const before = sample();
  let peak = before;
  const timer = setInterval(() => {
    const s = sample();
    if (s.rss > peak.rss) peak = s;
  }, 50);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const projections = Projections.start({ store, dataDir, logger: createLogger(process.env.H2_LOG ?? 'silent'), definitions: PROJECTIONS, progress: 'none', lagLogIntervalMs: 0 });
  try {
    await projections.waitForPosition(await store.headPosition(), 3_600_000);
    const wallS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const after = sample();
    clearInterval(timer);
    const fmt = (s: Sample) => `RSS ${s.rss.toFixed(0)} MiB (heap used ${s.heapUsed.toFixed(0)}, external ${s.external.toFixed(0)}, rest ${(s.rss - s.heapUsed - s.external).toFixed(0)})`;
    process.stdout.write(`${EVENTS.toLocaleString('en-US')} events, ${PROJECTIONS.length} read models; load ${os.loadavg()[0]!.toFixed(1)}\n`);
    process.stdout.write(`  before:        ${fmt(before)}\n  peak sampled:  ${fmt(peak)}\n  caught up:     ${fmt(after)}\n`);
    process.stdout.write(`  max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; ${wallS.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s\n`);
  } finally {
    clearInterval(timer);
    await projections.close();
    await raw.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
