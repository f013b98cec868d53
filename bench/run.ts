/**
 * `npm run bench` runs every bench/*.bench.ts, one after another, each in its own process
 * (a benchmark must not inherit another's heap, threads or open files).
 * `npm run bench -- eventstore integrity` runs those whose file name contains a word.
 * BENCH_QUICK=1 asks each benchmark for its short mode.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const words = process.argv.slice(2);
const all = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = words.length === 0 ? all : all.filter((f) => words.some((w) => f.includes(w)));
const unmatched = words.filter((w) => !all.some((f) => f.includes(w)));
if (unmatched.length > 0) {
  process.stderr.write(`no benchmark matches: ${unmatched.join(', ')} (have: ${all.join(', ') || 'none'})\n`);
  process.exit(2);
}

let failed = 0;
for (const file of chosen) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], { stdio: 'inherit', env: process.env });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`=== ${file} FAILED (${result.signal ?? `exit ${result.status}`}) after ${seconds} s ===\n`);
  } else {
    process.stdout.write(`=== ${file} done in ${seconds} s ===\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
