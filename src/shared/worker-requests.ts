import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from './module-worker.ts';

/** What a request/answer worker sends: `ready` once, then one answer (or `failed`) per request's seq. */
type FromWorker = { kind: 'ready' } | { kind: 'failed'; seq: number; message: string } | { kind: string; seq: number };
type AnswerOf<F> = Exclude<F, { kind: 'ready' } | { kind: 'failed' }>;

/**
 * Requests to a worker thread that owns a resource (a SQLite write connection), each answered
 * by seq. Used by the event store's and the vault's writer threads. Idle, the thread does not
 * keep the process alive; it is ref'd while a request is pending. Once the thread fails, every
 * pending and later request is refused with that failure.
 */
export class WorkerRequests<To extends { seq: number }, From extends FromWorker> {
  readonly #worker: Worker;
  readonly #name: string;
  readonly #waiting = new Map<number, { resolve: (a: AnswerOf<From>) => void; reject: (e: Error) => void }>();
  #seq = 0;
  #failure: Error | undefined;
  readonly #onFail: () => void;

  /** Starts the worker module and resolves once it said `ready`. `onFail` runs once if it later fails. */
  static async start<To extends { seq: number }, From extends FromWorker>(entry: URL, name: string, onFail: () => void = () => {}): Promise<WorkerRequests<To, From>> {
    const worker = startModuleWorker(entry);
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (m: From) => (m.kind === 'ready' ? resolve() : reject(new Error(`${name} said ${m.kind} first`))));
        worker.once('error', reject);
      });
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return new WorkerRequests<To, From>(worker, name, onFail);
  }

  private constructor(worker: Worker, name: string, onFail: () => void) {
    this.#worker = worker;
    this.#name = name;
    this.#onFail = onFail;
    worker.on('message', (m: From) => this.#answer(m));
    worker.on('error', (e) => this.#fail(e));
    worker.on('exit', (code) => this.#fail(new Error(`exited with code ${code}`)));
    worker.unref();
  }

  request(message: To): Promise<AnswerOf<From>> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const seq = ++this.#seq;
      this.#waiting.set(seq, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ ...message, seq });
    });
  }

  #answer(m: From): void {
    if (m.kind === 'ready') return;
    const { seq } = m as { seq: number };
    const w = this.#waiting.get(seq);
    this.#waiting.delete(seq);
    if (this.#waiting.size === 0) this.#worker.unref();
    if (m.kind === 'failed') w?.reject(new Error(`${this.#name}: ${(m as { message: string }).message}`));
    else w?.resolve(m as AnswerOf<From>);
  }

  #fail(e: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = new Error(`${this.#name} failed: ${e.message}`, { cause: e });
    for (const w of this.#waiting.values()) w.reject(this.#failure);
    this.#waiting.clear();
    this.#onFail();
  }
}

/**
 * One thread per process, started on first use; after a failed start or a failure of the
 * thread, the next caller starts a new one.
 */
export function sharedWorker<T>(start: (onFail: () => void) => Promise<T>): () => Promise<T> {
  let shared: Promise<T> | undefined;
  return () => {
    if (shared !== undefined) return shared;
    const mine: Promise<T> = start(() => {
      if (shared === mine) shared = undefined;
    }).catch((e: unknown) => {
      if (shared === mine) shared = undefined;
      throw e;
    });
    shared = mine;
    return mine;
  };
}
