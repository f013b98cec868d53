import type { Database } from 'better-sqlite3';
import { connectionOnThread, type FromConnectionWriter, type ToConnectionWriter } from '../shared/connection-writer-thread.ts';
import { siblingModule } from '../shared/module-worker.ts';
import { sharedWorker, WorkerRequests } from '../shared/worker-requests.ts';
import type { RequestSeed } from './deterministic-ids.ts';
import { applyIdempotencyWrites, type IdempotencyWrite, type IdempotencyWriteResult } from './idempotency-writes.ts';

export type IdempotencyClaim =
  | { kind: 'new'; seed: RequestSeed }
  | { kind: 'completed'; statusCode: number; body: string }
  | { kind: 'mismatch' }
  /** Claimed earlier but never answered: the process died mid-request. Re-run it with its seed. */
  | { kind: 'unfinished'; seed: RequestSeed };

/** Where a group of writes runs: on the calling thread, or on the idempotency writer thread. */
export interface IdempotencyWriteExecutor {
  write(writes: IdempotencyWrite[]): Promise<IdempotencyWriteResult[]>;
  close(): Promise<void>;
}

/** The group commits on the calling thread: its transaction (and any WAL checkpoint) holds the event loop. */
export function inlineIdempotencyExecutor(db: Database): IdempotencyWriteExecutor {
  return { write: async (writes) => applyIdempotencyWrites(db, writes), close: async () => {} };
}

/**
 * On the process's idempotency writer thread (idempotency-writer-worker.ts), started on
 * the first write, with a connection of its own to `file` (node.sqlite, migrated already).
 */
export function threadIdempotencyExecutor(file: string): IdempotencyWriteExecutor {
  return connectionOnThread(writerThread, file, 'idempotency writer');
}

const writerThread = sharedWorker((onFail) =>
  WorkerRequests.start<ToConnectionWriter<IdempotencyWrite>, FromConnectionWriter<IdempotencyWriteResult[]>>(siblingModule(import.meta.url, 'idempotency-writer-worker'), 'idempotency writer thread', onFail),
);

/** Most writes in one transaction: bounds how long one group holds its thread. */
const FLUSH_WRITES_MAX = 1024;

/**
 * Keys are scoped to the principal that used them: two clients cannot collide or read each other's answers.
 *
 * Writes are group-committed: every claim and answer queued during one turn of the event
 * loop goes into one transaction (applyIdempotencyWrites), and each caller's promise
 * settles when that transaction has committed. One commit per turn instead of two per
 * request was the largest fixed cost of a command with a key (measured: 82 µs of CPU per
 * request for claim + answer as two commits, 22 µs in groups of 30, idle machine; far more
 * under load). A claim looks its key up in the same transaction that stores it.
 *
 * `executor`: where the groups run; inline on `db` unless told (taizhang serve runs them on
 * the idempotency writer thread: in the in-process command mix, claims and answers were
 * about a tenth of the main thread's work for a keyed command).
 *
 * Callers await their write before going on: a claim is in node.sqlite before the command
 * appends anything (a restart then replays with the same seed), and an answer before it is
 * sent. A second request with a key whose claim is still queued is the HTTP plugin's
 * in-flight check's to refuse (it marks the key before claiming).
 */
export class IdempotencyStore {
  private readonly executor: IdempotencyWriteExecutor;
  /** The queued writes and their callers' promise settlers, without a closure per write. */
  private queue: QueuedWrite[] = [];
  private scheduled = false;

  constructor(db: Database, executor?: IdempotencyWriteExecutor) {
    this.executor = executor ?? inlineIdempotencyExecutor(db);
  }

  /** Looks the key up and, when it is new, claims it with `fresh`; resolves once the claim is stored. */
  async claim(principalId: string, key: string, requestHash: string, fresh: RequestSeed, nowIso: string): Promise<IdempotencyClaim> {
    const result = await this.enqueue({ kind: 'claim', principalId, key, requestHash, seedJson: JSON.stringify(fresh), nowIso });
    if (result === 'recorded' || 'error' in result) throw new Error('invariant violated: a claim answered as a record');
    const row = result.row;
    if (row === null) return { kind: 'new', seed: fresh };
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code !== null && row.response_body !== null) return { kind: 'completed', statusCode: row.status_code, body: row.response_body };
    return { kind: 'unfinished', seed: JSON.parse(row.seed) as RequestSeed };
  }

  /** Stores the answer of a claimed key (the first answer stays: a later one is ignored); resolves once stored. */
  async record(principalId: string, key: string, statusCode: number, body: string, nowIso: string): Promise<void> {
    await this.enqueue({ kind: 'record', principalId, key, statusCode, body, nowIso });
  }

  /** Waits for the queued writes, then lets go of the executor's connection. */
  async close(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) await new Promise((resolve) => setImmediate(resolve));
    await this.executor.close();
  }

  private enqueue(write: IdempotencyWrite): Promise<IdempotencyWriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  // A bound field, not a closure per flush: setImmediate takes it as it is.
  readonly #flush = (): void => {
    const batch = this.queue.length <= FLUSH_WRITES_MAX ? this.queue : this.queue.slice(0, FLUSH_WRITES_MAX);
    this.queue = batch === this.queue ? [] : this.queue.slice(FLUSH_WRITES_MAX);
    if (this.queue.length > 0) setImmediate(this.#flush);
    else this.scheduled = false;
    const writes: IdempotencyWrite[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) writes[i] = batch[i]!.write;
    this.executor.write(writes).then(
      (results) => settle(batch, results),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const queued of batch) queued.reject(failure);
      },
    );
  };
}

interface QueuedWrite {
  write: IdempotencyWrite;
  resolve: (result: IdempotencyWriteResult) => void;
  reject: (error: Error) => void;
}

function settle(batch: readonly QueuedWrite[], results: readonly IdempotencyWriteResult[]): void {
  for (let i = 0; i < batch.length; i++) {
    const queued = batch[i]!;
    const r = results[i];
    if (r === undefined) queued.reject(new Error('idempotency write got no answer'));
    else if (typeof r === 'object' && 'error' in r) queued.reject(new Error(`idempotency write failed: ${r.error}`));
    else queued.resolve(r);
  }
}

