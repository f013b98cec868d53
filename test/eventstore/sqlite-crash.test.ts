import t, { type Test } from 'tap';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import type { Ack } from './fixtures/append-loop.ts';
import { nodeScript } from '../helpers/node-script.ts';

const CHILD = nodeScript(new URL('./fixtures/append-loop.ts', import.meta.url));
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Runs the child until it has acknowledged `minAcks` appends, waits `extraMs` more, then SIGKILLs it. */
async function runAndKill(file: string, mode: 'single' | 'concurrent', run: string, minAcks: number, extraMs: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [...CHILD, file, mode, run], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let acks = 0;
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    acks += chunk.split('\n').length - 1;
    // `acks` counts the "ready" line too: armed once minAcks acknowledgements are out.
    if (acks > minAcks && killTimer === undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), extraMs);
  });
  const signal = await exited;
  clearTimeout(killTimer);
  if (signal !== 'SIGKILL') throw new Error(`child ended by ${signal ?? 'itself'} before it was killed`);
  // A line without its newline was cut by the kill: it is not an acknowledgement.
  const lines = out.split('\n').slice(0, -1).filter((l) => l !== 'ready');
  return lines.map((l) => JSON.parse(l) as Ack);
}

/** Every acknowledged event present byte for byte at its position; positions 1..n without a hole. */
function verify(t: Test, file: string, acked: Ack[]): void {
  const db = new Database(file, { readonly: true });
  try {
    const positions = db.prepare('SELECT position FROM events ORDER BY position').pluck().all() as number[];
    t.ok(positions.every((p, i) => p === i + 1), `positions dense 1..${positions.length}`);
    const byId = db.prepare('SELECT stream, revision, position, data, metadata FROM events WHERE id = ?');
    let missing = 0;
    let wrong = 0;
    for (const ack of acked) {
      ack.events.forEach((e, i) => {
        const row = byId.get(e.id) as { stream: string; revision: number; position: number; data: string; metadata: string } | undefined;
        const back = ack.events.length - 1 - i;
        if (row === undefined) missing += 1;
        else if (
          row.stream !== ack.stream ||
          BigInt(row.revision) !== BigInt(ack.revision) - BigInt(back) ||
          BigInt(row.position) !== BigInt(ack.position) - BigInt(back) ||
          sha256(row.data) !== e.dataSha256 ||
          sha256(row.metadata) !== e.metadataSha256
        ) {
          wrong += 1;
        }
      });
    }
    t.equal(missing, 0, 'no acknowledged event is missing');
    t.equal(wrong, 0, 'each is byte for byte what was acknowledged, where it was acknowledged');
  } finally {
    db.close();
  }
}

async function crashLoop(t: Test, mode: 'single' | 'concurrent', runs: number): Promise<void> {
  const file = path.join(t.testdir(), 'events.sqlite');
  const acked: Ack[] = [];
  for (let run = 0; run < runs; run++) {
    const minAcks = 1 + Math.floor(Math.random() * 120);
    const extraMs = Math.floor(Math.random() * 100);
    const acks = await runAndKill(file, mode, `${mode}${run}`, minAcks, extraMs);
    t.comment(`run ${run}: killed after ${acks.length} acknowledgements (armed at ${minAcks} + ${extraMs} ms)`);
    t.ok(acks.length >= minAcks, `run ${run}: the child was appending when it was killed`);
    acked.push(...acks);
    // Restart: the store opens (WAL recovery, migrations check) and sees at least what was acknowledged.
    const store = await openSqliteStore({ file, writer: 'inline' });
    const head = await store.headPosition();
    await store.close();
    t.ok(head >= BigInt(acks.at(-1)?.position ?? 0), `run ${run}: the reopened store's head covers the last acknowledgement`);
    verify(t, file, acked);
  }
}

// Each run kills at a new random moment and restarts on the file the earlier kills left.
t.test('SIGKILL at random moments of a single appender, five times: nothing acknowledged is lost', async (t) => {
  await crashLoop(t, 'single', 5);
});

t.test('SIGKILL of twenty concurrent group-committed appenders, three times: nothing acknowledged is lost', async (t) => {
  await crashLoop(t, 'concurrent', 3);
});
