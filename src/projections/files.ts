import fs from 'node:fs';
import path from 'node:path';

/**
 * Where read models live: `${dataDir}/readmodels/NAME.vVERSION.sqlite`, one SQLite file per
 * projection version, apart from the event store.
 *
 * One file per projection because SQLite has one writer per file: a projection's batch
 * transaction, or a rebuild of one projection, never waits for another's. One file per
 * version because a rebuild after a version change is then written beside the served
 * file and "swapping" is switching which file is served, then deleting the old one.
 * A query needing two read models ATTACHes the other's served file.
 */
export function readModelsDir(dataDir: string): string {
  return path.join(dataDir, 'readmodels');
}

export function readModelFileName(name: string, version: number): string {
  return `${name}.v${version}.sqlite`;
}

/** Where `taizhang rebuild NAME` builds before it renames the result over the served file. */
export function rebuildFileName(name: string, version: number): string {
  return `${name}.v${version}.rebuild.sqlite`;
}

/** Versions of NAME that have a (served or building) file in `dir`, ascending. */
export function versionsOnDisk(dir: string, name: string): number[] {
  const pattern = new RegExp(`^${name.replaceAll('-', '\\-')}\\.v([1-9][0-9]{0,6})\\.sqlite$`);
  const versions: number[] = [];
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const m = pattern.exec(file);
    if (m !== null) versions.push(Number(m[1]));
  }
  return versions.sort((a, b) => a - b);
}

/** Deletes a database file with its WAL and shared-memory files (a stale WAL must never meet a new file). */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['-wal', '-shm', '']) fs.rmSync(file + suffix, { force: true });
}

/** Makes a rename or unlink in `dir` durable. */
export function fsyncDir(dir: string): void {
  fsyncPath(dir, 'r');
}

/** Makes the written contents of `file` durable (a database written without fsync, say). */
export function fsyncFile(file: string): void {
  fsyncPath(file, 'r+');
}

function fsyncPath(target: string, flags: 'r' | 'r+'): void {
  const fd = fs.openSync(target, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
