import type { Database } from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { WorkerRequests } from './worker-requests.ts';

/**
 * A writer thread that owns SQLite write connections (the vault's, the Idempotency-Key
 * records'): the main thread opens a connection to a file, hands it groups of writes as
 * plain data and gets each group's result once its transaction has committed there.
 */
export type ToConnectionWriter<W> =
  | { kind: 'open'; seq: number; file: string }
  | { kind: 'write'; seq: number; connection: number; writes: W[] }
  | { kind: 'close'; seq: number; connection: number };

export type FromConnectionWriter<R> =
  | { kind: 'ready' }
  | { kind: 'opened'; seq: number; connection: number }
  | { kind: 'written'; seq: number; result: R }
  | { kind: 'closed'; seq: number }
  | { kind: 'failed'; seq: number; message: string };

/** The worker side: answers open/write/close on this thread's port with `open` and `apply`. */
export function serveConnectionWrites<W, R>(entry: string, open: (file: string) => Database, apply: (db: Database, writes: W[]) => R): void {
  const port = parentPort;
  if (port === null) throw new Error(`${entry} runs as a worker thread only`);
  const connections = new Map<number, Database>();
  let nextConnection = 1;
  const handle = (message: ToConnectionWriter<W>): FromConnectionWriter<R> => {
    switch (message.kind) {
      case 'open': {
        const connection = nextConnection++;
        connections.set(connection, open(message.file));
        return { kind: 'opened', seq: message.seq, connection };
      }
      case 'write': {
        const db = connections.get(message.connection);
        if (db === undefined) throw new Error(`${entry}: no connection ${message.connection}`);
        return { kind: 'written', seq: message.seq, result: apply(db, message.writes) };
      }
      case 'close':
        connections.get(message.connection)?.close();
        connections.delete(message.connection);
        return { kind: 'closed', seq: message.seq };
    }
  };
  port.on('message', (message: ToConnectionWriter<W>) => {
    let answer: FromConnectionWriter<R>;
    try {
      answer = handle(message);
    } catch (e) {
      // SQLite's message names the failure (disk full, I/O error), never a value of a record.
      answer = { kind: 'failed', seq: message.seq, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(answer);
  });
  port.postMessage({ kind: 'ready' } satisfies FromConnectionWriter<R>);
}

/**
 * The main side: one connection to `file` on the thread `thread()` starts (or shares),
 * opened on the first write, so a process that only reads never starts the thread.
 */
export function connectionOnThread<W, R>(
  thread: () => Promise<WorkerRequests<ToConnectionWriter<W>, FromConnectionWriter<R>>>,
  file: string,
  name: string,
): { write(writes: W[]): Promise<R>; close(): Promise<void> } {
  let opened: Promise<{ requests: WorkerRequests<ToConnectionWriter<W>, FromConnectionWriter<R>>; connection: number }> | undefined;
  const open = () =>
    (opened ??= (async () => {
      const requests = await thread();
      const answer = await requests.request({ kind: 'open', seq: 0, file });
      if (answer.kind !== 'opened') throw new Error(`${name} answered ${answer.kind} to open`);
      return { requests, connection: answer.connection };
    })());
  return {
    async write(writes) {
      const { requests, connection } = await open();
      const answer = await requests.request({ kind: 'write', seq: 0, connection, writes });
      if (answer.kind !== 'written') throw new Error(`${name} answered ${answer.kind} to write`);
      return answer.result;
    },
    async close() {
      if (opened === undefined) return;
      const o = await opened.catch(() => undefined);
      if (o !== undefined) await o.requests.request({ kind: 'close', seq: 0, connection: o.connection });
    },
  };
}
