import { parentPort } from 'node:worker_threads';
import { openSqlite, type SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { currentThreadId } from '../../shared/thread-names.ts';
import { GroupCommitter, type GroupResult } from './group-commit.ts';
import { decodeGroup, type WireGroup } from './group-wire.ts';

/**
 * The writer thread: owns the write connection of every SQLite store of this process
 * (usually one). One thread per process, not per store, because starting a worker that
 * runs TypeScript costs a second or more (tsx loads in the worker and in its own loader
 * thread), which every store open would otherwise pay.
 */
export type ToWriter =
  | { kind: 'open'; seq: number; file: string; busyTimeoutMs: number }
  | { kind: 'commit'; seq: number; connection: number; group: WireGroup }
  | { kind: 'close'; seq: number; connection: number };

export type FromWriter =
  | { kind: 'ready' }
  /** `threadId`: this thread's Linux id, so the process can name it beside its CPU (thread-names.ts). */
  | { kind: 'opened'; seq: number; connection: number; threadId?: string }
  | { kind: 'committed'; seq: number; result: GroupResult }
  | { kind: 'closed'; seq: number }
  | { kind: 'failed'; seq: number; message: string };

const port = parentPort;
if (port === null) throw new Error('writer-worker.ts runs as a worker thread only');
const connections = new Map<number, { db: SqliteDatabase; committer: GroupCommitter }>();
let nextConnection = 1;
const threadId = currentThreadId();
const send = (message: FromWriter) => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  try {
    send(handle(message));
  } catch (e) {
    send({ kind: 'failed', seq: message.seq, message: e instanceof Error ? e.message : String(e) });
  }
});

function handle(message: ToWriter): FromWriter {
  switch (message.kind) {
    case 'open': {
      const db = openSqlite(message.file, { busyTimeoutMs: message.busyTimeoutMs });
      const connection = nextConnection++;
      connections.set(connection, { db, committer: new GroupCommitter(db) });
      return { kind: 'opened', seq: message.seq, connection, threadId };
    }
    case 'commit':
      return { kind: 'committed', seq: message.seq, result: lookup(message.connection).committer.commitGroup(decodeGroup(message.group)) };
    case 'close':
      lookup(message.connection).db.close();
      connections.delete(message.connection);
      return { kind: 'closed', seq: message.seq };
  }
}

function lookup(connection: number) {
  const c = connections.get(connection);
  if (c === undefined) throw new Error(`no writer connection ${connection}`);
  return c;
}

send({ kind: 'ready' });
