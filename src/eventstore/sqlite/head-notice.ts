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

/**
 * Posts a HeadNotice to `target` after every group commit of `store` that stored an event;
 * returns how to stop. A target that cannot take it (a worker that has exited) is ignored:
 * the store's appends must never fail because a reader went away.
 */
export function postHeadNotices(store: CommitSource, target: { postMessage(message: HeadNotice): void }): () => void {
  return store.onCommit((position) => {
    try {
      target.postMessage({ kind: 'eventstore-head', position });
    } catch {
      // The reader's own failure handling reports it; the writer goes on.
    }
  });
}
