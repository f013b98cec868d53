/**
 * `taizhang export --to DIR`: the bundle of bundle-format.ts, ending at the latest signed
 * checkpoint. Events are read from the RAW store (as stored, never upcast) and each one is
 * checked to hash to its leaf in the Merkle log before it is written: a store that no longer
 * matches its own log stops the export (ExportError naming the leaf), it is never papered over.
 *
 * The bundle is written beside DIR and renamed into place when complete, so DIR is either
 * absent or a whole bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { leavesWithHashes } from '../../projections/merkle-log/queries.ts';
import { merkleLog } from '../../projections/merkle-log/projection.ts';
import type { EventEnvelope } from '../eventstore/envelope.ts';
import type { EventStore, RecordedEvent } from '../eventstore/port.ts';
import type { EventRegistry } from '../eventstore/registry.ts';
import { toBase64 } from '../integrity/base64.ts';
import { openCheckpoint } from '../integrity/checkpoint.ts';
import { hashesEqual, hashLeaf } from '../integrity/hasher.ts';
import { parseVerifierKey } from '../integrity/note-keys.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { servedFileOnDisk } from '../projections/projection-digest.ts';
import type { ProgressReporter } from '../projections/progress.ts';
import { openReader } from '../projections/readmodel-file.ts';
import type { SqliteDatabase } from '../shared/sqlite-connection.ts';
import {
  BUNDLE_FORMAT,
  canonicalFile,
  checkpointFile,
  CHECKPOINTS_DIR,
  DIGESTS_FILE,
  EVENTS_FILE,
  LEAVES_FILE,
  leavesLine,
  MANIFEST_FILE,
  VKEY_FILE,
  type Digests,
  type Manifest,
} from './bundle-format.ts';
import { FileSink, writeSmallFile } from './bundle-io.ts';
import { recordedFromEnvelope } from './bundle-replay.ts';
import type { BundleFault } from './bundle-fault.ts';
import { openLineReplay, openReplay, replayThreadsFor } from './parallel-replay.ts';
import { CheckpointStore, integrityDir, type StoredCheckpoint } from './checkpoint-store.ts';
import { belongsInLog } from './log-membership.ts';
import { leafBytesOf } from './log-writer.ts';
import { LogView } from './log-view.ts';

export class ExportError extends Error {
  readonly code = 'integrity.export';
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportOptions {
  /** The store as written (OpenedApp.rawStore), never the upcasting one. */
  rawStore: EventStore;
  dataDir: string;
  to: string;
  registry: EventRegistry;
  /** Projections whose digests go in digests.json (the catalogue). */
  definitions: readonly ProjectionDefinition[];
  progress?: ProgressReporter;
  pageSize?: number;
  /** Threads replaying the projections (parallel-replay.ts); 0: all in this thread. Default: by log size and load. */
  replayThreads?: number;
}

export interface ExportResult {
  dir: string;
  treeSize: number;
  checkpoints: number;
  lastPosition: bigint;
  rootHash: string;
  digests: Digests;
}

const PAGE = 1000;

export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const target = path.resolve(options.to);
  assertFreeTarget(target);
  const checkpoints = CheckpointStore.open(options.dataDir, { readOnly: true });
  let db: SqliteDatabase | undefined;
  const building = `${target}.partial-${process.pid}`;
  try {
    const { latest, vkey, all } = checkpointsToExport(checkpoints);
    db = openLog(options.dataDir);
    const view = new LogView(db);
    if (view.size() < latest.treeSize || !hashesEqual(view.root(latest.treeSize), latest.rootHash)) {
      throw new ExportError(`the Merkle log (${view.size()} leaves) does not have the root of the latest checkpoint (${latest.treeSize} leaves): it must be rebuilt before an export`);
    }
    fs.rmSync(building, { recursive: true, force: true });
    fs.mkdirSync(path.join(building, CHECKPOINTS_DIR), { recursive: true });
    const files: Record<string, string> = {};
    const streamed = await writeEvents(options, db, latest.treeSize, building, files);
    for (const c of all) files[checkpointFile(c.treeSize)] = writeSmallFile(path.join(building, checkpointFile(c.treeSize)), c.note);
    files[VKEY_FILE] = writeSmallFile(path.join(building, VKEY_FILE), `${vkey}\n`);
    const digests: Digests = { position: String(streamed.lastPosition), projections: streamed.digests };
    files[DIGESTS_FILE] = writeSmallFile(path.join(building, DIGESTS_FILE), canonicalFile(digests));
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      origin: parseVerifierKey(vkey).name,
      treeSize: latest.treeSize,
      rootHash: toBase64(latest.rootHash),
      lastPosition: String(streamed.lastPosition),
      checkpoints: all.map((c) => c.treeSize),
      files,
    };
    writeSmallFile(path.join(building, MANIFEST_FILE), canonicalFile(manifest));
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.renameSync(building, target);
    return { dir: target, treeSize: latest.treeSize, checkpoints: all.length, lastPosition: streamed.lastPosition, rootHash: manifest.rootHash, digests };
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    throw error;
  } finally {
    db?.close();
    checkpoints.close();
  }
}

