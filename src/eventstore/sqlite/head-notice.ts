/**
 * How the thread that owns the writing store tells worker threads reading the same file
 * (openSqliteStoreReadOnly) that the log grew: one small message per group commit, so a
 * caught-up subscription in the worker reads on at once instead of polling.
 *
 * Main thread:  const stop = postHeadNotices(store, worker);   // worker or MessagePort
 * Worker:       port.on('message', (m) => { if (isHeadNotice(m)) readOnlyStore.noteHead(m.position); });
 */
export interface HeadNotice {
  kind: 'eventstore-head';
  /** The log's head after the commit (bigint survives structured cloning). */
  position: bigint;
}

export function isHeadNotice(message: unknown): message is HeadNotice {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'eventstore-head' && typeof (message as { position?: unknown }).position === 'bigint';
}

/** What posts the notices: SqliteEventStore.onCommit. */
export interface CommitSource {
  onCommit(listener: (head: bigint) => void): () => void;
}

export interface HeadNoticeOptions {
  /**
   * At most one notice per this many milliseconds (default 0: one per group commit). A
   * commit inside the interval is told by one notice at its end, carrying the newest head:
   * a reader learns of an append at most this much later, and the writing thread posts a
   * message per interval instead of per commit (measured at ~40 us of the main thread per
   * notice under the command benchmark). A reader whose caller waits for a position can
   * wake itself on that position (SqliteReadOnlyStore.noteHead) instead of waiting for it.
   */
  minIntervalMs?: number;
}

/**
 * Posts a HeadNotice to `target` after group commits of `store` that stored an event;
 * returns how to stop. A target that cannot take it (a worker that has exited) is ignored:
 * the store's appends must never fail because a reader went away.
 */
export function postHeadNotices(store: CommitSource, target: { postMessage(message: HeadNotice): void }, options: HeadNoticeOptions = {}): () => void {
  const post = (position: bigint) => {
    try {
      target.postMessage({ kind: 'eventstore-head', position });
    } catch {
      // The reader's own failure handling reports it; the writer goes on.
    }
  };
  const intervalMs = options.minIntervalMs ?? 0;
  if (intervalMs <= 0) return store.onCommit(post);
  let lastPostMs = -Infinity;
  let newest: bigint | undefined;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    lastPostMs = performance.now();
    if (newest !== undefined) post(newest);
    newest = undefined;
  };
  const stop = store.onCommit((position) => {
    newest = newest === undefined || position > newest ? position : newest;
    if (timer !== undefined) return;
    const waitMs = lastPostMs + intervalMs - performance.now();
    if (waitMs <= 0) flush();
    else timer = setTimeout(flush, waitMs).unref();
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}

/**
 * Head notices without a message per commit. postMessage from the writing thread was ~60 us
 * or more of the main thread each under the command benchmark on this 2-core machine (the
 * port's queue is shared with a thread that may not be running), so with several reading
 * threads and ~1 000 group commits a second it was a few per cent of the thread that
 * saturates first. Here the writing thread only stores the head in shared memory; the
 * reader looks at it every `pollMs` while the log moves, and once it has been still for
 * `idleAfterMs` raises a flag and stops looking: the next commit then posts one HeadNotice
 * (and lowers the flag), which restarts it.
 *
 * Main thread:  const shared = shareHeads(store, worker);  // pass shared.buffer in workerData
 * Worker:       const watch = watchSharedHead(buffer, (p) => view.noteHead(p));
 *               port.on('message', (m) => { if (isHeadNotice(m)) watch.woken(m.position); });
 */
export function shareHeads(store: CommitSource, target: { postMessage(message: HeadNotice): void }): { buffer: SharedArrayBuffer; stop: () => void } {
  const buffer = new SharedArrayBuffer(16);
  const head = new BigInt64Array(buffer, 0, 1);
  const asleep = new Int32Array(buffer, 8, 1);
  const stop = store.onCommit((position) => {
    Atomics.store(head, 0, position);
    if (Atomics.compareExchange(asleep, 0, 1, 0) !== 1) return;
    try {
      target.postMessage({ kind: 'eventstore-head', position });
    } catch {
      // The reader's own failure handling reports it; the writer goes on.
    }
  });
  return { buffer, stop };
}

export interface SharedHeadWatch {
  /** A HeadNotice came: the log moves again; `position` is reported and watching resumes. */
  woken(position: bigint): void;
  stop(): void;
}

/** The reading thread's side of shareHeads: `onHead` with each new head it sees. */
export function watchSharedHead(buffer: SharedArrayBuffer, onHead: (position: bigint) => void, options: { pollMs?: number; idleAfterMs?: number } = {}): SharedHeadWatch {
  const head = new BigInt64Array(buffer, 0, 1);
  const asleep = new Int32Array(buffer, 8, 1);
  const pollMs = options.pollMs ?? 2;
  const idleAfterMs = options.idleAfterMs ?? 500;
  let seen = Atomics.load(head, 0);
  let movedAtMs = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (!stopped && timer === undefined) timer = setTimeout(tick, pollMs).unref();
  };
  const tick = () => {
    timer = undefined;
    const now = Atomics.load(head, 0);
    if (now !== seen) {
      seen = now;
      movedAtMs = performance.now();
      onHead(now);
    } else if (performance.now() - movedAtMs >= idleAfterMs) {
      Atomics.store(asleep, 0, 1);
      // A commit between the load above and the flag saw it down and posted nothing: look again.
      if (Atomics.load(head, 0) === seen) return;
      // Lowered by the writer meanwhile: its notice is on the way and restarts this.
      if (Atomics.compareExchange(asleep, 0, 1, 0) !== 1) return;
    }
    schedule();
  };
  schedule();
  return {
    woken(position) {
      movedAtMs = performance.now();
      if (position > seen) {
        seen = position;
        onHead(position);
      }
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
