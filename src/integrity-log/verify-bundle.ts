/**
 * `taizhang verify DIR`: checks an export bundle (bundle-format.ts) offline, with nothing but
 * the bundle and this program — no server, no database of the exporter:
 *
 *  1. manifest.json and vkey.txt are well-formed (and the key is the one given with --key);
 *  2. every checkpoint is signed by that key for the bundle's origin, names its own size,
 *     and the last one is the bundle's size;
 *  3. the tree recomputed from events.ndjson has every checkpoint's root, and each
 *     checkpoint is consistent with the previous one (RFC 9162 proofs from the recomputed
 *     tree, checked with the same verifier any auditor would use);
 *  4. every event is in RFC 8785 form, a valid envelope, and valid against its type's schema
 *     (the event registry, upcasting old versions as the server does);
 *  5. every projection replayed from the events into a temporary database has the digest in
 *     digests.json;
 *  6. every file has the SHA-256 the manifest lists, and no file is missing or extra.
 *
 * It stops at the first fault and names it (BundleFault). Progress goes to the reporter.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EventRegistry } from '../eventstore/registry.ts';
import { toBase64 } from '../integrity/base64.ts';
import { openCheckpoint, type Checkpoint } from '../integrity/checkpoint.ts';
import { IntegrityError } from '../integrity/errors.ts';
import { parseVerifierKey, type NoteVerifier } from '../integrity/note-keys.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import type { ProgressReporter } from '../projections/progress.ts';
import { fault, BundleFaultError, type BundleFault } from './bundle-fault.ts';
import {
  canonicalFile,
  checkpointFile,
  CHECKPOINT_FILE_NAME,
  CHECKPOINTS_DIR,
  DIGESTS_FILE,
  DigestsSchema,
  EVENTS_FILE,
  LEAVES_FILE,
  MANIFEST_FILE,
  ManifestSchema,
  VKEY_FILE,
  type Digests,
  type Manifest,
} from './bundle-format.ts';
import { sha256Hex } from './bundle-io.ts';
import { readLeavesFile } from './verify-leaves.ts';
import { verifyEvents } from './verify-events.ts';
import { compareDigests } from './verify-digests.ts';
import { checkHeldCheckpoint } from './verify-held-checkpoint.ts';

export interface VerifyOptions {
  registry: EventRegistry;
  /** The projections to replay (the catalogue of this build). */
  definitions: readonly ProjectionDefinition[];
  /** The verifier key the auditor trusts (obtained elsewhere); default: the bundle's vkey.txt. */
  trustedKey?: string;
  progress?: ProgressReporter;
  /** false skips step 5 (the replay). */
  replay?: boolean;
  /** Threads replaying the projections beside this one (parallel-replay.ts); 0: all in this thread. Default: by bundle size and cores. */
  replayThreads?: number;
  /** A signed checkpoint note the auditor kept from before: the bundle's log must extend it (verify-held-checkpoint.ts). */
  heldCheckpoint?: Uint8Array;
}

export interface VerifyReport {
  ok: boolean;
  fault?: BundleFault;
  origin?: string;
  treeSize?: number;
  rootHash?: string;
  checkpoints?: number;
  projections?: { name: string; version: number; sha256: string }[];
  /** The size of the held checkpoint the log was found to extend (with heldCheckpoint). */
  extendsHeldCheckpoint?: number;
}

/** Everything read before the events: small files, parsed and checked. */
export interface BundleHead {
  dir: string;
  manifest: Manifest;
  verifier: NoteVerifier;
  /** Ascending by size. */
  checkpoints: Checkpoint[];
  digests: Digests;
  /** SHA-256 of every file read so far, by bundle path. */
  hashes: Map<string, string>;
}

