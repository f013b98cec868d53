import { serveConnectionWrites } from '../shared/connection-writer-thread.ts';
import { openSqlite } from '../shared/sqlite-connection.ts';
import { applyIdempotencyWrites, type IdempotencyWrite, type IdempotencyWriteResult } from './idempotency-writes.ts';

/**
 * The idempotency writer thread (TAIZHANG_IDEMPOTENCY_THREAD=on): owns the connections that
 * write the Idempotency-Key records of node.sqlite (usually one), so that the claims' and
 * answers' transactions (and the WAL checkpoints they trigger) run beside the server's event
 * loop, not on it. One thread per process, started on the first keyed request.
 */
serveConnectionWrites<IdempotencyWrite, IdempotencyWriteResult[]>(
  'idempotency-writer-worker.ts',
  (file) => {
    const db = openSqlite(file);
    // As node-db.ts sets it for the main connection (why: see there); a per-connection setting.
    db.pragma('synchronous = NORMAL');
    return db;
  },
  applyIdempotencyWrites,
);
