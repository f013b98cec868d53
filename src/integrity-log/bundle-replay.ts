/**
 * Replays a bundle's events into every projection of this build (src/projections/catalog.ts)
 * in a temporary folder, through the runtime's own batch code (ReadModelFile.applyBatch, one
 * transaction per batch), and digests the results (src/projections/digest.ts). The export
 * and `verify` both feed it events parsed back from the bundle lines, so that both replays
 * start from the very same values.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventEnvelope } from '../eventstore/envelope.ts';
import type { RecordedEvent } from '../eventstore/port.ts';
import { DEFAULT_BATCH_SIZE } from '../projections/catch-up.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { readModelFileName } from '../projections/files.ts';
import { digestReadModelFile } from '../projections/projection-digest.ts';
import { ReadModelFile } from '../projections/readmodel-file.ts';
import type { ProjectionDigestEntry } from './bundle-format.ts';

/** The recorded event a bundle line stands for, at its global position (from leaves.txt). */
export function recordedFromEnvelope(envelope: EventEnvelope, position: bigint): RecordedEvent {
  return {
    id: envelope.id,
    stream: envelope.stream,
    revision: BigInt(envelope.revision),
    position,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
    recordedAt: envelope.recordedAt,
  };
}

/** The digest of one closed replayed read model, as digests.json holds it. */
export function digestReplayed(definition: ProjectionDefinition, file: string): ProjectionDigestEntry {
  const d = digestReadModelFile(definition, file);
  return { name: d.projection, version: d.version, sha256: d.sha256, tables: d.tables.map((t) => ({ table: t.table, rows: t.rows, sha256: t.sha256 })) };
}

export class BundleReplay {
  readonly #definitions: readonly ProjectionDefinition[];
  readonly #batchSize: number;
  /** Created with the first batch: a bundle found at fault before that costs no database. */
  #files: ReadModelFile[] | undefined;
  #dir: string | undefined;
  #batch: RecordedEvent[] = [];
  #position = 0n;

  private constructor(definitions: readonly ProjectionDefinition[], batchSize: number) {
    this.#definitions = definitions;
    this.#batchSize = batchSize;
  }

  /** A replay of `definitions` into new read-model files in a fresh temporary folder. */
  static open(definitions: readonly ProjectionDefinition[], batchSize = DEFAULT_BATCH_SIZE): BundleReplay {
    return new BundleReplay(definitions, batchSize);
  }

  /** Applies `event` (already upcast to its current version), in batches. */
  push(event: RecordedEvent): void {
    this.#batch.push(event);
    if (this.#batch.length >= this.#batchSize) this.#flush();
  }

  /** Applies what is left and digests every read model. */
  finish(): ProjectionDigestEntry[] {
    return this.close().map((c) => digestReplayed(c.definition, c.file));
  }

  /** Applies what is left and closes every read model, for digestReplayed (in any thread) before dispose. */
  close(): { definition: ProjectionDefinition; file: string }[] {
    this.#flush();
    return this.#open().map((file) => {
      file.markLive();
      file.close();
      return { definition: file.definition, file: file.file };
    });
  }

  /** Closes the files and deletes the temporary folder. */
  dispose(): void {
    for (const f of this.#files ?? []) f.close();
    if (this.#dir !== undefined) fs.rmSync(this.#dir, { recursive: true, force: true });
  }

  #open(): ReadModelFile[] {
    if (this.#files !== undefined) return this.#files;
    this.#dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-replay-'));
    this.#files = [];
    for (const d of this.#definitions) {
      const file = ReadModelFile.open(d, path.join(this.#dir, readModelFileName(d.name, d.version)));
      // A throw-away file, read once for its digest: no WAL (every page written twice) and no fsync.
      file.buildUnserved();
      this.#files.push(file);
    }
    return this.#files;
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    for (const file of this.#open()) file.applyBatch(this.#batch, this.#position);
    this.#position = this.#batch[this.#batch.length - 1]!.position;
    this.#batch = [];
  }
}
