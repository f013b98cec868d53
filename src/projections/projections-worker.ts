/**
 * The thread that runs the read models of `taizhang serve` (see worker-projections.ts for
 * the main thread's side): it follows the embedded store through a read-only view of its
 * file, applies every event, and reports each runner's state and served file whenever
 * they change. Queries never come here; the main thread reads the served files itself.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { buildEventRegistry } from '../app/event-registry.ts';
import { isHeadNotice, watchSharedHead, type SharedHeadWatch } from '../eventstore/sqlite/head-notice.ts';
import { openSqliteStoreReadOnly, type SqliteReadOnlyStore } from '../eventstore/sqlite/read-only-store.ts';
import { withRegistry } from '../eventstore/validating-store.ts';
import { createLogger } from '../logging/logger.ts';
import type { ProjectionDefinition } from './definition.ts';
import { Projections } from './projections.ts';
import { errorReport, type FromProjectionsWorker, type ProjectionsWorkerData, type ToProjectionsWorker } from './worker-protocol.ts';

/**
 * How often the worker looks at the head the main thread shares while the log moves. The
 * runners linger up to 50 ms for more events anyway, and a caller waiting for a position
 * wakes the view at once (the `wait` message), so a look every 5 ms costs no one a wait.
 */
const HEAD_POLL_MS = 5;

const port = parentPort;
if (port === null) throw new Error('projections-worker.ts runs as a worker thread');
const data = workerData as ProjectionsWorkerData;
const post = (message: FromProjectionsWorker) => port.postMessage(message);

await main(port);

async function main(port: MessagePort): Promise<void> {
  // Every line goes to the main thread's logger (same redaction there and here).
  let scheduled = false;
  const logger = createLogger(data.logLevel, { write: (line: string) => post({ kind: 'log', line }) });
  let view: SqliteReadOnlyStore | undefined;
  let projections: Projections | undefined;
  let watch: SharedHeadWatch | undefined;
  try {
    const definitions = await loadDefinitions();
    view = openSqliteStoreReadOnly({ file: data.storeFile, ...(data.pollIntervalMs === undefined ? {} : { pollIntervalMs: data.pollIntervalMs }) });
    const reader = view;
    const heads = watchSharedHead(data.headBuffer, (position) => reader.noteHead(position), { pollMs: HEAD_POLL_MS });
    watch = heads;
    port.on('message', (m: ToProjectionsWorker) => {
      if (isHeadNotice(m)) heads.woken(m.position);
    });
    projections = Projections.start({
      store: data.rawEvents === true ? view : withRegistry(view, buildEventRegistry()),
      dataDir: data.dataDir,
      logger,
      definitions,
      onChange: reportSoon,
      ...optional(data),
    });
  } catch (error) {
    watch?.stop();
    await view?.close();
    post({ kind: 'start-failed', error: errorReport(error) });
    port.close();
    return;
  }
  const running = projections;
  const store = view;
  const heads = watch;
  post({ kind: 'started', reports: running.snapshots() });
  let closing = false;
  port.on('message', (m: ToProjectionsWorker) => {
    if (m.kind === 'wait') {
      // A waiter here ends the runner's linger and keeps the next batch from lingering until it is served.
      running.waitForPosition(m.position, m.timeoutMs, [m.name]).catch(() => {});
      // The position waited for is committed: read on now rather than at the next look at the shared head.
      store.noteHead(m.position);
    } else if (m.kind === 'close' && !closing) {
      closing = true;
      heads.stop();
      void close(running, store);
    }
  });

  /** Reports once per turn of the event loop, however many runners committed in it. */
  function reportSoon(): void {
    if (scheduled || closing) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!closing) post({ kind: 'reports', reports: running.snapshots() });
    });
  }
}

async function close(projections: Projections, store: SqliteReadOnlyStore): Promise<void> {
  let failure: unknown;
  try {
    await projections.close();
  } catch (error) {
    failure = error;
  }
  await store.close().catch(() => {});
  post({ kind: 'closed', reports: projections.snapshots(), ...(failure === undefined ? {} : { error: errorReport(failure) }) });
  port!.close();
}

async function loadDefinitions(): Promise<readonly ProjectionDefinition[]> {
  const module = (await import(data.definitions.module)) as Record<string, unknown>;
  const definitions = module[data.definitions.exportName];
  if (!Array.isArray(definitions)) throw new Error(`${data.definitions.module} has no array ${data.definitions.exportName}`);
  return definitions as ProjectionDefinition[];
}

function optional(d: ProjectionsWorkerData) {
  return {
    ...(d.batchLingerMs === undefined ? {} : { batchLingerMs: d.batchLingerMs }),
    ...(d.batchSize === undefined ? {} : { batchSize: d.batchSize }),
    ...(d.waitersMax === undefined ? {} : { waitersMax: d.waitersMax }),
    ...(d.lagLogIntervalMs === undefined ? {} : { lagLogIntervalMs: d.lagLogIntervalMs }),
  };
}
