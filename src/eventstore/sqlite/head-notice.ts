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
