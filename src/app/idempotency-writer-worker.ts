import { parentPort } from 'node:worker_threads';
import { openSqlite, type SqliteDatabase } from '../shared/sqlite-connection.ts';
import { applyIdempotencyWrites, type IdempotencyWrite, type IdempotencyWriteResult } from './idempotency-writes.ts';

/**
 * The idempotency writer thread: owns the connections that write the Idempotency-Key
 * records of node.sqlite (usually one), so that the claims' and answers' transactions
 * (and the WAL checkpoints they trigger) run beside the server's event loop, not on it.
 * One thread per process, started on the first keyed request.
 */
export type ToIdempotencyWriter =
  | { kind: 'open'; seq: number; file: string }
  | { kind: 'write'; seq: number; connection: number; writes: IdempotencyWrite[] }
  | { kind: 'close'; seq: number; connection: number };

export type FromIdempotencyWriter =
  | { kind: 'ready' }
  | { kind: 'opened'; seq: number; connection: number }
  | { kind: 'written'; seq: number; results: IdempotencyWriteResult[] }
  | { kind: 'closed'; seq: number }
  | { kind: 'failed'; seq: number; message: string };

const port = parentPort;
if (port === null) throw new Error('idempotency-writer-worker.ts runs as a worker thread only');
const connections = new Map<number, SqliteDatabase>();
let nextConnection = 1;

port.on('message', (message: ToIdempotencyWriter) => {
  let answer: FromIdempotencyWriter;
  try {
    answer = handle(message);
  } catch (e) {
    answer = { kind: 'failed', seq: message.seq, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
});

function handle(message: ToIdempotencyWriter): FromIdempotencyWriter {
  switch (message.kind) {
    case 'open': {
      const db = openSqlite(message.file);
      // As node-db.ts sets it for the main connection (why: see there); a per-connection setting.
      db.pragma('synchronous = NORMAL');
      const connection = nextConnection++;
      connections.set(connection, db);
      return { kind: 'opened', seq: message.seq, connection };
    }
    case 'write': {
      const db = connections.get(message.connection);
      if (db === undefined) throw new Error(`idempotency writer: no connection ${message.connection}`);
      return { kind: 'written', seq: message.seq, results: applyIdempotencyWrites(db, message.writes) };
    }
    case 'close':
      connections.get(message.connection)?.close();
      connections.delete(message.connection);
      return { kind: 'closed', seq: message.seq };
  }
}

port.postMessage({ kind: 'ready' } satisfies FromIdempotencyWriter);
