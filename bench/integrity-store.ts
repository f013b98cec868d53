/**
 * The embedded-store file the integrity benches integrate: the read models' domain log
 * (bench/projections-domain-log.ts) appended through the store's own writer code — the
 * GroupCommitter that runs on the writer thread of `npm start`, which also computes and
 * stores each event's leaf hash — in large groups and without fsync (set-up, not measured).
 * With `leafHashes: false` the rows have none, as a store written before they existed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateAppend, DEFAULT_MAX_EVENT_BYTES } from '../src/eventstore/append-validation.ts';
import { GroupCommitter, type AppendRequest } from '../src/eventstore/sqlite/group-commit.ts';
import { EVENTSTORE_MIGRATIONS_DIR } from '../src/eventstore/sqlite/sqlite-store.ts';
import { openSqlite } from '../src/shared/sqlite-connection.ts';
import { applyMigrations } from '../src/shared/sqlite-migrations.ts';
import { domainAppends } from './projections-domain-log.ts';

/** Bump when what is written changes, so older cached files are not reused. */
const STORE_FORMAT = 2;
const REQUESTS_PER_GROUP = 2_000;

export function integrityStoreFile(count: number, leafHashes = true): string {
  return path.join(os.tmpdir(), `taizhang-bench-integrity-domain-v${STORE_FORMAT}${leafHashes ? '' : '-nohash'}-${count}.sqlite`);
}

/** Appends the domain log of `count` events to a new store file through the writer's GroupCommitter. */
export function writeIntegrityStore(file: string, count: number, leafHashes = true): void {
  const db = openSqlite(file);
  try {
    applyMigrations(db, EVENTSTORE_MIGRATIONS_DIR);
    db.pragma('synchronous = OFF');
    const committer = new GroupCommitter(db, { leafHashes });
    let group: AppendRequest[] = [];
    const commit = (): void => {
      const failed = committer.commit(group).find((o) => !o.ok);
      if (failed !== undefined) throw new Error(`set-up append refused: ${JSON.stringify(failed)}`);
      group = [];
    };
    for (const { stream, events } of domainAppends(count)) {
      group.push({ stream, expected: 'any', events: validateAppend(stream, events, 'any', DEFAULT_MAX_EVENT_BYTES) });
      if (group.length === REQUESTS_PER_GROUP) commit();
    }
    if (group.length > 0) commit();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** The cached store file for (`count`, `leafHashes`), written first when missing. */
export function cachedIntegrityStore(count: number, leafHashes = true, say: (line: string) => void = () => {}): string {
  const file = integrityStoreFile(count, leafHashes);
  if (fs.existsSync(file)) {
    say(`reusing the domain log in ${file}`);
    return file;
  }
  const started = performance.now();
  const building = `${file}.${process.pid}.tmp`;
  writeIntegrityStore(building, count, leafHashes);
  fs.renameSync(building, file);
  say(`appended ${count.toLocaleString('en-US')} domain events through the store's writer${leafHashes ? '' : ' (no leaf hashes)'} to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s (set-up, not measured)`);
  return file;
}
