import Database from 'better-sqlite3';
import path from 'node:path';
import type { Test } from 'tap';
import type { EventStore, RecordedEvent } from '../../src/eventstore/port.ts';
import { openSqliteStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { merkleTreeHash } from '../../src/integrity/merkle-tree.ts';
import { IntegrityLog, type IntegrityLogOptions } from '../../src/integrity-log/integrity-log.ts';
import { belongsInLog } from '../../src/integrity-log/log-membership.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { fillStore } from '../projections/fixtures/synthetic-events.ts';

export const silent = createLogger('silent');

/** A raw embedded store (no registry) in `dir`, with `count` synthetic events. */
export async function rawStoreWith(t: Test, dir: string, count: number, seed = 1): Promise<SqliteEventStore> {
  const store = await openSqliteStore({ file: path.join(dir, 'events.sqlite'), writer: 'inline', pollIntervalMs: 10 });
  t.teardown(() => store.close());
  if (count > 0) await fillStore(store, count, seed);
  return store;
}

/** The leaf hashes the log must hold: every logged event of the store, hashed as stored. */
export async function expectedLeaves(store: EventStore): Promise<{ events: RecordedEvent[]; hashes: Buffer[] }> {
  const events = (await store.readAll()).filter(belongsInLog);
  return { events, hashes: events.map((e) => hashLeaf(leafBytesOf(e))) };
}

export async function expectedRoot(store: EventStore, size?: number): Promise<Uint8Array> {
  const { hashes } = await expectedLeaves(store);
  return merkleTreeHash(hashes.slice(0, size ?? hashes.length));
}

export function startLog(t: Test, options: Partial<IntegrityLogOptions> & Pick<IntegrityLogOptions, 'rawStore' | 'dataDir'>): IntegrityLog {
  const log = IntegrityLog.start({
    logger: silent,
    progress: 'none',
    config: { origin: 'taizhang.test/log', checkpointEveryEvents: 1_000_000, checkpointIntervalMs: 3_600_000 },
    ...options,
  });
  let closed = false;
  t.teardown(async () => {
    if (!closed) await log.close();
  });
  const close = log.close.bind(log);
  log.close = async () => {
    closed = true;
    await close();
  };
  return log;
}

/** Resolves once `check` holds, polling (at most `tries` times). */
export async function eventually(check: () => boolean | Promise<boolean>, tries = 4000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

/** Waits until the log has integrated the store's head. */
export async function caughtUp(log: IntegrityLog, store: EventStore): Promise<void> {
  await log.waitForPosition(await store.headPosition(), 60_000);
}

/**
 * Takes the stored leaf hashes out of a closed store file, as in a store written before the
 * writer stored them (the append-only trigger is lifted for it and put back).
 */
export function withoutLeafHashes(file: string): void {
  const db = new Database(file);
  try {
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_no_update'").pluck().get() as string;
    db.transaction(() => {
      db.exec('DROP TRIGGER events_no_update');
      db.exec('UPDATE events SET leaf_hash = NULL');
      db.exec(trigger);
    })();
  } finally {
    db.close();
  }
}
