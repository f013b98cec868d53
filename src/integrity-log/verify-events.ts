/**
 * The one pass over events.ndjson: each line is hashed as a leaf and the tree rebuilt in
 * memory; at every checkpoint size the root must be the signed one and consistent with the
 * previous checkpoint; each line is parsed, checked to be canonical, a valid envelope, valid
 * against its schema, and fed to the projection replay.
 *
 * When leaves.txt is authenticated (verify-leaves.ts), a line whose hash is not its leaf's is
 * named at once, with what happened to it (altered, dropped, swapped, inserted, moved).
 * Otherwise the events alone decide at each checkpoint: a wrong root names the checkpoint and
 * the range of leaves; a content fault found in a range is reported only once the range's
 * root proved the line authentic (an altered line is tampering, not a bad event in the log).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { EventEnvelopeSchema, schemaIssues, type EventEnvelope } from '../eventstore/envelope.ts';
import { EventSchemaError, UnknownEventTypeError } from '../eventstore/errors.ts';
import { toBase64 } from '../integrity/base64.ts';
import { ConsistencyProofError } from '../integrity/errors.ts';
import { HASH_SIZE_BYTES, hashesEqual, hashLeaf } from '../integrity/hasher.ts';
import { MemoryNodeStore } from '../integrity/memory-node-store.ts';
import { MerkleTree } from '../integrity/merkle-tree.ts';
import { verifyConsistency } from '../integrity/verify-consistency.ts';
import { AUTHENTIC_LINE, BundleFaultError, fault, lineIdOf, notCanonicalFault, schemaFault, type BundleFault } from './bundle-fault.ts';
import { checkpointFile, EVENTS_FILE, type ProjectionDigestEntry } from './bundle-format.ts';
import { readLines } from './bundle-io.ts';
import { recordedFromEnvelope } from './bundle-replay.ts';
import { surelyValidEnvelope } from './envelope-check.ts';
import { isCanonicalLine } from './verify-canonical.ts';
import { openLineReplay, openReplay, replayThreadsFor, type LineReplay, type Replay } from './parallel-replay.ts';
import type { BundleHead, VerifyOptions } from './verify-bundle.ts';
import { leafHashAt, type LeavesFile } from './verify-leaves.ts';

export interface EventsResult {
  sha256: string;
  /** undefined when the replay was skipped. */
  digests: ProjectionDigestEntry[] | undefined;
}

const APPEND_BATCH = 4096;
const PROGRESS_EVERY = 4096;

