import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { runVerify } from '../../src/cli/verify-command.ts';
import { BUNDLE_FORMAT, canonicalFile, DIGESTS_FILE, DigestsSchema, MANIFEST_FILE, ManifestSchema } from '../../src/integrity-log/bundle-format.ts';
import { sha256Hex } from '../../src/integrity-log/bundle-io.ts';
import { verifyBundle } from '../../src/integrity-log/verify-bundle.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { merkleTreeHash } from '../../src/integrity/merkle-tree.ts';
import { openCheckpoint } from '../../src/integrity/checkpoint.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { domainLog, exportTo, noProgress, registerPeople, withApp } from './bundle-fixture.ts';

t.test('export then verify: a bundle of real domain events holds, offline', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  await domainLog(dataDir, 4);
  const bundle = path.join(dir, 'bundle');
  const out = await exportTo(dataDir, bundle);
  t.match(out.join('\n'), /signed a checkpoint of \d+ leaves/);
  const names = fs.readdirSync(bundle).sort();
  t.same(names, ['checkpoints', 'digests.json', 'events.ndjson', 'leaves.txt', 'manifest.json', 'vkey.txt']);
  const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(bundle, 'manifest.json'), 'utf8')));
  t.equal(manifest.format, BUNDLE_FORMAT);
  const lines = fs.readFileSync(path.join(bundle, 'events.ndjson'), 'utf8').split('\n');
  t.equal(lines.pop(), '', 'every line ends in a newline');
  t.equal(lines.length, manifest.treeSize, 'one line per leaf');
  const root = merkleTreeHash(lines.map((l) => hashLeaf(Buffer.from(l, 'utf8'))));
  const verifier = parseVerifierKey(fs.readFileSync(path.join(bundle, 'vkey.txt'), 'utf8').trim());
  const { checkpoint } = openCheckpoint(fs.readFileSync(path.join(bundle, `checkpoints/${manifest.treeSize}.note`)), verifier);
  t.same(Buffer.from(checkpoint.rootHash), Buffer.from(root), 'each line is exactly the bytes hashed: the tree of the lines has the signed root');

  const said: string[] = [];
  const report = runVerify({ dir: bundle, replay: true, json: false, out: (l) => said.push(l), progress: noProgress });
  t.ok(report.ok, said.join('\n'));
  t.match(said[0], /: OK$/);
  t.match(said.join('\n'), /projection event-stats v1 replayed/);
  t.equal(report.projections?.length, PROJECTIONS.length, 'every projection of the catalogue replayed');
  const pinned = verifyBundle(bundle, { registry: buildEventRegistry(), definitions: PROJECTIONS, trustedKey: verifier.verifierKey, progress: noProgress });
  t.ok(pinned.ok, 'and with the key pinned');

  // A second export after more events: the first checkpoints are kept, the bundle ends at a new one.
  const again = path.join(dir, 'bundle2');
  await withApp(dataDir, (app) => registerPeople(app, 3, 100, { idNumbers: [], names: [], accounts: [], phones: [] }));
  await exportTo(dataDir, again);
  const m2 = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(again, 'manifest.json'), 'utf8')));
  t.ok(m2.treeSize > manifest.treeSize, 'the log grew');
  t.same(m2.checkpoints.slice(0, manifest.checkpoints.length), manifest.checkpoints, 'every earlier checkpoint is kept in the new bundle');
  t.same(fs.readFileSync(path.join(again, `checkpoints/${manifest.treeSize}.note`)), fs.readFileSync(path.join(bundle, `checkpoints/${manifest.treeSize}.note`)));
  t.ok(verifyBundle(again, { registry: buildEventRegistry(), definitions: PROJECTIONS, progress: noProgress }).ok, 'two checkpoints, consistent');
  await t.rejects(exportTo(dataDir, bundle), /exists and is not an empty directory/, 'an export never overwrites a bundle');

  // The replay on threads (what verify does with big bundles) says exactly what the one-thread replay says.
  const registry = buildEventRegistry();
  const onThreads = (dir: string, replayThreads: number) => verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress, replayThreads });
  const inThread = onThreads(again, 0);
  t.ok(inThread.ok);
  t.same(onThreads(again, 2), inThread, 'two replay threads: the same report, digests in catalogue order');
  const changed = path.join(dir, 'changed-digest');
  fs.cpSync(again, changed, { recursive: true });
  const digests = DigestsSchema.parse(JSON.parse(fs.readFileSync(path.join(changed, DIGESTS_FILE), 'utf8')));
  digests.projections[1]!.tables[0]!.rows += 1;
  const digestBytes = canonicalFile(digests);
  fs.writeFileSync(path.join(changed, DIGESTS_FILE), digestBytes);
  const m3 = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(changed, MANIFEST_FILE), 'utf8')));
  fs.writeFileSync(path.join(changed, MANIFEST_FILE), canonicalFile({ ...m3, files: { ...m3.files, [DIGESTS_FILE]: sha256Hex(digestBytes) } }));
  const fault = onThreads(changed, 0);
  t.match(fault.fault, { kind: 'projection', projection: digests.projections[1]!.name }, 'a changed digest of the second projection (the second thread\'s) is named');
  t.same(onThreads(changed, 2), fault, '… the same on threads');
});
