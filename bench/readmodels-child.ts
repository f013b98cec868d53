/**
 * One measurement of bench/readmodels.bench.ts, in a process of its own (as `taizhang rebuild`
 * runs): a rebuild measured after raw reads of the log in the same process ran with a heap those
 * reads had grown, and paid for it in GC (measured at 100 k events: 1.1–1.3 s of GC pauses instead
 * of 60 ms, ~30 collections instead of ~10), more or less from one run to the next.
 *
 *   node --import tsx bench/readmodels-child.ts LOG_FILE EVENTS BATCH raw|registry|rebuild:NAME
 *
 * Prints one JSON line: events/s wall and per CPU-second, user and system CPU, GC pauses, and
 * for a rebuild the events of its types it read and the size of the file it built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildEventRegistry } from '../src/app/event-registry.ts';
import type { EventStore } from '../src/eventstore/port.ts';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../src/eventstore/validating-store.ts';
import { createLogger } from '../src/logging/logger.ts';
import { PROJECTIONS } from '../src/projections/catalog.ts';
import { rebuildProjection } from '../src/projections/rebuild.ts';

export interface ChildResult {
  wall: number;
  cpu: number;
  userS: number;
  sysS: number;
  gcMs: number;
  gcCount: number;
  /** Events of its own types a rebuild read. */
  read: number;
  fileBytes: number;
}

async function readAllEvents(store: EventStore, batch: number): Promise<number> {
  let after = 0n;
  let n = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: batch });
    n += page.length;
    if (page.length < batch) return n;
    after = page.at(-1)!.position;
  }
}

async function main(): Promise<void> {
  const [logFile, eventsArg, batchArg, what] = process.argv.slice(2);
  const events = Number(eventsArg);
  const batch = Number(batchArg);
  if (logFile === undefined || !fs.existsSync(logFile) || !Number.isInteger(events) || !Number.isInteger(batch) || what === undefined) {
    throw new Error('usage: readmodels-child.ts LOG_FILE EVENTS BATCH raw|registry|rebuild:NAME');
  }
  const raw = await openSqliteStore({ file: logFile, writer: 'inline' });
  const store = withRegistry(raw, buildEventRegistry());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-readmodels-'));
  let gcMs = 0;
  let gcCount = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    let read = 0;
    let fileBytes = 0;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    if (what === 'raw') read = await readAllEvents(raw, batch);
    else if (what === 'registry') read = await readAllEvents(store, batch);
    else {
      const definition = PROJECTIONS.find((p) => `rebuild:${p.name}` === what);
      if (definition === undefined) throw new Error(`no read model for ${what}`);
      const result = await rebuildProjection(definition, { store, dataDir: path.join(dir, 'data'), logger: createLogger('silent'), progress: 'none', batchSize: batch });
      if (result.position !== BigInt(events)) throw new Error(`${definition.name}: rebuilt to ${result.position}, the log has ${events} events`);
      read = result.events;
      fileBytes = fs.statSync(result.file).size;
    }
    const wallS = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    // GC entries arrive asynchronously: let the observer see this run's.
    await new Promise((resolve) => setImmediate(resolve));
    const result: ChildResult = { wall: events / wallS, cpu: events / ((cpu.user + cpu.system) / 1e6), userS: cpu.user / 1e6, sysS: cpu.system / 1e6, gcMs, gcCount, read, fileBytes };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    observer.disconnect();
    await raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
