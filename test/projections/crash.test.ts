import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { peekCheckpoint } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { fillStore } from './fixtures/synthetic-events.ts';
import { filledStore } from './helpers.ts';
import { nodeScript } from '../helpers/node-script.ts';

const CHILD = nodeScript(new URL('./fixtures/crash-child.ts', import.meta.url));

interface Run {
  crashAt: bigint;
  batchSize: number;
  version: number;
  /** Events to append once the child reports it caught up (so the crash happens while following). */
  appendWhenCaughtUp: number;
}

/** Runs the child until it kills itself (or, with crashAt 0, until it has caught up, then kills it). */
async function runChild(store: SqliteEventStore, eventsFile: string, dataDir: string, run: Run, seed: number): Promise<NodeJS.Signals | null> {
  const args = [...CHILD, eventsFile, dataDir, String(run.crashAt), String(run.batchSize), String(run.version)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let appended = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (!chunk.includes('caught-up')) return;
    if (run.crashAt === 0n) child.kill('SIGKILL');
    else if (run.appendWhenCaughtUp > 0 && !appended) {
      appended = true;
      void fillStore(store, run.appendWhenCaughtUp, seed);
    }
  });
  return exited;
}

function readModelFile(dataDir: string, version: number): string {
  return path.join(dataDir, 'readmodels', `event-stats.v${version}.sqlite`);
}

/** The file holds exactly the effects of the events up to its checkpoint: the digest of a clean replay of that prefix. */
function checkConsistent(t: Test, dir: string, file: string, events: RecordedEvent[], label: string): bigint {
  const d = digestReadModelFile(eventStats, file);
  const prefix = events.filter((e) => e.position <= d.position);
  const clean = replayToDigest(eventStats, prefix, path.join(dir, 'clean.sqlite'), 1000);
  t.equal(d.sha256, clean.sha256, `${label}: rows are exactly those of events 1..${d.position}`);
  return d.position;
}

t.test('SIGKILL inside a batch, again and again: the read model always equals a clean replay of its checkpoint', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 3000, 21);
  const eventsFile = path.join(dir, 'events.sqlite');
  const batchSizes = [1, 7, 50, 1000];
  let kills = 0;
  let checkpoint = 0n;
  // Each batch size once catching up and once following live appends (the second half).
  for (let run = 0; run < 2 * batchSizes.length; run++) {
    const head = await store.headPosition();
    const following = run >= batchSizes.length;
    const span = following ? 400 : Number(head - checkpoint);
    const crashAt = (following ? head : checkpoint) + 1n + BigInt(Math.floor(Math.random() * Math.max(1, span - 1)));
    const batchSize = batchSizes[run % batchSizes.length]!;
    const signal = await runChild(store, eventsFile, dataDir, { crashAt, batchSize, version: 1, appendWhenCaughtUp: following ? 400 : 0 }, 100 + run);
    t.equal(signal, 'SIGKILL', `run ${run}: killed itself applying position ${crashAt} (batch size ${batchSize}${following ? ', following' : ''})`);
    kills += 1;
    const events = await store.readAll();
    checkpoint = checkConsistent(t, dir, readModelFile(dataDir, 1), events, `run ${run}`);
    t.ok(checkpoint < crashAt, `run ${run}: the batch holding ${crashAt} was rolled back whole (checkpoint ${checkpoint})`);
  }
  // A last run to the end, then the comparison the issue asks for: final digest = clean rebuild.
  await runChild(store, eventsFile, dataDir, { crashAt: 0n, batchSize: 100, version: 1, appendWhenCaughtUp: 0 }, 0);
  const events = await store.readAll();
  const final = digestReadModelFile(eventStats, readModelFile(dataDir, 1));
  const clean = replayToDigest(eventStats, events, path.join(dir, 'rebuild.sqlite'), 1000);
  t.equal(final.position, events.at(-1)?.position, 'caught up with the whole log');
  t.equal(final.sha256, clean.sha256, `after ${kills} SIGKILLs the digest equals a clean rebuild's`);
  t.equal(kills, 2 * batchSizes.length);
});

t.test('SIGKILL while a new version is built beside the served one: the old file stays served until the new one completes', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 2000, 31);
  const eventsFile = path.join(dir, 'events.sqlite');
  await runChild(store, eventsFile, dataDir, { crashAt: 0n, batchSize: 100, version: 1, appendWhenCaughtUp: 0 }, 0);
  const v1 = digestReadModelFile(eventStats, readModelFile(dataDir, 1));
  for (let run = 0; run < 3; run++) {
    const at = peekCheckpoint(readModelFile(dataDir, 2))?.position ?? 0n;
    const crashAt = at + 1n + BigInt(Math.floor(Math.random() * Number(2000n - at - 1n)));
    t.equal(await runChild(store, eventsFile, dataDir, { crashAt, batchSize: 7, version: 2, appendWhenCaughtUp: 0 }, 0), 'SIGKILL');
    t.equal(peekCheckpoint(readModelFile(dataDir, 2))?.status, 'building', `run ${run}: v2 is still marked building`);
    t.same(digestReadModelFile(eventStats, readModelFile(dataDir, 1)), v1, `run ${run}: v1 is untouched and still live`);
  }
  await runChild(store, eventsFile, dataDir, { crashAt: 0n, batchSize: 100, version: 2, appendWhenCaughtUp: 0 }, 0);
  t.notOk(fs.existsSync(readModelFile(dataDir, 1)), 'v1 deleted once v2 was swapped in');
  const v2 = digestReadModelFile(eventStats, readModelFile(dataDir, 2));
  t.equal(v2.status, 'live');
  t.equal(v2.sha256, replayToDigest(eventStats, await store.readAll(), path.join(dir, 'clean.sqlite'), 1000).sha256);
});
