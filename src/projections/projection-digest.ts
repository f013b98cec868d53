import path from 'node:path';
import type { ProjectionDefinition } from './definition.ts';
import { digestTables, type ReadModelDigest } from './digest.ts';
import { readModelFileName, versionsOnDisk } from './files.ts';
import { openReader, peekCheckpoint, type ReadModelStatus } from './readmodel-file.ts';

export interface ProjectionDigest extends ReadModelDigest {
  projection: string;
  version: number;
  /** The checkpoint the rows correspond to. */
  position: bigint;
  status: ReadModelStatus;
  file: string;
}

/** Digest of one read-model file, rows and checkpoint read in one snapshot. */
export function digestReadModelFile(definition: ProjectionDefinition, file: string, onLine?: (line: string) => void): ProjectionDigest {
  const db = openReader(file);
  try {
    return db.transaction(() => {
      const cp = db.prepare('SELECT version, position, status FROM _tz_checkpoint').safeIntegers(true).get() as
        | { version: bigint; position: bigint; status: ReadModelStatus }
        | undefined;
      if (cp === undefined) throw new Error(`${file} is not a read-model file (no checkpoint)`);
      const digest = digestTables(db, definition.digest, onLine);
      return { projection: definition.name, version: Number(cp.version), position: cp.position, status: cp.status, file, ...digest };
    })();
  } finally {
    db.close();
  }
}

/**
 * The file a server would answer from: the current version's once live, else the newest
 * older live one; undefined when none is live yet.
 */
export function servedFileOnDisk(definition: ProjectionDefinition, dir: string): string | undefined {
  const versions = versionsOnDisk(dir, definition.name).filter((v) => v <= definition.version);
  for (const version of versions.reverse()) {
    const file = path.join(dir, readModelFileName(definition.name, version));
    if (peekCheckpoint(file)?.status === 'live') return file;
  }
  return undefined;
}
