import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { canonicalFile, ManifestSchema, type Manifest } from '../../src/integrity-log/bundle-format.ts';
import { sha256Hex } from '../../src/integrity-log/bundle-io.ts';
import { verifyBundle, type VerifyReport } from '../../src/integrity-log/verify-bundle.ts';
import { parseCheckpoint, signCheckpoint } from '../../src/integrity/checkpoint.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { generateSignerKey, parseSignerKey } from '../../src/integrity/note-keys.ts';
import { parseNote } from '../../src/integrity/signed-note.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { copyBundle, domainLog, exportTo, noProgress, ORIGIN, registerPeople, withApp } from './bundle-fixture.ts';

const registry = buildEventRegistry();
const verify = (dir: string, trustedKey?: string): VerifyReport =>
  verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress, ...(trustedKey ? { trustedKey } : {}) });

/** One bundle with two checkpoints, made once for every tamper test. */
const root = t.testdir();
const dataDir = path.join(root, 'data');
const original = path.join(root, 'bundle');
let manifest: Manifest;

t.before(async () => {
  await domainLog(dataDir, 3);
  await exportTo(dataDir, path.join(root, 'first'));
  await withApp(dataDir, (app) => registerPeople(app, 2, 50, { idNumbers: [], names: [], accounts: [], phones: [] }));
  await exportTo(dataDir, original);
  manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(original, 'manifest.json'), 'utf8')));
});

const eventLines = (dir: string) => fs.readFileSync(path.join(dir, 'events.ndjson'), 'utf8').split('\n').slice(0, -1);
const writeLines = (dir: string, lines: string[]) => fs.writeFileSync(path.join(dir, 'events.ndjson'), `${lines.join('\n')}\n`);
const idOfLine = (line: string) => (JSON.parse(line) as { id: string }).id;

/** Rewrites manifest.json with the files' current hashes (a forger who knows the format). */
function refreshManifest(dir: string, patch: Partial<Manifest> = {}): void {
  const m = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const files = Object.fromEntries(Object.keys(m.files).map((f) => [f, sha256Hex(fs.readFileSync(path.join(dir, f)))]));
  fs.writeFileSync(path.join(dir, 'manifest.json'), canonicalFile({ ...m, files, ...patch }));
}

t.test('the untouched bundle holds, with two consistent checkpoints', async (t) => {
  t.equal(manifest.checkpoints.length, 2);
  const report = verify(original);
  t.ok(report.ok, JSON.stringify(report.fault));
});