export function verifyEvents(head: BundleHead, leaves: LeavesFile, options: VerifyOptions): EventsResult {
  const n = head.manifest.treeSize;
  const sha = createHash('sha256');
  const tree = new MerkleTree(new MemoryNodeStore());
  const eventHashes = Buffer.alloc(n * HASH_SIZE_BYTES);
  const threads = options.replay === false ? 0 : (options.replayThreads ?? replayThreadsFor(n, options.definitions));
  // On threads the lines go out as bytes and the threads upcast them (the schema check) themselves.
  const lines = options.replay === false ? undefined : openLineReplay(options.definitions, threads, options.registry);
  const replay = options.replay === false || lines !== undefined ? undefined : openReplay(options.definitions, threads);
  const task = options.progress?.start('verify', 0n, BigInt(n));
  let pending: Buffer[] = [];
  let checkpoint = 0;
  let deferred: BundleFaultError | undefined;
  let count = 0;
  /**
   * A schema fault a thread found. It comes before any content fault found here (deferred):
   * the threads are given only lines that passed here, and none after the first that did not.
   */
  const threadFault = (wait: boolean): void => {
    const found = lines === undefined ? undefined : wait ? lines.sync() : lines.faultSoFar();
    if (found === undefined) return;
    if (leaves.authenticated) throw fault(found);
    deferred = fault(found);
  };
  try {
    const file = readLines(path.join(head.dir, EVENTS_FILE), sha);
    for (let next = file.next(); next.done !== true; next = file.next()) {
      const { index: i, bytes, unterminated } = next.value;
      if (unterminated) throw fault({ kind: 'event', file: EVENTS_FILE, leafIndex: i, message: 'the last line has no final newline' });
      const hash = hashLeaf(bytes);
      if (i >= n) throw fault({ kind: 'event', file: EVENTS_FILE, leafIndex: i, ...lineIdOf(bytes), message: `line ${i + 1} is beyond the tree's ${n} leaves: an event was added` });
      if (leaves.authenticated && !hashesEqual(hash, leafHashAt(leaves, i))) throw diagnose(i, Buffer.from(bytes), hash, file.next(), leaves);
      eventHashes.set(hash, i * HASH_SIZE_BYTES);
      pending.push(hash);
      count = i + 1;
      if (deferred === undefined) {
        try {
          checkContent(i, bytes, leaves.positions[i]!, options, replay, lines);
        } catch (error) {
          if (leaves.authenticated) throw error;
          deferred = error as BundleFaultError;
        }
      }
      const c = head.checkpoints[checkpoint];
      if (c !== undefined && c.treeSize === count) {
        tree.appendLeafHashes(pending);
        pending = [];
        checkCheckpoint(tree, head, checkpoint);
        threadFault(true);
        if (deferred !== undefined) throw deferred;
        checkpoint++;
      } else if (pending.length >= APPEND_BATCH) {
        tree.appendLeafHashes(pending);
        pending = [];
      }
      if (count % PROGRESS_EVERY === 0) {
        task?.update(BigInt(count), count);
        if (deferred === undefined) threadFault(false);
      }
    }
    if (count < n) {
      throw fault({ kind: 'event', file: EVENTS_FILE, leafIndex: count, message: `events.ndjson ends after ${count} of ${n} leaves: leaf ${count} and after are missing`, ...(leaves.authenticated ? { expected: `a line hashing to ${toBase64(leafHashAt(leaves, count))}`, actual: 'end of file' } : {}) });
    }
    if (!leaves.authenticated) throw leavesFault(leaves, eventHashes, n);
    threadFault(true);
    const digests = lines?.finish() ?? replay?.finish();
    task?.done(BigInt(count), count);
    return { sha256: sha.digest('hex'), digests };
  } catch (error) {
    throw leaves.authenticated && lines !== undefined && error instanceof BundleFaultError ? earlierThreadFault(lines, error) : error;
  } finally {
    lines?.dispose();
    replay?.dispose();
  }
}

/**
 * A fault found here at line j, with leaves.txt authenticated: every line before j passed
 * here and went to the threads, so a schema fault they found (necessarily before j) is the
 * first one. A thread that failed otherwise does not hide the fault found here.
 */
function earlierThreadFault(lines: LineReplay, error: BundleFaultError): BundleFaultError {
  let found: BundleFault | undefined;
  try {
    found = lines.sync();
  } catch {
    return error;
  }
  return found !== undefined && (found.leafIndex ?? 0) < (error.fault.leafIndex ?? Number.MAX_SAFE_INTEGER) ? fault(found) : error;
}

/** Parses and checks one line (whose hash is its leaf's, or will be checked at the next checkpoint), then has it replayed. */
function checkContent(i: number, bytes: Buffer, position: bigint, options: VerifyOptions, replay: Replay | undefined, lines: LineReplay | undefined): void {
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fault({ kind: 'schema', file: EVENTS_FILE, leafIndex: i, ...lineIdOf(bytes), message: `line ${i + 1} is not JSON; ${AUTHENTIC_LINE}` });
  }
  if (!isCanonicalLine(value, text, bytes)) throw fault(notCanonicalFault(i, bytes));
  const envelope = surelyValidEnvelope(value) ? value : parseEnvelope(i, value, bytes, AUTHENTIC_LINE);
  if (lines !== undefined && !lines.upcastsHere(i)) {
    lines.pushLine(i, bytes, position);
    return;
  }
  let upcast;
  try {
    upcast = options.registry.upcast(recordedFromEnvelope(envelope, position));
  } catch (error) {
    if (!(error instanceof EventSchemaError || error instanceof UnknownEventTypeError)) throw error;
    throw fault(schemaFault(i, envelope.id, error.message));
  }
  if (lines !== undefined) lines.pushUpcast(i, upcast);
  else replay?.push(upcast);
}

/** The zod verdict on an envelope the quick check was not sure of: the envelope, or the fault naming its first issue. */
function parseEnvelope(i: number, value: unknown, bytes: Buffer, authentic: string): EventEnvelope {
  const envelope = EventEnvelopeSchema.safeParse(value);
  if (envelope.success) return envelope.data;
  const issue = schemaIssues(envelope.error)[0];
  throw fault({ kind: 'schema', file: EVENTS_FILE, leafIndex: i, ...lineIdOf(bytes), message: `not a valid event envelope: ${issue?.path || '(root)'}: ${issue?.message}; ${authentic}` });
}

