/**
 * Verifiable draws, printed not asserted (issue 7): a draw of 100 000 subjects and 5 000
 * inspectors with recusal (declared conflicts, former employers, rotation, own region),
 * region × grade strata at credit-weighted rates and a floor per region, teams of 2.
 * Target: under 1 s. Printed beside a baseline measured in the same run — SHA-256 of as
 * many ticket messages as the draw hashes — because the machine is shared and the ratio is
 * the steadier figure. Rounds alternate draw and baseline; medians are reported.
 *
 *   node --import tsx bench/sampling.bench.ts      (or: npm run bench -- sampling)
 *   BENCH_QUICK=1 …                                 (fewer rounds)
 */
import { hash as nodeHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assignInspectors } from '../src/sampling/assign.ts';
import { concatBytes, lp } from '../src/sampling/bytes.ts';
import { runDraw } from '../src/sampling/draw.ts';
import { buildPool } from '../src/sampling/recusal.ts';
import { inspectorRosterHash, subjectRosterHash } from '../src/sampling/roster-hash.ts';
import { selectStratified } from '../src/sampling/select.ts';
import { sha256 } from '../src/sampling/sha256.ts';
import type { DrawInput, Sha256 } from '../src/sampling/types.ts';
import { scenario } from '../test/sampling/fixtures.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 3 : 7;
const SUBJECTS = 100_000;
const INSPECTORS = 5_000;

interface Row {
  name: string;
  value: number;
  unit: string;
  target: string;
  beside?: { name: string; value: number; ratio: number };
}
const rows: Row[] = [];
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;
const nodeSha: Sha256 = (b) => new Uint8Array(nodeHash('sha256', b, 'buffer'));

function timeMs(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Wall and process CPU time of one call: on a loaded machine CPU time is the steadier. */
function timeBoth(f: () => unknown): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const wall = timeMs(f);
  const used = process.cpuUsage(c);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** Ticket-shaped messages: lp(tag) ‖ seed ‖ lp(stratum) ‖ lp(id), as many as the draw hashes. */
function ticketMessages(input: DrawInput): Uint8Array[] {
  const prefix = concatBytes([lp('taizhang-sampling-v1/tickets'), new Uint8Array(32).fill(7)]);
  return input.subjects.map((s) => concatBytes([prefix, lp(`${s.region}|${s.grade}`), lp(s.id)]));
}

let sink = 0;
function hashAll(messages: readonly Uint8Array[], h: Sha256): void {
  for (const m of messages) sink ^= h(m)[0]!;
}

interface Paired {
  draw: number;
  drawCpu: number;
  baseline: number;
  baselineCpu: number;
}

/** Alternating rounds of the draw and the baseline; returns medians of wall and CPU time. */
function paired(draw: () => unknown, baseline: () => unknown): Paired {
  draw();
  baseline();
  const d: { wall: number; cpu: number }[] = [];
  const b: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    d.push(timeBoth(draw));
    b.push(timeBoth(baseline));
  }
  return { draw: median(d.map((x) => x.wall)), drawCpu: median(d.map((x) => x.cpu)), baseline: median(b.map((x) => x.wall)), baselineCpu: median(b.map((x) => x.cpu)) };
}

function report(name: string, p: Paired, baselineName: string, target: string): void {
  rows.push({ name, value: p.draw, unit: 'ms', target, beside: { name: baselineName, value: p.baseline, ratio: p.draw / p.baseline } });
  rows.push({ name: `${name} (process CPU)`, value: p.drawCpu, unit: 'ms', target: 'reported', beside: { name: `${baselineName} (process CPU)`, value: p.baselineCpu, ratio: p.drawCpu / p.baselineCpu } });
  process.stdout.write(
    `  ${name}: ${fmt(p.draw)} wall, ${fmt(p.drawCpu)} CPU (${baselineName}: ${fmt(p.baseline)} wall, ${fmt(p.baselineCpu)} CPU; ×${(p.draw / p.baseline).toFixed(1)}); target ${target}\n`,
  );
}

