import { siblingModule } from '../../shared/module-worker.ts';
import { openSqlite } from '../../shared/sqlite-connection.ts';
import { noteThreadName } from '../../shared/thread-names.ts';
import { sharedWorker, WorkerRequests } from '../../shared/worker-requests.ts';
import { GroupCommitter, type AppendRequest, type GroupResult } from './group-commit.ts';
import { encodeGroup } from './group-wire.ts';
import type { FromWriter, ToWriter } from './writer-worker.ts';

/** Runs one group commit somewhere and answers with one outcome per request (and what it saw of the log). */
export interface WriteExecutor {
  commit(requests: AppendRequest[]): Promise<GroupResult>;
  close(): Promise<void>;
}

/**
 * Where group commits run. Default `thread`; decided by measurement (bench/eventstore.bench.ts,
 * 2 cores shared with other engineers' builds and tests, load average 10-17):
 *
 * - The event loop is what suffers from `inline`: better-sqlite3 is synchronous, so each
 *   COMMIT and its fsync (0.3 ms on an idle disk here, 5-10 ms under load; a WAL
 *   checkpoint, tens of ms; waiting for another process's write lock, up to busy_timeout)
 *   stops everything else in the process: parsing requests, answering queries, feeding
 *   projections, and accepting the callers that would form the next group. With 50
 *   appending callers, a reader beside them was served 1 394 reads/s with the thread and
 *   53 with inline (26×); event-loop delay p99 27 ms against 93 ms.
 * - The thread's price is two cross-thread hand-offs per commit and copying the
 *   serialised events (sent as one flat array: see group-wire.ts; one object per event
 *   cost as much again). A round trip is about 35 µs when a core is free, up to a
 *   millisecond when the machine is oversubscribed, as it is here. Measured beside raw
 *   better-sqlite3: single-caller appends 0.77-1.05× with the thread, 0.93-1.05× inline;
 *   100-event batches 0.79-0.96× and 0.96-1.16×; 50 callers 23-72× raw one-row
 *   transactions either way. On an unshared machine the hand-off is small beside an fsync.
 *
 * A server needs its loop more than the last few percent of one caller's append rate;
 * `inline` remains for one-shot tools (imports, CLI commands) that do nothing else.
 */
export type WriterMode = 'thread' | 'inline';

/**
 * `inline`: the group commit runs on the calling thread, so the event loop stops for the
 * whole transaction and its fsync.
 */
export function inlineExecutor(file: string, busyTimeoutMs: number): WriteExecutor {
  const db = openSqlite(file, { busyTimeoutMs });
  const committer = new GroupCommitter(db);
  return {
    commit: async (requests) => committer.commitGroup(requests),
    close: async () => {
      db.close();
    },
  };
}

/** `thread`: the group commit runs on the process's writer thread, which owns the write connection. */
export async function threadExecutor(file: string, busyTimeoutMs: number): Promise<WriteExecutor> {
  const thread = await writerThread();
  const opened = await thread.request({ kind: 'open', seq: 0, file, busyTimeoutMs });
  if (opened.kind !== 'opened') throw new Error(`writer thread answered ${opened.kind} to open`);
  const { connection } = opened;
  if (opened.threadId !== undefined) noteThreadName(opened.threadId, 'event store writer');
  return {
    async commit(requests) {
      const answer = await thread.request({ kind: 'commit', seq: 0, connection, group: encodeGroup(requests) });
      if (answer.kind !== 'committed') throw new Error(`writer thread answered ${answer.kind} to commit`);
      return answer.result;
    },
    async close() {
      await thread.request({ kind: 'close', seq: 0, connection });
    },
  };
}

/** The process's one writer thread, shared by every store opened in thread mode; a failed one fails the stores using it, and stores opened later start a new one. */
const writerThread = sharedWorker((onFail) =>
  WorkerRequests.start<ToWriter, FromWriter>(siblingModule(import.meta.url, 'writer-worker'), 'event store writer thread', onFail),
);
