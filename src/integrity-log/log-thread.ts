/**
 * The thread that keeps a server's Merkle log (started by log-thread-port.ts): the
 * merkle-log projection and the checkpoint signer of IntegrityLog, fed by a read-only view
 * of the embedded store's file. The main thread tells it of every group commit (head
 * notices) and of callers waiting for a position; it answers with its status (served file
 * and position, state, signing failure) whenever that changed, at most every
 * statusIntervalMs, and at once when a waited-for position is reached.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { assertNever } from '../domain/decider.ts';
import { isHeadNotice, watchSharedHead } from '../eventstore/sqlite/head-notice.ts';
import { openSqliteStoreReadOnly, type SqliteReadOnlyStore } from '../eventstore/sqlite/read-only-store.ts';
import { createLogger } from '../logging/logger.ts';
import { IntegrityLog } from './integrity-log.ts';
import type { FromLogThread, LogThreadData, LogThreadStatus, ToLogThread } from './log-thread-protocol.ts';

function parent(): MessagePort {
  if (parentPort === null) throw new Error('log-thread.ts runs as a worker thread');
  return parentPort;
}
const port = parent();
const data = workerData as LogThreadData;
const post = (message: FromLogThread): void => port.postMessage(message);
const logger = createLogger(data.logLevel, { write: (line: string) => post({ kind: 'log', line }) });

/**
 * How often the thread looks at the shared head while the log moves: the runner lingers up to
 * 50 ms for more events anyway, and a caller waiting for a position wakes the reader at once.
 */
const HEAD_POLL_MS = 10;

function statusOf(log: IntegrityLog): LogThreadStatus {
  const status = log.status();
  const failure = log.failure;
  return {
    state: status.state,
    served: log.served,
    signingFailure: status.signingFailure,
    failure: failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure),
  };
}

function sameStatus(a: LogThreadStatus, b: LogThreadStatus): boolean {
  return a.state === b.state && a.served?.file === b.served?.file && a.served?.position === b.served?.position && a.signingFailure === b.signingFailure && a.failure === b.failure;
}

function run(store: SqliteReadOnlyStore, log: IntegrityLog): void {
  let last = statusOf(log);
  const report = (force: boolean): void => {
    const now = statusOf(log);
    if (!force && sameStatus(now, last)) return;
    last = now;
    post({ kind: 'status', status: now });
  };
  const timer = setInterval(() => report(false), data.statusIntervalMs ?? 100);
  const heads = watchSharedHead(data.headBuffer, (position) => store.noteHead(position), { pollMs: data.headPollMs ?? HEAD_POLL_MS });
  let closing: Promise<void> | undefined;
  port.on('message', (message: ToLogThread) => {
    if (isHeadNotice(message)) {
      heads.woken(message.position);
      return;
    }
    switch (message.kind) {
      case 'wait':
        // The position is committed (its writer answered), perhaps before the next head
        // notice: the reader looks at once. The wait ends the runner's linger; answered with
        // the status it reached (or not).
        store.noteHead(message.position);
        log.waitForPosition(message.position, message.timeoutMs).then(
          () => report(true),
          () => report(true),
        );
        return;
      case 'close':
        clearInterval(timer);
        heads.stop();
        closing ??= closeAll(store, log);
        return;
      default:
        assertNever(message);
    }
  });
  if (data.failAfterStart !== undefined) {
    const message = data.failAfterStart;
    setImmediate(() => {
      throw new Error(message);
    });
  }
}

/** Commits what the runner holds, closes the files, then lets the thread end. */
async function closeAll(store: SqliteReadOnlyStore, log: IntegrityLog): Promise<void> {
  let error: string | undefined;
  try {
    await log.close();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  try {
    await store.close();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  post({ kind: 'closed', error });
  port.close();
}

function start(): void {
  let store: SqliteReadOnlyStore | undefined;
  try {
    store = openSqliteStoreReadOnly({ file: data.storeFile, ...(data.storePollIntervalMs === undefined ? {} : { pollIntervalMs: data.storePollIntervalMs }) });
    const log = IntegrityLog.start({
      rawStore: store,
      dataDir: data.dataDir,
      logger,
      config: data.config,
      progress: 'log',
      ...(data.batchLingerMs === undefined ? {} : { batchLingerMs: data.batchLingerMs }),
      ...(data.pollMs === undefined ? {} : { pollMs: data.pollMs }),
    });
    post({ kind: 'started', origin: log.origin, verifierKey: log.verifierKey(), status: statusOf(log) });
    run(store, log);
  } catch (error) {
    void store?.close();
    const e = error instanceof Error ? error : new Error(String(error));
    post({ kind: 'start-failed', name: e.name, message: e.message });
    port.close();
  }
}

start();