export function verifyBundle(dir: string, options: VerifyOptions): VerifyReport {
  let head: BundleHead | undefined;
  try {
    head = readHead(path.resolve(dir), options.trustedKey);
    // The small files first (cheap); the two large ones are hashed while they are read.
    checkFiles(head, new Set([EVENTS_FILE, LEAVES_FILE]));
    const leaves = readLeavesFile(head);
    const events = verifyEvents(head, leaves, options);
    head.hashes.set(EVENTS_FILE, events.sha256);
    head.hashes.set(LEAVES_FILE, leaves.sha256);
    checkFiles(head, new Set());
    const projections = events.digests === undefined ? undefined : compareDigests(head, leaves.lastPosition, events.digests, options.definitions);
    const held = options.heldCheckpoint === undefined ? undefined : checkHeldCheckpoint(head, leaves, options.heldCheckpoint);
    return { ok: true, ...summary(head), ...(projections ? { projections } : {}), ...(held ? { extendsHeldCheckpoint: held.treeSize } : {}) };
  } catch (error) {
    if (error instanceof BundleFaultError) return { ok: false, fault: error.fault, ...(head ? summary(head) : {}) };
    throw error;
  }
}

function summary(head: BundleHead): Pick<VerifyReport, 'origin' | 'treeSize' | 'rootHash' | 'checkpoints'> {
  return { origin: head.verifier.name, treeSize: head.manifest.treeSize, rootHash: head.manifest.rootHash, checkpoints: head.checkpoints.length };
}

