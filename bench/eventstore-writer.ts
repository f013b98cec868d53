/**
 * The store writer's own work, priced per event on this thread's CPU clock: the groups a
 * command mix hands the writer thread, replayed through GroupCommitter inline (the code the
 * thread runs) on a fresh file at synchronous=FULL, beside the same groups with no leaf
 * hash, the leaf hashes alone, and the wire's encode/decode. No fsync is skipped: commit
 * time includes the kernel's share of writing the WAL (system CPU), reported apart.
 *
 *   node --import tsx bench/eventstore-writer.ts            (synthetic groups shaped as the mix's)
 *   BENCH_SHAPE=recurring node --import tsx bench/eventstore-writer.ts   (50 callers, 'any', their own streams again)
 *   BENCH_GROUPS=FILE node --import tsx bench/eventstore-writer.ts
 *     (FILE: one JSON array of AppendRequest per line, as the writer received them)
 *
 * Rounds alternate the variants; the median of each is printed. Counts per group (rows,
 * statements, bytes, fsyncs) come from the groups themselves and SQLite's own counters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SerializedEvent } from '../src/eventstore/append-validation.ts';
import { GroupCommitter, type AppendRequest } from '../src/eventstore/sqlite/group-commit.ts';
import { decodeGroup, encodeGroup } from '../src/eventstore/sqlite/group-wire.ts';
import { leafHashAtAppend } from '../src/eventstore/sqlite/leaf-hash.ts';
import { EVENTSTORE_MIGRATIONS_DIR } from '../src/eventstore/sqlite/sqlite-store.ts';
import { openSqlite } from '../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** CPU of the calling thread (user + system), ns; and its system share, from /proc. */
function threadCpu(): { totalNs: number; systemNs: number } {
  const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = 1e9 / 100;
  const schedNs = Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  return { totalNs: schedNs, systemNs: Number(fields[12]) * tick };
}

/**
 * `fresh`: groups of 1-16 callers, each opening a new stream (expects no stream), as a
 * command mix's registrations do. `recurring`: groups of 50 callers appending to their own
 * stream again and again with expected 'any' (eventstore.bench.ts's concurrent callers).
 */
function synthetic(groups: number, shape: 'fresh' | 'recurring'): AppendRequest[][] {
  const out: AppendRequest[][] = [];
  let n = 0;
  for (let g = 0; g < groups; g++) {
    const size = shape === 'recurring' ? 50 : 1 + ((g * 7) % 16);
    const requests: AppendRequest[] = [];
    for (let r = 0; r < size; r++) {
      n += 1;
      const id = `01a2188a-${String(n).padStart(4, '0').slice(-4)}-79e5-86d5-${String(n).padStart(12, '0')}`;
      const personRef = `p_${n.toString(36).padStart(22, '_')}`;
      const data = JSON.stringify({ personRef, applicationId: `b-${n}`, paymentId: `pay-b-${n}`, amountFen: 120_000 + (n % 997), paidOn: '2026-04-01', note: '职业培训补贴' });
      const metadata = JSON.stringify({
        actor: { id: 'u-bench-finance', role: 'finance' },
        correlationId: 'a7253c5b-06ad-4f61-97b3-20fcdd6bed73',
        causationId: 'a7253c5b-06ad-4f61-97b3-20fcdd6bed73',
        requestId: 'a7253c5b-06ad-4f61-97b3-20fcdd6bed73',
        occurredAt: '2026-11-26T23:47:33.857+08:00',
      });
      const event: SerializedEvent = { id, type: 'EntitlementClaimPaid', schemaVersion: 1, data, metadata };
      requests.push(shape === 'recurring' ? { stream: `bench-tc${r}`, expected: 'any', events: [event] } : { stream: `entitlement-${personRef}`, expected: 'no_stream', events: [event] });
    }
    out.push(requests);
  }
  return out;
}

function loadGroups(): AppendRequest[][] {
  const file = process.env.BENCH_GROUPS;
  if (file === undefined) return process.env.BENCH_SHAPE === 'recurring' ? synthetic(150, 'recurring') : synthetic(800, 'fresh');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => (JSON.parse(l) as AppendRequest[]).map((r) => ({ ...r, expected: typeof r.expected === 'number' ? BigInt(r.expected) : r.expected })));
}

const groups = loadGroups();
const events = groups.reduce((a, g) => a + g.reduce((b, r) => b + r.events.length, 0), 0);
const requests = groups.reduce((a, g) => a + g.length, 0);
const bytes = groups.reduce((a, g) => a + g.reduce((b, r) => b + r.events.reduce((c, e) => c + e.data.length + e.metadata.length, 0), 0), 0);

type Variant = { name: string; run: () => void };

function commitAll(leafHashes: boolean): () => void {
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-writer-'));
    const db = openSqlite(path.join(dir, 'events.db'));
    try {
      applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
      const committer = new GroupCommitter(db, { leafHashes });
      for (const g of groups) {
        const result = committer.commitGroup(g);
        if (result.outcomes.some((o) => !o.ok)) throw new Error(`replay refused: ${JSON.stringify(result.outcomes.find((o) => !o.ok), (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
      }
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

const variants: Variant[] = [
  { name: 'group commit, leaf hashes', run: commitAll(true) },
  { name: 'group commit, no leaf hash', run: commitAll(false) },
  {
    name: 'leaf hashes alone',
    run: () => {
      const recordedAt = new Date().toISOString();
      for (const g of groups) for (const r of g) r.events.forEach((e, i) => leafHashAtAppend({ id: e.id, stream: r.stream, revision: i, type: e.type, schemaVersion: e.schemaVersion, dataJson: e.data, metadataJson: e.metadata, recordedAt }));
    },
  },
  {
    name: 'wire encode + decode',
    run: () => {
      for (const g of groups) decodeGroup(encodeGroup(g));
    },
  },
];

const samples = new Map<string, { totalNs: number; systemNs: number }[]>(variants.map((v) => [v.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const v of variants) {
    const before = threadCpu();
    v.run();
    const after = threadCpu();
    samples.get(v.name)!.push({ totalNs: after.totalNs - before.totalNs, systemNs: after.systemNs - before.systemNs });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(
  `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${groups.length} groups, ${requests} appends, ${events} events, ` +
    `${(requests / groups.length).toFixed(1)} appends/group, ${Math.round(bytes / events)} B of JSON/event; ${ROUNDS} rounds, medians\n`,
);
for (const v of variants) {
  const s = samples.get(v.name)!;
  const total = median(s.map((x) => x.totalNs)) / events / 1000;
  const system = median(s.map((x) => x.systemNs)) / events / 1000;
  process.stdout.write(`${v.name.padEnd(28)} ${total.toFixed(1).padStart(6)} µs CPU/event (system ${system.toFixed(1)})\n`);
}
