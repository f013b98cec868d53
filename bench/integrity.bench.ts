/**
 * The integrity core, printed not asserted (issue 6):
 *  - leaves integrated per second (leaf hash of the canonical bytes + Merkle append into
 *    the in-memory node store, batches of 1 000) beside raw SHA-256 of the same canonical
 *    bytes, in alternating rounds of the same run: the machine is shared, so the ratio is
 *    the steadier figure. Target ≥ 100 000 leaves/s.
 *  - RFC 8785 canonicalisation of realistic envelopes, per second (the step before).
 *  - inclusion proof build + verify at 1 M leaves, median and p99 (target < 1 ms median),
 *    and the same for consistency proofs and roots at a past size.
 *
 *   node --import tsx bench/integrity.bench.ts      (or: npm run bench -- integrity)
 *   BENCH_QUICK=1 …                                  (100 000 leaves)
 */
import { hash as oneShotHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJsonBytes } from '../src/integrity/canonical-json.ts';
import { hashLeaf } from '../src/integrity/hasher.ts';
import { MemoryNodeStore } from '../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../src/integrity/merkle-tree.ts';
import { verifyConsistency } from '../src/integrity/verify-consistency.ts';
import { verifyInclusion } from '../src/integrity/verify-inclusion.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const TREE_LEAVES = QUICK ? 100_000 : 1_000_000;
const ROUND_LEAVES = QUICK ? 50_000 : 200_000;
const ROUNDS = 5;
const BATCH = 1_000;
const POOL = 10_000;
const PROOFS = QUICK ? 2_000 : 10_000;

interface Row {
  name: string;
  value: number;
  unit: string;
  target: string;
  beside?: { name: string; value: number; ratio: number };
}
const rows: Row[] = [];
const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const quantile = (xs: readonly number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] as number;
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A plausible envelope of a subsidy payment: the shape H2's envelope hashes, give or take. */
function envelope(i: number): unknown {
  return {
    id: `0190b6a2-3c4d-7e5f-8a1b-${i.toString(16).padStart(12, '0')}`,
    stream: `application-${(i % 5_000).toString(36)}`,
    revision: i % 17,
    type: 'SubsidyPaid',
    schemaVersion: 1,
    data: { applicationId: `app-${i}`, fundId: 'fund-2025-jx-01', amountFen: 150_000 + (i % 997), paidOn: '2025-03-14', personRef: `pr_${(i * 7919).toString(36)}`, note: '职业培训补贴' },
    metadata: {
      actor: { id: 'officer-0042', role: 'finance' },
      correlationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
      causationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
      requestId: `req-${i}`,
      occurredAt: '2025-03-14T09:30:00+08:00',
    },
    recordedAt: '2025-03-14T01:30:00.123Z',
  };
}

function perSecond(count: number, run: () => void): number {
  const started = performance.now();
  run();
  return count / ((performance.now() - started) / 1000);
}

function benchCanonicalisation(envelopes: readonly unknown[]): Buffer[] {
  let bytes: Buffer[] = [];
  const rates = Array.from({ length: ROUNDS }, () => perSecond(envelopes.length, () => (bytes = envelopes.map((e) => canonicalJsonBytes(e)))));
  const meanBytes = bytes.reduce((sum, b) => sum + b.length, 0) / bytes.length;
  rows.push({ name: `RFC 8785 canonicalisation (${Math.round(meanBytes)}-byte envelopes)`, value: median(rates), unit: 'envelopes/s', target: 'reported' });
  return bytes;
}