function readFile(dir: string, name: string, hashes: Map<string, string>): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(dir, name));
  } catch (error) {
    throw fault({ kind: 'file', file: name, message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
  }
  hashes.set(name, sha256Hex(bytes));
  return bytes;
}

/** A bundle JSON file: exactly its RFC 8785 form and a newline, then the schema. */
function readJsonFile<T>(dir: string, name: string, hashes: Map<string, string>, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, kind: 'manifest' | 'file'): T {
  const bytes = readFile(dir, name, hashes);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw fault({ kind, file: name, message: 'is not valid JSON' });
  }
  if (!canonicalFile(value).equals(bytes)) throw fault({ kind, file: name, message: 'is not in RFC 8785 canonical form followed by one newline' });
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fault({ kind, file: name, message: `${issue?.path.map(String).join('.') || 'the document'}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
}

function readHead(dir: string, trustedKey: string | undefined): BundleHead {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw fault({ kind: 'file', file: dir, message: 'is not a directory' });
  const hashes = new Map<string, string>();
  const manifest = readJsonFile(dir, MANIFEST_FILE, hashes, ManifestSchema, 'manifest');
  hashes.delete(MANIFEST_FILE);
  const verifier = readKey(dir, hashes, trustedKey);
  if (manifest.origin !== verifier.name) throw fault({ kind: 'manifest', file: MANIFEST_FILE, message: 'origin is not the name of the log key', expected: verifier.name, actual: manifest.origin });
  const checkpoints = readCheckpoints(dir, manifest, verifier, hashes);
  const digests = readJsonFile(dir, DIGESTS_FILE, hashes, DigestsSchema, 'file');
  return { dir, manifest, verifier, checkpoints, digests, hashes };
}

function readKey(dir: string, hashes: Map<string, string>, trustedKey: string | undefined): NoteVerifier {
  const text = readFile(dir, VKEY_FILE, hashes).toString('utf8');
  const key = text.endsWith('\n') ? text.slice(0, -1) : undefined;
  if (key === undefined || key.includes('\n')) throw fault({ kind: 'key', file: VKEY_FILE, message: 'must hold one verifier key and a newline' });
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(key);
  } catch (error) {
    throw fault({ kind: 'key', file: VKEY_FILE, message: `is not a C2SP verifier key: ${(error as Error).message}` });
  }
  if (trustedKey !== undefined && trustedKey !== key) throw fault({ kind: 'key', file: VKEY_FILE, message: 'is not the key you trust (--key)', expected: trustedKey, actual: key });
  return verifier;
}

/** Every checkpoint file: signed by the key for the origin, named for its size, exactly those the manifest lists. */
function readCheckpoints(dir: string, manifest: Manifest, verifier: NoteVerifier, hashes: Map<string, string>): Checkpoint[] {
  const names = fs.existsSync(path.join(dir, CHECKPOINTS_DIR)) ? fs.readdirSync(path.join(dir, CHECKPOINTS_DIR)).sort() : [];
  const sizes: number[] = [];
  for (const name of names) {
    const m = CHECKPOINT_FILE_NAME.exec(name);
    if (m === null) throw fault({ kind: 'file', file: `${CHECKPOINTS_DIR}/${name}`, message: 'is not a checkpoint file name (<tree size>.note)' });
    sizes.push(Number(m[1]));
  }
  sizes.sort((a, b) => a - b);
  const listed = manifest.checkpoints;
  if (sizes.length !== listed.length || sizes.some((s, i) => s !== listed[i])) {
    const missing = listed.filter((s) => !sizes.includes(s));
    const extra = sizes.filter((s) => !listed.includes(s));
    const what = missing.length > 0 ? `${checkpointFile(missing[0]!)} is missing` : extra.length > 0 ? `${checkpointFile(extra[0]!)} is not listed in the manifest` : 'the manifest does not list them in ascending order';
    throw fault({ kind: 'checkpoint', ...(missing[0] ?? extra[0]) !== undefined ? { checkpoint: (missing[0] ?? extra[0])! } : {}, message: `checkpoints: ${what}`, expected: listed.join(','), actual: sizes.join(',') });
  }
  const checkpoints = sizes.map((size) => openCheckpointFile(dir, size, manifest.origin, verifier, hashes));
  const last = checkpoints[checkpoints.length - 1]!;
  if (last.treeSize !== manifest.treeSize) throw fault({ kind: 'manifest', file: MANIFEST_FILE, message: 'treeSize is not the last checkpoint\'s size', expected: String(last.treeSize), actual: String(manifest.treeSize) });
  if (toBase64(last.rootHash) !== manifest.rootHash) throw fault({ kind: 'manifest', file: MANIFEST_FILE, message: 'rootHash is not the last checkpoint\'s root', expected: toBase64(last.rootHash), actual: manifest.rootHash });
  return checkpoints;
}

function openCheckpointFile(dir: string, size: number, origin: string, verifier: NoteVerifier, hashes: Map<string, string>): Checkpoint {
  const file = checkpointFile(size);
  const bytes = readFile(dir, file, hashes);
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(bytes, verifier, origin).checkpoint;
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    throw fault({ kind: 'checkpoint', file, checkpoint: size, message: error.message, ...(error.expected ? { expected: error.expected } : {}), ...(error.actual ? { actual: error.actual } : {}) });
  }
  if (checkpoint.treeSize !== size) throw fault({ kind: 'checkpoint', file, checkpoint: size, message: 'the signed tree size is not the one in the file name', expected: String(size), actual: String(checkpoint.treeSize) });
  return checkpoint;
}

/** Every file listed with its SHA-256 (but those in `later`); none missing, none extra. */
function checkFiles(head: BundleHead, later: ReadonlySet<string>): void {
  const listed = head.manifest.files;
  const present = new Set<string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(head.dir, rel), { withFileTypes: true })) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else if (name !== MANIFEST_FILE) present.add(name);
    }
  };
  walk('');
  for (const name of [...present].sort()) {
    if (!(name in listed)) throw fault({ kind: 'file', file: name, message: 'is not listed in the manifest' });
  }
  for (const [name, sha256] of Object.entries(listed).sort()) {
    if (!present.has(name)) throw fault({ kind: 'file', file: name, message: 'is listed in the manifest but missing' });
    if (later.has(name)) continue;
    const actual = head.hashes.get(name) ?? sha256Hex(fs.readFileSync(path.join(head.dir, name)));
    if (actual !== sha256) throw fault({ kind: 'file', file: name, message: 'SHA-256 differs from the manifest', expected: sha256, actual });
  }
}
