/**
 * The leaves section of integrity-log.bench.ts alone, for profiling (not run by `npm run
 * bench`): the merkle-log catch-up over a store file, printed with its CPU per thread.
 *
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/integrity-leaves-profile.ts [STORE_FILE]
 *   PLAIN=1 …   reads parsed events (readAll) instead of the stored text, as before leaf-source.ts
 *
 * STORE_FILE defaults to the 100 k domain log integrity-log.bench.ts leaves in the temp dir
 * (appended through the store's writer, leaf hashes stored: bench/integrity-store.ts).
 *   NOHASH=1 …  the same log in a store without leaf hashes (the text road, as before them)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/eventstore/sqlite/sqlite-store.ts';
import { cachedIntegrityStore } from './integrity-store.ts';
import { leafSource } from '../src/integrity-log/leaf-source.ts';
import { updateLogIfIdle } from '../src/integrity-log/offline-log.ts';
import { createLogger } from '../src/logging/logger.ts';

const file = process.argv[2] ?? cachedIntegrityStore(100_000, process.env.NOHASH !== '1', (line) => process.stdout.write(`${line}\n`));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-leaves-profile-'));
const store = await openSqliteStore({ file, maxEventBytes: 1 << 20 });
try {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const update = await updateLogIfIdle({
    rawStore: process.env.PLAIN === '1' ? store : leafSource(store),
    dataDir,
    config: { origin: 'bench.example/log', checkpointEveryEvents: 1e9, checkpointIntervalMs: 3.6e9 },
    logger: createLogger('warn'),
  });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  if (update.mode !== 'updated') throw new Error('the integrity lock of a fresh data dir was held');
  const n = update.treeSize;
  process.stdout.write(`${n} leaves: ${wall.toFixed(2)} s wall, ${cpuS.toFixed(2)} CPU-s; ${Math.round(n / wall)} /s wall, ${Math.round(n / cpuS)} /CPU-s; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  // CPU of each thread since it started (Linux): the main thread's id is the process id.
  for (const tid of fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task') : []) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (seconds >= 0.05) process.stdout.write(`  thread ${tid}${tid === String(process.pid) ? ' (main)' : ''}: ${seconds.toFixed(2)} CPU-s\n`);
    } catch {
      // ended meanwhile
    }
  }
} finally {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
