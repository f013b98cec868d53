import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { openStore } from '../../src/eventstore/open.ts';
import { EventRegistry } from '../../src/eventstore/registry.ts';
import { canonicalFile, ManifestSchema } from '../../src/integrity-log/bundle-format.ts';
import { sha256Hex } from '../../src/integrity-log/bundle-io.ts';
import { verifyBundle, type VerifyReport } from '../../src/integrity-log/verify-bundle.ts';
import { canonicalJson } from '../../src/integrity/canonical-json.ts';
import { signCheckpoint } from '../../src/integrity/checkpoint.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { merkleTreeHash } from '../../src/integrity/merkle-tree.ts';
import { generateSignerKey, parseSignerKey } from '../../src/integrity/note-keys.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { copyBundle, domainLog, exportTo, integrityConfig, noProgress, ORIGIN } from './bundle-fixture.ts';

/**
 * Verify on replay threads (the lines go out as bytes; the threads upcast them, which is the
 * schema check) names the same first fault as verify in one thread. The bundles here are
 * forged by someone holding a log key: every line hashes to its signed leaf, so a line the
 * schemas refuse is the log's own fault (kind `schema`), not tampering.
 */
const registry = buildEventRegistry();
const verify = (dir: string, replayThreads: number): VerifyReport => verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress, replayThreads });

const root = t.testdir();
const original = path.join(root, 'bundle');
const dataDir = path.join(root, 'data');
t.before(async () => {
  await domainLog(dataDir, 3);
  await exportTo(dataDir, original);
});

t.test('export on a replay thread writes the same bundle as in one thread', async (t) => {
  const onThread = path.join(t.testdir(), 'on-thread');
  await exportTo(dataDir, onThread, integrityConfig, 1);
  for (const file of ['events.ndjson', 'leaves.txt', 'digests.json', 'manifest.json']) {
    t.same(fs.readFileSync(path.join(onThread, file)), fs.readFileSync(path.join(original, file)), file);
  }
});

type Envelope = { id: string; type: string; data: Record<string, unknown> };
const eventLines = (dir: string) => fs.readFileSync(path.join(dir, 'events.ndjson'), 'utf8').split('\n').slice(0, -1);
const envelopeAt = (lines: string[], k: number) => JSON.parse(lines[k]!) as Envelope;
const canonicalLine = (value: unknown) => canonicalJson(value);

/** Writes `lines` as the log, with leaves.txt, checkpoints (same sizes) and manifest made to match, signed by a new key. */
function forge(dir: string, lines: string[]): void {
  fs.writeFileSync(path.join(dir, 'events.ndjson'), `${lines.join('\n')}\n`);
  const hashes = lines.map((l) => hashLeaf(Buffer.from(l, 'utf8')));
  const positions = fs.readFileSync(path.join(dir, 'leaves.txt'), 'utf8').split('\n').slice(0, -1).map((l) => l.split(' ')[0]!);
  fs.writeFileSync(path.join(dir, 'leaves.txt'), positions.map((p, i) => `${p} ${Buffer.from(hashes[i]!).toString('base64')}\n`).join(''));
  const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const signer = parseSignerKey(generateSignerKey(ORIGIN));
  let rootHash = '';
  for (const size of manifest.checkpoints) {
    const rootOfSize = merkleTreeHash(hashes.slice(0, size));
    rootHash = Buffer.from(rootOfSize).toString('base64');
    fs.writeFileSync(path.join(dir, `checkpoints/${size}.note`), signCheckpoint({ origin: ORIGIN, treeSize: size, rootHash: rootOfSize, extensions: [] }, signer));
  }
  fs.writeFileSync(path.join(dir, 'vkey.txt'), `${signer.verifierKey}\n`);
  const files = Object.fromEntries(Object.keys(manifest.files).map((f) => [f, sha256Hex(fs.readFileSync(path.join(dir, f)))]));
  fs.writeFileSync(path.join(dir, 'manifest.json'), canonicalFile({ ...manifest, rootHash, files }));
}

/** The same report from one thread and from one replay thread (and two, when asked: each thread costs a start-up). */
function sameOnThreads(t: Test, dir: string, twoThreads = false): VerifyReport {
  const inThread = verify(dir, 0);
  t.same(verify(dir, 1), inThread, 'one replay thread: the same report');
  if (twoThreads) t.same(verify(dir, 2), inThread, 'two replay threads: the same report');
  return inThread;
}

t.test('the forger\'s tools: a re-signed copy of the untouched log holds, on threads too', async (t) => {
  const dir = copyBundle(t, original, 'b');
  forge(dir, eventLines(dir));
  t.ok(sameOnThreads(t, dir).ok);
});

t.test('an authentic event its schema refuses is named by a replay thread as in one thread', async (t) => {
  // Both parities: on threads, the main thread upcasts every other line (upcastOnMainThread).
  for (const k of [10, 11]) {
    const dir = path.join(t.testdir(), `k${k}`);
    fs.cpSync(original, dir, { recursive: true });
    const lines = eventLines(dir);
    const bad = envelopeAt(lines, k);
    lines[k] = canonicalLine({ ...bad, data: {} });
    const later = envelopeAt(lines, k + 3);
    lines[k + 3] = canonicalLine({ ...later, type: 'NoSuchEvent' });
    forge(dir, lines);
    const r = sameOnThreads(t, dir, true);
    t.match(r.fault, { kind: 'schema', file: 'events.ndjson', leafIndex: k, eventId: bad.id }, `the first of the two refused lines, ${k} and ${k + 3}`);
    t.match(r.fault?.message, /the log itself holds it/);
  }
});

