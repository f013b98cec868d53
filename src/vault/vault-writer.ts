import { connectionOnThread, type FromConnectionWriter, type ToConnectionWriter } from '../shared/connection-writer-thread.ts';
import { siblingModule } from '../shared/module-worker.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import { sharedWorker, WorkerRequests } from '../shared/worker-requests.ts';
import { applyVaultWrites, type VaultWrite } from './vault-writes.ts';

/** Runs one group of vault writes as one transaction and answers per write. */
export interface VaultWriteExecutor {
  write(writes: VaultWrite[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/**
 * `thread` (default): a worker thread owns the vault's write connection, so a put's fsync
 * (0.3 ms on an idle disk, 5-10 ms under load) no longer stops the event loop; measured
 * with bench/http-commands.bench.ts, where each registration used to hold the loop for its
 * fsync. `inline`: the group commits on the calling thread (one-shot tools, tests).
 */
export type VaultWriterMode = 'thread' | 'inline';

export function inlineVaultExecutor(db: SqliteDatabase): VaultWriteExecutor {
  return { write: async (writes) => applyVaultWrites(db, writes), close: async () => {} };
}

/**
 * On the process's vault writer thread, started on the first write (a vault only read
 * never pays for it) and shared by every vault of the process.
 */
export function threadVaultExecutor(file: string): VaultWriteExecutor {
  return connectionOnThread(writerThread, file, 'vault writer');
}

/** The process's one vault writer thread, shared by every vault; vaults opened after a failure start a new one. */
const writerThread = sharedWorker((onFail) =>
  WorkerRequests.start<ToConnectionWriter<VaultWrite>, FromConnectionWriter<boolean[]>>(siblingModule(import.meta.url, 'vault-writer-worker'), 'vault writer thread', onFail),
);

interface Pending {
  write: VaultWrite;
  resolve: (changed: boolean) => void;
  reject: (e: Error) => void;
}

/** Most writes in one transaction; a vault row is a few hundred bytes. */
const MAX_GROUP = 512;

/**
 * Group commit for the vault. While one group is being committed, new writes wait here;
 * when it is durable, everything that arrived meanwhile becomes the next group, in
 * arrival order (a put and a later erase of the same person stay in that order). A write
 * arriving while idle waits one setImmediate, so callers released together join one group.
 * Each promise resolves only once its group's transaction is on disk.
 */
export class VaultWriteQueue {
  #pending: Pending[] = [];
  #state: 'idle' | 'scheduled' | 'committing' = 'idle';
  #drained: (() => void)[] = [];

  constructor(private readonly executor: VaultWriteExecutor) {}

  submit(write: VaultWrite): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ write, resolve, reject });
      if (this.#state === 'idle') {
        this.#state = 'scheduled';
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Resolves once every submitted write has its outcome. */
  drain(): Promise<void> {
    if (this.#state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #flush(): void {
    const group = this.#pending.splice(0, MAX_GROUP);
    if (group.length === 0) {
      this.#state = 'idle';
      for (const d of this.#drained.splice(0)) d();
      return;
    }
    this.#state = 'committing';
    this.executor.write(group.map((p) => p.write)).then(
      (changed) => {
        group.forEach((p, i) => p.resolve(changed[i] === true));
        this.#flush();
      },
      (e: unknown) => {
        const error = e instanceof Error ? e : new Error(String(e));
        for (const p of group) p.reject(error);
        this.#flush();
      },
    );
  }
}