function benchIntegration(canonical: readonly Buffer[]): MerkleTree {
  const tree = new MerkleTree(new MemoryNodeStore());
  const integrated: number[] = [];
  const raw: number[] = [];
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(
      perSecond(ROUND_LEAVES, () => {
        for (let i = 0; i < ROUND_LEAVES; i++) sink ^= (oneShotHash('sha256', canonical[i % POOL] as Buffer, 'buffer')[0] as number);
      }),
    );
    integrated.push(
      perSecond(ROUND_LEAVES, () => {
        for (let start = 0; start < ROUND_LEAVES; start += BATCH) {
          const batch: Uint8Array[] = [];
          for (let i = start; i < start + BATCH; i++) batch.push(hashLeaf(canonical[i % POOL] as Buffer));
          tree.appendLeafHashes(batch);
        }
      }),
    );
  }
  if (sink === 256) process.stdout.write(''); // keep the raw loop's result alive
  const value = median(integrated);
  const rawValue = median(raw);
  rows.push({
    name: `leaves integrated (leaf hash + append, batches of ${BATCH}) beside raw SHA-256 of the same bytes`,
    value,
    unit: 'leaves/s',
    target: '≥ 100 000 leaves/s',
    beside: { name: 'raw SHA-256', value: rawValue, ratio: value / rawValue },
  });
  return tree;
}

function growTo(tree: MerkleTree, canonical: readonly Buffer[], size: number): void {
  while (tree.size() < size) {
    const count = Math.min(65_536, size - tree.size());
    tree.appendLeafHashes(Array.from({ length: count }, (_, i) => hashLeaf(canonical[(tree.size() + i) % POOL] as Buffer)));
  }
}

/** Median and p99 in ms of `op` over deterministic pseudo-random arguments. */
function timeEach(name: string, target: string, op: (r: number) => void): void {
  const timesMs: number[] = [];
  let state = 0x9e3779b9;
  for (let i = 0; i < PROOFS; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const started = performance.now();
    op(state / 2 ** 32);
    timesMs.push(performance.now() - started);
  }
  rows.push({ name: `${name}: median`, value: median(timesMs), unit: 'ms', target });
  rows.push({ name: `${name}: p99`, value: quantile(timesMs, 0.99), unit: 'ms', target: 'reported' });
}

function benchProofs(tree: MerkleTree, canonical: readonly Buffer[]): void {
  const size = tree.size();
  const root = tree.rootHash();
  timeEach(`inclusion proof build + verify at ${fmt(size)} leaves`, '< 1 ms', (r) => {
    const index = Math.floor(r * size);
    verifyInclusion(index, size, hashLeaf(canonical[index % POOL] as Buffer), tree.inclusionProof(index, size), root);
  });
  timeEach(`consistency proof build + verify, m < ${fmt(size)}`, 'reported', (r) => {
    const m = 1 + Math.floor(r * (size - 1));
    verifyConsistency(m, size, tree.consistencyProof(m, size), tree.rootHash(m), root);
  });
  timeEach(`root at a past size ≤ ${fmt(size)}`, 'reported', (r) => {
    tree.rootHash(Math.floor(r * size));
  });
}

function main(): void {
  process.stdout.write(`integrity bench: ${QUICK ? 'quick' : 'full'} mode, ${os.cpus().length} cores, node ${process.version}, load ${load()}\n`);
  const envelopes = Array.from({ length: POOL }, (_, i) => envelope(i));
  const canonical = benchCanonicalisation(envelopes);
  const tree = benchIntegration(canonical);
  const built = performance.now();
  growTo(tree, canonical, TREE_LEAVES);
  process.stdout.write(`  tree grown to ${fmt(tree.size())} leaves (${((performance.now() - built) / 1000).toFixed(1)} s more)\n`);
  benchProofs(tree, canonical);
  for (const row of rows) {
    const beside = row.beside === undefined ? '' : ` vs ${row.beside.name} ${fmt(row.beside.value)} (${row.beside.ratio.toFixed(2)}×)`;
    process.stdout.write(`  ${row.name}: ${fmt(row.value)} ${row.unit}${beside}; target ${row.target}\n`);
  }
  process.stdout.write(`load at the end: ${load()}\n`);
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `integrity-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ quick: QUICK, cores: os.cpus().length, node: process.version, rows }, null, 2));
  process.stdout.write(`results: ${out}\n`);
}

main();
