import type { Worker } from 'node:worker_threads';
import { siblingModule, startModuleWorker } from '../shared/module-worker.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import type { FromVaultWriter, ToVaultWriter } from './vault-writer-worker.ts';
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
  let opened: Promise<{ thread: VaultWriterThread; connection: number }> | undefined;
  const open = () =>
    (opened ??= (async () => {
      const thread = await writerThread();
      const answer = await thread.request({ kind: 'open', seq: 0, file });
      if (answer.kind !== 'opened') throw new Error(`vault writer answered ${answer.kind} to open`);
      return { thread, connection: answer.connection };
    })());
  return {
    async write(writes) {
      const { thread, connection } = await open();
      const answer = await thread.request({ kind: 'write', seq: 0, connection, writes });
      if (answer.kind !== 'written') throw new Error(`vault writer answered ${answer.kind} to write`);
      return answer.changed;
    },
    async close() {
      if (opened === undefined) return;
      const o = await opened.catch(() => undefined);
      if (o !== undefined) await o.thread.request({ kind: 'close', seq: 0, connection: o.connection });
    },
  };
}

type Answer = Exclude<FromVaultWriter, { kind: 'ready' } | { kind: 'failed' }>;

let shared: Promise<VaultWriterThread> | undefined;

function writerThread(): Promise<VaultWriterThread> {
  shared ??= VaultWriterThread.start().catch((e: unknown) => {
    shared = undefined;
    throw e;
  });
  return shared;
}

class VaultWriterThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  #seq = 0;
  #failure: Error | undefined;

  static async start(): Promise<VaultWriterThread> {
    const worker = startModuleWorker(siblingModule(import.meta.url, 'vault-writer-worker'));
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (m: FromVaultWriter) => (m.kind === 'ready' ? resolve() : reject(new Error(`vault writer said ${m.kind} first`))));
        worker.once('error', reject);
      });
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return new VaultWriterThread(worker);
  }

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (m: FromVaultWriter) => this.#answer(m));
    worker.on('error', (e) => this.#fail(e));
    worker.on('exit', (code) => this.#fail(new Error(`exited with code ${code}`)));
    // Idle, the thread does not keep the process alive; it is ref'd while a request is pending.
    worker.unref();
  }

  request(message: ToVaultWriter): Promise<Answer> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const seq = ++this.#seq;
      this.#waiting.set(seq, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ ...message, seq });
    });
  }

  #answer(m: FromVaultWriter): void {
    if (m.kind === 'ready') return;
    const w = this.#waiting.get(m.seq);
    this.#waiting.delete(m.seq);
    if (this.#waiting.size === 0) this.#worker.unref();
    if (m.kind === 'failed') w?.reject(new Error(`vault writer thread: ${m.message}`));
    else w?.resolve(m);
  }

  #fail(e: Error): void {
    this.#failure ??= new Error(`vault writer thread failed: ${e.message}`, { cause: e });
    for (const w of this.#waiting.values()) w.reject(this.#failure);
    this.#waiting.clear();
    // Vaults opened later start a new thread.
    if (shared !== undefined) void shared.then((t) => t === this && (shared = undefined), () => {});
  }
}

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