function main(): void {
  process.stdout.write(`sampling bench: ${QUICK ? 'quick' : 'full'} mode, ${ROUNDS} rounds, ${os.cpus().length} cores, node ${process.version}, load ${load()}\n`);
  const simple = scenario({ subjects: SUBJECTS, inspectors: INSPECTORS, seed: 2026 }, 'simple');
  const pps = scenario({ subjects: SUBJECTS, inspectors: INSPECTORS, seed: 2026 }, 'pps');
  const first = runDraw(simple, { sha256: nodeSha });
  if (!first.ok) throw new Error(`bench scenario failed: ${first.message}`);
  const pool = buildPool(simple.inspectors, simple.assignment).inspectors.length;
  process.stdout.write(
    `  scenario: ${SUBJECTS} subjects in ${simple.design.strata.length} strata, ${INSPECTORS} inspectors (${pool} qualified), ` +
      `${first.subjects.length} drawn (${first.subjects.filter((s) => s.via === 'floor').length} by floors), ${first.load.slots} slots, loads ${first.load.min}–${first.load.max}\n`,
  );
  const messages = ticketMessages(simple);

  const server = paired(() => runDraw(simple, { sha256: nodeSha }), () => hashAll(messages, nodeSha));
  report('draw, simple, node:crypto for roster hashing (server)', server, `node:crypto SHA-256 of ${SUBJECTS} tickets`, '< 1 000 ms');
  const browser = paired(() => runDraw(simple), () => hashAll(messages, sha256));
  report('draw, simple, built-in SHA-256 only (browser)', browser, `built-in SHA-256 of ${SUBJECTS} tickets`, 'reported');
  const ppsRun = paired(() => runDraw(pps, { sha256: nodeSha }), () => hashAll(messages, nodeSha));
  report('draw, PPS (fixed-point ES keys), node:crypto for roster hashing', ppsRun, `node:crypto SHA-256 of ${SUBJECTS} tickets`, 'reported');

  // Where the time goes, one phase at a time (median of the same number of rounds).
  const seed = new Uint8Array(32).fill(9);
  const phase = (f: () => unknown): number => median(Array.from({ length: ROUNDS }, () => timeMs(f)));
  const drawnEntries = selectStratified(simple.subjects, simple.design, seed).entries;
  const poolIndex = buildPool(simple.inspectors, simple.assignment);
  const phases: [string, number][] = [
    ['roster hashes (node:crypto)', phase(() => [subjectRosterHash(simple.subjects, nodeSha), inspectorRosterHash(simple.inspectors, nodeSha)])],
    ['subject selection (100 000 tickets, strata, floors)', phase(() => selectStratified(simple.subjects, simple.design, seed))],
    ['inspector assignment (recusal, deck, deal, repairs)', phase(() => assignInspectors(drawnEntries, poolIndex, 2, seed))],
  ];
  for (const [name, ms] of phases) {
    rows.push({ name: `phase: ${name}`, value: ms, unit: 'ms', target: 'reported' });
    process.stdout.write(`    phase: ${name}: ${fmt(ms)}\n`);
  }

  // High-risk plans draw everyone: 100 000 subjects × 2 inspectors over 5 000.
  const everyone: DrawInput = { ...simple, design: { ...simple.design, strata: simple.design.strata.map((s) => ({ key: s.key, rateBp: 10_000 })) } };
  const all = runDraw(everyone, { sha256: nodeSha });
  const allMs = phase(() => runDraw(everyone, { sha256: nodeSha }));
  rows.push({ name: 'draw of every subject (200 000 slots)', value: allMs, unit: 'ms', target: 'reported' });
  process.stdout.write(`  draw of every subject (${all.ok ? all.load.slots : '?'} slots, loads ${all.ok ? `${all.load.min}–${all.load.max}` : 'failed'}): ${fmt(allMs)}\n`);

  if (sink === 256) process.stdout.write('');
  process.stdout.write(`load at the end: ${load()}\n`);
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `sampling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, cores: os.cpus().length, node: process.version, rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

main();