function assertFreeTarget(target: string): void {
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory() || fs.readdirSync(target).length > 0) throw new ExportError(`${target} exists and is not an empty directory`);
}

/** The checkpoints up to the latest, each checked against the key the store is bound to. */
function checkpointsToExport(store: CheckpointStore): { latest: StoredCheckpoint; vkey: string; all: StoredCheckpoint[] } {
  const latest = store.latest();
  const bound = store.verifierKey();
  if (latest === undefined || bound === undefined) throw new ExportError('no checkpoint is signed yet: start the server (or let export sign one) before exporting');
  const verifier = parseVerifierKey(bound.verifierKey);
  const all = store.list(latest.treeSize);
  for (const c of all) openCheckpoint(c.note, verifier);
  return { latest, vkey: bound.verifierKey, all };
}

function openLog(dataDir: string): SqliteDatabase {
  const file = servedFileOnDisk(merkleLog, integrityDir(dataDir));
  if (file === undefined) throw new ExportError('the Merkle log has not been built yet: start the server once');
  return openReader(file);
}

interface Streamed {
  lastPosition: bigint;
  digests: Digests['projections'];
}

/**
 * Walks the store and the log's leaves side by side up to `treeSize`, writing events.ndjson
 * and leaves.txt, and replaying every projection from the lines written.
 */
async function writeEvents(options: ExportOptions, db: SqliteDatabase, treeSize: number, dir: string, files: Record<string, string>): Promise<Streamed> {
  const pageSize = options.pageSize ?? PAGE;
  const events = new FileSink(path.join(dir, EVENTS_FILE));
  const leaves = new FileSink(path.join(dir, LEAVES_FILE));
  const threads = options.replayThreads ?? replayThreadsFor(treeSize, options.definitions);
  const refusal = (leafIndex: number | undefined, eventId: string | undefined, message: string): ExportError =>
    new ExportError(`leaf ${leafIndex}, event ${eventId}: the store holds an event its schema refuses: ${message}`);
  const refuse = (f: BundleFault): ExportError => refusal(f.leafIndex, f.eventId, f.message);
  // On threads the lines go out as bytes and the threads upcast most of them (verify does the same).
  const lines = openLineReplay(options.definitions, threads, options.registry);
  const replay = lines === undefined ? openReplay(options.definitions, threads) : undefined;
  const task = options.progress?.start('export', 0n, BigInt(treeSize));
  try {
    let leafIndex = 0;
    let after = 0n;
    let lastPosition = 0n;
    let page: ReturnType<typeof leavesWithHashes> = [];
    while (leafIndex < treeSize) {
      const stored: RecordedEvent[] = await options.rawStore.readAll({ after, limit: pageSize });
      if (stored.length === 0) throw new ExportError(`the store ends before leaf ${leafIndex}: the log has events the store no longer has`);
      for (const event of stored) {
        after = event.position;
        if (!belongsInLog(event) || leafIndex >= treeSize) continue;
        if (page.length === 0) page = leavesWithHashes(db, leafIndex, Math.min(treeSize, leafIndex + pageSize));
        const leaf = page.shift()!;
        const bytes = leafBytesOf(event);
        const hash = hashLeaf(bytes);
        if (leaf.position !== event.position || leaf.eventId !== event.id || !hashesEqual(hash, leaf.hash)) {
          throw new ExportError(
            `leaf ${leafIndex}: the log holds event ${leaf.eventId} at position ${leaf.position} hashing to ${toBase64(leaf.hash)}, ` +
              `but the store has event ${event.id} at position ${event.position} hashing to ${toBase64(hash)}: the store no longer matches its log`,
          );
        }
        events.write(bytes);
        events.write('\n');
        leaves.write(leavesLine(event.position, toBase64(hash)));
        if (lines !== undefined && !lines.upcastsHere(leafIndex)) lines.pushLine(leafIndex, bytes, event.position);
        else {
          let upcast: RecordedEvent;
          try {
            upcast = options.registry.upcast(recordedFromEnvelope(JSON.parse(bytes.toString('utf8')) as EventEnvelope, event.position));
          } catch (error) {
            // The first refused line is named, whichever thread meets it: a thread may still hold an earlier one.
            const earlier = lines?.sync();
            if (earlier?.leafIndex !== undefined && earlier.leafIndex < leafIndex) throw refuse(earlier);
            throw refusal(leafIndex, event.id, error instanceof Error ? error.message : String(error));
          }
          if (lines !== undefined) lines.pushUpcast(leafIndex, upcast);
          else replay!.push(upcast);
        }
        lastPosition = event.position;
        leafIndex++;
      }
      task?.update(BigInt(leafIndex), leafIndex);
      const early = lines?.faultSoFar();
      if (early !== undefined) throw refuse(early);
    }
    const refused = lines?.sync();
    if (refused !== undefined) throw refuse(refused);
    files[EVENTS_FILE] = events.close();
    files[LEAVES_FILE] = leaves.close();
    const digests = (lines ?? replay!).finish();
    task?.done(BigInt(leafIndex), leafIndex);
    return { lastPosition, digests };
  } catch (error) {
    events.abandon();
    leaves.abandon();
    throw error;
  } finally {
    lines?.dispose();
    replay?.dispose();
  }
}
