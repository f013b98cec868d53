import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import { applyVaultWrites, configureVaultConnection, type VaultWrite } from './vault-writes.ts';

/**
 * The vault writer thread: owns the connections that write the vault files of this
 * process (usually one), so the fsync of every put waits here and not on the server's
 * event loop. One thread per process, not per vault: a worker running TypeScript takes a
 * few hundred milliseconds to start, which every vault opened (in tests, many) would pay.
 */
export type ToVaultWriter =
  | { kind: 'open'; seq: number; file: string }
  | { kind: 'write'; seq: number; connection: number; writes: VaultWrite[] }
  | { kind: 'close'; seq: number; connection: number };

export type FromVaultWriter =
  | { kind: 'ready' }
  | { kind: 'opened'; seq: number; connection: number }
  | { kind: 'written'; seq: number; changed: boolean[] }
  | { kind: 'closed'; seq: number }
  | { kind: 'failed'; seq: number; message: string };

const port = parentPort;
if (port === null) throw new Error('vault-writer-worker.ts runs as a worker thread only');
const connections = new Map<number, Database.Database>();
let nextConnection = 1;

port.on('message', (message: ToVaultWriter) => {
  let answer: FromVaultWriter;
  try {
    answer = handle(message);
  } catch (e) {
    // SQLite's message names the failure (disk full, I/O error), never a value of the record.
    answer = { kind: 'failed', seq: message.seq, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
});

function handle(message: ToVaultWriter): FromVaultWriter {
  switch (message.kind) {
    case 'open': {
      const opened = new Database(message.file, { fileMustExist: true });
      try {
        configureVaultConnection(opened, message.file);
      } catch (e) {
        opened.close();
        throw e;
      }
      const connection = nextConnection++;
      connections.set(connection, opened);
      return { kind: 'opened', seq: message.seq, connection };
    }
    case 'write': {
      const db = connections.get(message.connection);
      if (db === undefined) throw new Error(`vault writer: no connection ${message.connection}`);
      return { kind: 'written', seq: message.seq, changed: applyVaultWrites(db, message.writes) };
    }
    case 'close':
      connections.get(message.connection)?.close();
      connections.delete(message.connection);
      return { kind: 'closed', seq: message.seq };
  }
}

port.postMessage({ kind: 'ready' } satisfies FromVaultWriter);
