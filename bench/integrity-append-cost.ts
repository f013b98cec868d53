/**
 * What computing the leaf hash at append costs the store's writer (printed by
 * integrity-log.bench.ts): the GroupCommitter — the code on the writer thread of
 * `npm start` — appending the domain log on this thread into fresh files, with and without
 * leaf hashes, in alternating rounds (a drifting machine then tilts both alike), CPU per
 * appended event; and the hash alone (leafHashAtAppend) over the same events.
 *
 * Groups of GROUP_REQUESTS appends of 1-3 events each, synchronous=FULL (one fsync per
 * group) as the store runs: the writer's CPU per event, not its wall time, is compared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_EVENT_BYTES, validateAppend } from '../src/eventstore/append-validation.ts';
import { GroupCommitter, type AppendRequest } from '../src/eventstore/sqlite/group-commit.ts';
import { leafHashAtAppend } from '../src/eventstore/sqlite/leaf-hash.ts';
import { EVENTSTORE_MIGRATIONS_DIR } from '../src/eventstore/sqlite/sqlite-store.ts';
import { openSqlite } from '../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { domainAppends } from './projections-domain-log.ts';

const EVENTS = Number(process.env.BENCH_APPEND_COST_EVENTS ?? 4_000);
const ROUNDS = 3;
const GROUP_REQUESTS = 8;

export interface CostRow {
  name: string;
  value: number;
  unit: string;
  target: string;
}

function groupsOf(count: number): { groups: AppendRequest[][]; events: number } {
  const groups: AppendRequest[][] = [];
  let group: AppendRequest[] = [];
  let events = 0;
  for (const { stream, events: batch } of domainAppends(count, 7)) {
    group.push({ stream, expected: 'any', events: validateAppend(stream, batch, 'any', DEFAULT_MAX_EVENT_BYTES) });
    events += batch.length;
    if (group.length === GROUP_REQUESTS) {
      groups.push(group);
      group = [];
    }
  }
  if (group.length > 0) groups.push(group);
  return { groups, events };
}

/** CPU µs per event of appending `groups` into a new store file. */
function appendRound(groups: readonly AppendRequest[][], events: number, leafHashes: boolean): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-append-cost-'));
  const db = openSqlite(path.join(dir, 'events.sqlite'));
  try {
    applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
    const committer = new GroupCommitter(db, { leafHashes });
    const cpu = process.cpuUsage();
    for (const group of groups) if (committer.commit(group).some((o) => !o.ok)) throw new Error('append refused');
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / events;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU µs per event of leafHashAtAppend alone over the same events (median of three passes). */
function hashAlone(groups: readonly AppendRequest[][], events: number): number {
  const recordedAt = new Date().toISOString();
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const cpu = process.cpuUsage();
    for (const group of groups) {
      for (const { stream, events: batch } of group) {
        for (const [i, e] of batch.entries()) {
          leafHashAtAppend({ id: e.id, stream, revision: i, type: e.type, schemaVersion: e.schemaVersion, dataJson: e.data, metadataJson: e.metadata, recordedAt });
        }
      }
    }
    const used = process.cpuUsage(cpu);
    passes.push((used.user + used.system) / events);
  }
  return passes.sort((a, b) => a - b)[1]!;
}

export function benchAppendCost(): CostRow[] {
  const { groups, events } = groupsOf(EVENTS);
  const without: number[] = [];
  const withHash: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push(appendRound(groups, events, false));
    withHash.push(appendRound(groups, events, true));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const a = median(without);
  const b = median(withHash);
  return [
    { name: `writer CPU per appended event WITHOUT the leaf hash (GroupCommitter, ${events} events in groups of ${GROUP_REQUESTS} appends, fsync per group; median of ${ROUNDS} rounds: ${without.map((x) => x.toFixed(1)).join(', ')})`, value: a, unit: 'µs/event', target: 'reported' },
    { name: `… WITH the leaf hash (rounds: ${withHash.map((x) => x.toFixed(1)).join(', ')}); difference ${(b - a).toFixed(1)} µs`, value: b, unit: 'µs/event', target: 'a few µs more' },
    { name: '… the leaf hash alone (envelope text from the stored JSON, SHA-256), per event', value: hashAlone(groups, events), unit: 'µs/event', target: 'reported' },
  ];
}