t.test('one byte changed in an event: fails, naming the leaf and the event', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = 7;
  const id = idOfLine(lines[k]!);
  lines[k] = lines[k]!.replace(/"recordedAt":"(\d{4})/, (_m, y: string) => `"recordedAt":"${Number(y) + 1}`);
  writeLines(dir, lines);
  const r = verify(dir);
  t.notOk(r.ok);
  t.match(r.fault, { kind: 'event', leafIndex: k, eventId: id, file: 'events.ndjson' });
  t.match(r.fault?.message, /altered/);
});

t.test('one event dropped: fails, naming the missing leaf', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = 12;
  lines.splice(k, 1);
  writeLines(dir, lines);
  const r = verify(dir);
  t.match(r.fault, { kind: 'event', leafIndex: k });
  t.match(r.fault?.message, /missing \(dropped\)/);
});

t.test('two events swapped: fails, naming both leaves', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = lines.length - 3;
  [lines[k], lines[k + 1]] = [lines[k + 1]!, lines[k]!];
  writeLines(dir, lines);
  const r = verify(dir);
  t.match(r.fault, { kind: 'event', leafIndex: k, eventId: idOfLine(lines[k]!) });
  t.match(r.fault?.message, new RegExp(`leaves ${k} and ${k + 1} are swapped`));
});

t.test('the last event dropped and an event added: both named', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  writeLines(dir, lines.slice(0, -1));
  t.match(verify(dir).fault, { kind: 'event', leafIndex: lines.length - 1, message: /ends after/ });
  writeLines(dir, [...lines, lines[3]!]);
  t.match(verify(dir).fault, { kind: 'event', leafIndex: lines.length, message: /beyond the tree/ });
});

t.test('an event altered with its leaves.txt hash forged to match: the checkpoint names the range', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const lines = eventLines(dir);
  const k = manifest.checkpoints[0]! + 1;
  lines[k] = lines[k]!.replace(/"revision":(\d+)/, (_m, r: string) => `"revision":${Number(r) + 10}`);
  writeLines(dir, lines);
  const leaves = fs.readFileSync(path.join(dir, 'leaves.txt'), 'utf8').split('\n');
  const [position] = leaves[k]!.split(' ');
  leaves[k] = `${position} ${hashLeaf(Buffer.from(lines[k]!, 'utf8')).toString('base64')}`;
  fs.writeFileSync(path.join(dir, 'leaves.txt'), leaves.join('\n'));
  refreshManifest(dir);
  const r = verify(dir);
  t.match(r.fault, { kind: 'checkpoint', checkpoint: manifest.checkpoints[1] });
  t.match(r.fault?.message, new RegExp(`among leaves ${manifest.checkpoints[0]}\\.\\.${manifest.checkpoints[1]! - 1}`));
});

t.test('a checkpoint altered: its signature no longer verifies', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const size = manifest.checkpoints[0]!;
  const file = path.join(dir, `checkpoints/${size}.note`);
  const note = fs.readFileSync(file, 'utf8');
  const lines = note.split('\n');
  lines[2] = Buffer.alloc(32, 7).toString('base64');
  fs.writeFileSync(file, lines.join('\n'));
  const r = verify(dir);
  t.match(r.fault, { kind: 'checkpoint', checkpoint: size, file: `checkpoints/${size}.note` });
  t.match(r.fault?.message, /invalid signature/);
});

t.test('a checkpoint signed by another key (same log name): not trusted', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const size = manifest.checkpoints[1]!;
  const file = path.join(dir, `checkpoints/${size}.note`);
  const other = parseSignerKey(generateSignerKey(ORIGIN));
  fs.writeFileSync(file, signCheckpoint(parseCheckpoint(parseNote(fs.readFileSync(file, 'utf8')).text), other));
  refreshManifest(dir);
  const r = verify(dir);
  t.match(r.fault, { kind: 'checkpoint', checkpoint: size });
  t.match(r.fault?.message, /no signature by a trusted key/);
});

t.test('a whole bundle re-signed by another key: caught when the auditor pins the log key', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const trusted = fs.readFileSync(path.join(dir, 'vkey.txt'), 'utf8').trim();
  const other = parseSignerKey(generateSignerKey(ORIGIN));
  for (const size of manifest.checkpoints) {
    const file = path.join(dir, `checkpoints/${size}.note`);
    fs.writeFileSync(file, signCheckpoint(parseCheckpoint(parseNote(fs.readFileSync(file, 'utf8')).text), other));
  }
  fs.writeFileSync(path.join(dir, 'vkey.txt'), `${other.verifierKey}\n`);
  refreshManifest(dir);
  t.ok(verify(dir).ok, 'self-consistent: the bundle alone cannot tell whose key it is');
  const r = verify(dir, trusted);
  t.match(r.fault, { kind: 'key', file: 'vkey.txt', expected: trusted, actual: other.verifierKey });
});

t.test('digests, manifest and files: a changed digest names the projection; missing or extra files are named', async (t) => {
  const dir = copyBundle(t, original, 'b');
  const digests = JSON.parse(fs.readFileSync(path.join(dir, 'digests.json'), 'utf8'));
  digests.projections[0].tables[0].rows += 1;
  fs.writeFileSync(path.join(dir, 'digests.json'), canonicalFile(digests));
  refreshManifest(dir);
  const r = verify(dir);
  t.match(r.fault, { kind: 'projection', projection: 'event-stats' });
  t.match(r.fault?.message, /other rows in table event_type_stats/);

  // Only the projection's own digest line changed, every table as replayed: said as such, not blamed on a table.
  const dirOverall = copyBundle(t, original, 'd');
  const overall = JSON.parse(fs.readFileSync(path.join(dirOverall, 'digests.json'), 'utf8'));
  const replayedSha = overall.projections[0].sha256;
  overall.projections[0].sha256 = replayedSha.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
  fs.writeFileSync(path.join(dirOverall, 'digests.json'), canonicalFile(overall));
  refreshManifest(dirOverall);
  const ro = verify(dirOverall);
  t.match(ro.fault, { kind: 'projection', projection: 'event-stats', file: 'digests.json', expected: replayedSha, actual: overall.projections[0].sha256 });
  t.match(ro.fault?.message, /every table agrees with the replay/);
  t.notMatch(ro.fault?.message, /other rows/);

  const dir2 = copyBundle(t, original, 'c');
  fs.writeFileSync(path.join(dir2, 'notes.txt'), 'hello');
  t.match(verify(dir2).fault, { kind: 'file', file: 'notes.txt', message: /not listed/ });
  fs.rmSync(path.join(dir2, 'notes.txt'));
  fs.rmSync(path.join(dir2, 'digests.json'));
  t.match(verify(dir2).fault, { kind: 'file', file: 'digests.json' });

  const dir3 = copyBundle(t, original, 'd');
  fs.rmSync(path.join(dir3, `checkpoints/${manifest.checkpoints[0]}.note`));
  t.match(verify(dir3).fault, { kind: 'checkpoint', checkpoint: manifest.checkpoints[0], message: /missing/ });

  const dir4 = copyBundle(t, original, 'e');
  const m = fs.readFileSync(path.join(dir4, 'manifest.json'), 'utf8');
  fs.writeFileSync(path.join(dir4, 'manifest.json'), JSON.stringify(JSON.parse(m), null, 2));
  t.match(verify(dir4).fault, { kind: 'manifest', message: /canonical/ });
});

t.test('--since: a checkpoint kept from an earlier look; the bundle must extend it', async (t) => {
  const note = (dir: string, size: number) => fs.readFileSync(path.join(dir, `checkpoints/${size}.note`));
  const withHeld = (dir: string, held: Uint8Array | string) =>
    verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress, replay: false, heldCheckpoint: typeof held === 'string' ? Buffer.from(held) : held });
  const first = path.join(root, 'first');
  const firstManifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(first, 'manifest.json'), 'utf8')));
  const earlier = firstManifest.treeSize;
  t.ok(earlier < manifest.treeSize, 'the earlier export is smaller');

  const extended = withHeld(original, note(first, earlier));
  t.ok(extended.ok, JSON.stringify(extended.fault));
  t.equal(extended.extendsHeldCheckpoint, earlier, 'the later bundle extends the checkpoint held from the earlier export');
  t.equal(withHeld(original, note(original, manifest.treeSize)).extendsHeldCheckpoint, manifest.treeSize, 'and its own last one');

  const larger = withHeld(first, note(original, manifest.treeSize));
  t.match(larger.fault, { kind: 'checkpoint', file: /--since/, checkpoint: manifest.treeSize, message: /larger tree/ });

  // The log's own key signs another root at the held size: what a rewritten history re-signed looks like from the checkpoint held before it.
  const logKey = parseSignerKey(fs.readFileSync(path.join(dataDir, 'keys', 'log-signer.key'), 'utf8').trim());
  const genuine = parseCheckpoint(parseNote(note(first, earlier).toString('utf8')).text);
  const otherRoot = Uint8Array.from(genuine.rootHash, (b, i) => (i === 0 ? b ^ 1 : b));
  const rewritten = withHeld(original, signCheckpoint({ ...genuine, rootHash: otherRoot }, logKey));
  t.match(rewritten.fault, { kind: 'checkpoint', checkpoint: earlier, message: /history up to it was rewritten/ });

  const stranger = parseSignerKey(generateSignerKey(ORIGIN));
  t.match(withHeld(original, signCheckpoint(genuine, stranger)).fault, { kind: 'checkpoint', message: /not a checkpoint of this log signed by its key/ });
  t.match(withHeld(original, 'not a note').fault, { kind: 'checkpoint', file: /--since/ });
});