/** The recomputed tree at a checkpoint's size: its root, and consistency with the previous checkpoint. */
function checkCheckpoint(tree: MerkleTree, head: BundleHead, k: number): void {
  const c = head.checkpoints[k]!;
  const previous = head.checkpoints[k - 1];
  const file = checkpointFile(c.treeSize);
  const root = tree.rootHash(c.treeSize);
  if (!hashesEqual(root, c.rootHash)) {
    const from = previous?.treeSize ?? 0;
    throw fault({
      kind: 'checkpoint',
      file,
      checkpoint: c.treeSize,
      message: `the tree of events.ndjson has another root at ${c.treeSize} leaves: an event among leaves ${from}..${c.treeSize - 1} was altered, dropped, added or moved (leaves.txt does not match the checkpoints either, so the line cannot be named)`,
      expected: toBase64(c.rootHash),
      actual: toBase64(root),
    });
  }
  if (previous === undefined) return;
  try {
    verifyConsistency(previous.treeSize, c.treeSize, tree.consistencyProof(previous.treeSize, c.treeSize), previous.rootHash, c.rootHash);
  } catch (error) {
    if (!(error instanceof ConsistencyProofError)) throw error;
    throw fault({ kind: 'checkpoint', file, checkpoint: c.treeSize, message: `not consistent with checkpoint ${previous.treeSize}: ${error.message}` });
  }
}

/** What happened to line i, whose hash is not leaf i's: swapped, dropped, inserted, moved or altered. */
function diagnose(i: number, bytes: Buffer, hash: Buffer, next: IteratorResult<{ bytes: Buffer }>, leaves: LeavesFile): BundleFaultError {
  const n = leaves.positions.length;
  const isLeaf = (j: number, h: Buffer | undefined) => h !== undefined && j < n && hashesEqual(h, leafHashAt(leaves, j));
  const nextHash = next.done === true ? undefined : hashLeaf(next.value.bytes);
  const nextId = next.done === true ? {} : lineIdOf(next.value.bytes);
  const base = { kind: 'event' as const, file: EVENTS_FILE, leafIndex: i, ...lineIdOf(bytes), expected: toBase64(leafHashAt(leaves, i)), actual: toBase64(hash) };
  if (isLeaf(i + 1, hash) && isLeaf(i, nextHash)) return fault({ ...base, message: `leaves ${i} and ${i + 1} are swapped: line ${i + 1} holds the event of leaf ${i + 1}, line ${i + 2} the event of leaf ${i}${nextId.eventId ? ` (${nextId.eventId})` : ''}` });
  if (isLeaf(i + 1, hash)) return fault({ ...base, message: `the event of leaf ${i} is missing (dropped): line ${i + 1} holds the event of leaf ${i + 1}` });
  if (isLeaf(i, nextHash)) return fault({ ...base, message: `line ${i + 1} holds an event that is not in the log (inserted before leaf ${i})` });
  for (let j = 0; j < n; j++) {
    if (j !== i && isLeaf(j, hash)) return fault({ ...base, message: `line ${i + 1} holds the event of leaf ${j}: the events are out of order` });
  }
  return fault({ ...base, message: `the event of leaf ${i} was altered: line ${i + 1} does not hash to the leaf the checkpoints sign` });
}

/** leaves.txt did not match the checkpoints but the events did: name its first wrong line. */
function leavesFault(leaves: LeavesFile, eventHashes: Buffer, n: number): BundleFaultError {
  for (let i = 0; i < n; i++) {
    const actual = leafHashAt(leaves, i);
    const expected = eventHashes.subarray(i * HASH_SIZE_BYTES, (i + 1) * HASH_SIZE_BYTES);
    if (!actual.equals(expected)) return fault({ kind: 'leaves', file: 'leaves.txt', leafIndex: i, message: `line ${i + 1}: the leaf hash is not the hash of event line ${i + 1}`, expected: toBase64(expected), actual: toBase64(actual) });
  }
  return fault({ kind: 'leaves', file: 'leaves.txt', message: 'the hashes do not give the checkpoints\' roots' });
}