t.test('an unknown event type alone: named', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = lines.length - 2;
  const bad = envelopeAt(lines, k);
  lines[k] = canonicalLine({ ...bad, type: 'NoSuchEvent' });
  forge(dir, lines);
  t.match(sameOnThreads(t, dir).fault, { kind: 'schema', leafIndex: k, eventId: bad.id });
});

t.test('line order decides between a thread\'s fault and the main thread\'s', async (t) => {
  const lines = eventLines(original);
  const k = Math.floor(lines.length / 2);
  const refused = (j: number) => canonicalLine({ ...envelopeAt(lines, j), data: {} });
  // Not canonical (a space): found by the main thread, which the threads never see.
  const spaced = (j: number) => lines[j]!.replace('{"', '{ "');

  const threadFirst = copyBundle(t, original, 'thread-first');
  forge(threadFirst, lines.map((l, j) => (j === k ? refused(j) : j === k + 5 ? spaced(j) : l)));
  t.match(sameOnThreads(t, threadFirst).fault, { kind: 'schema', leafIndex: k, eventId: envelopeAt(lines, k).id }, 'the refused line before the non-canonical one');

  const mainFirst = copyBundle(t, original, 'main-first');
  forge(mainFirst, lines.map((l, j) => (j === k ? spaced(j) : j === k + 5 ? refused(j) : l)));
  const r = sameOnThreads(t, mainFirst);
  t.match(r.fault, { kind: 'schema', leafIndex: k }, 'the non-canonical line before the refused one');
  t.match(r.fault?.message, /not in RFC 8785 canonical form/);
});

t.test('with leaves.txt not matching the checkpoints, the refused line is still named once its checkpoint holds', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = 5;
  const bad = envelopeAt(lines, k);
  lines[k] = canonicalLine({ ...bad, data: {} });
  forge(dir, lines);
  const leaves = fs.readFileSync(path.join(dir, 'leaves.txt'), 'utf8').split('\n');
  const [position] = leaves[k + 1]!.split(' ');
  leaves[k + 1] = `${position} ${Buffer.alloc(32, 9).toString('base64')}`;
  fs.writeFileSync(path.join(dir, 'leaves.txt'), leaves.join('\n'));
  const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  fs.writeFileSync(path.join(dir, 'manifest.json'), canonicalFile({ ...manifest, files: { ...manifest.files, 'leaves.txt': sha256Hex(fs.readFileSync(path.join(dir, 'leaves.txt'))) } }));
  t.match(sameOnThreads(t, dir).fault, { kind: 'schema', leafIndex: k, eventId: bad.id });

  // A thread's fault found late, after one found here on a later line, still comes first.
  const both = path.join(path.dirname(dir), 'both');
  fs.cpSync(dir, both, { recursive: true });
  const withSpace = eventLines(both).map((l, j) => (j === k + 3 ? l.replace('{"', '{ "') : l));
  forge(both, withSpace);
  const forged = fs.readFileSync(path.join(both, 'leaves.txt'), 'utf8').split('\n');
  forged[k + 1] = leaves[k + 1]!;
  fs.writeFileSync(path.join(both, 'leaves.txt'), forged.join('\n'));
  const m = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(both, 'manifest.json'), 'utf8')));
  fs.writeFileSync(path.join(both, 'manifest.json'), canonicalFile({ ...m, files: { ...m.files, 'leaves.txt': sha256Hex(fs.readFileSync(path.join(both, 'leaves.txt'))) } }));
  t.match(sameOnThreads(t, both).fault, { kind: 'schema', leafIndex: k, eventId: bad.id }, 'the refused line before the non-canonical one');
});

t.test('a registry not built by buildEventRegistry cannot be rebuilt on a thread: the upcast stays here', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  // An empty registry knows no type: the first line is refused, whatever the thread count.
  const r = verifyBundle(dir, { registry: new EventRegistry(), definitions: PROJECTIONS, progress: noProgress, replayThreads: 1 });
  t.match(r.fault, { kind: 'schema', leafIndex: 0, eventId: envelopeAt(lines, 0).id });
});

t.test('export stops at an event of the store its schema refuses, naming leaf and event, on a thread or not', async (t) => {
  const base = t.testdir();
  const dir = path.join(base, 'data');
  await domainLog(dir, 1);
  await exportTo(dir, path.join(base, 'before'));
  const leaves = eventLines(path.join(base, 'before')).length;
  // Written past the registry, as only a damaged or foreign writer could: two, so that one
  // lands on each side of the main thread's every-other-line share of the schema checks.
  const raw = await openStore({ storeUrl: 'sqlite:', dataDir: dir, maxEventBytes: 1 << 20 });
  const bad = ['01943920-3694-7639-b172-7eb87007016d', '01943920-3694-7639-b172-7eb87007016e'];
  try {
    const metadata = { actor: { id: 'admin-1', role: 'admin' }, causationId: bad[0]!, correlationId: bad[0]!, occurredAt: '2026-03-01T09:00:00.000+08:00', requestId: 'req-1' };
    await raw.append('fund-refused', bad.map((id) => ({ id, type: 'FundOpened', schemaVersion: 1, data: { amountFen: 'lots' }, metadata })), 'no_stream');
  } finally {
    await raw.close();
  }
  for (const threads of [0, 1]) {
    await t.rejects(exportTo(dir, path.join(base, `out-${threads}`), integrityConfig, threads), { name: 'ExportError', message: new RegExp(`^leaf ${leaves}, event ${bad[0]}: the store holds an event its schema refuses`) }, `${threads} replay threads`);
  }
});
