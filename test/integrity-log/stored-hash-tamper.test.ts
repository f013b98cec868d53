/**
 * The leaf hash the store computes at append is a cache the log trusts, never evidence: a
 * row edited in events.sqlite after its hash was stored is not hidden by it. The log then
 * holds the hash of the event as appended; the export recomputes each leaf from the row's
 * bytes and refuses the row that no longer hashes to its leaf, naming it; and a bundle that
 * carries the edited row's bytes fails `verify`, which recomputes every leaf, at that leaf.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { canonicalFile, ManifestSchema } from '../../src/integrity-log/bundle-format.ts';
import { sha256Hex } from '../../src/integrity-log/bundle-io.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { verifyBundle } from '../../src/integrity-log/verify-bundle.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { copyBundle, domainLog, exportTo, noProgress, registerPeople, withApp } from './bundle-fixture.ts';

const root = t.testdir();
const dataDir = path.join(root, 'data');
const storeFile = path.join(dataDir, 'events.sqlite');
const clean = path.join(root, 'clean');

/** Rewrites one row's data in the store file, as someone with the file (and no care for its trigger) could. */
function editRow(t: Test, position: number): string {
  const db = new Database(storeFile);
  try {
    const { id, data } = db.prepare('SELECT id, data FROM events WHERE position = ?').get(position) as { id: string; data: string };
    const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_no_update'").pluck().get() as string;
    db.transaction(() => {
      db.exec('DROP TRIGGER events_no_update');
      // Same shape, one key more: still valid JSON, still what a schema might accept.
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...(JSON.parse(data) as object), note: 'edited' }), position);
      db.exec(trigger);
    })();
    t.ok(db.prepare('SELECT leaf_hash FROM events WHERE position = ?').pluck().get(position), `row ${position} keeps the hash stored at append`);
    return id;
  } finally {
    db.close();
  }
}

/** The leaf index of the event at `position`: user events before it (every one a leaf here). */
const leafOf = (position: number): number => position - 1;

t.before(async () => {
  await domainLog(dataDir, 2);
  await exportTo(dataDir, clean);
});

t.test('a row edited before the log integrated it: the export refuses it at its leaf, although its stored hash is intact', async (t) => {
  await withApp(dataDir, (app) => registerPeople(app, 2, 40, { idNumbers: [], names: [], accounts: [], phones: [] }));
  const db = new Database(storeFile, { readonly: true });
  const head = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
  db.close();
  const id = editRow(t, head - 1);
  // The export brings the log up to date first: it integrates the stored hash of the edited row.
  await t.rejects(exportTo(dataDir, path.join(root, 'refused')), { name: 'ExportError', message: new RegExp(`^leaf ${leafOf(head - 1)}: the log holds event ${id} .* the store no longer matches its log`) });
  t.notOk(fs.existsSync(path.join(root, 'refused')), 'no bundle is left behind');
});

t.test('a bundle carrying an edited row\'s bytes fails verify at that leaf', async (t) => {
  const position = 5;
  const id = editRow(t, position);
  const store = await openSqliteStore({ file: storeFile, writer: 'inline' });
  const [edited] = await store.readAll({ after: BigInt(position - 1), limit: 1 });
  await store.close();
  const dir = copyBundle(t, clean, 'with-edited-row');
  const events = path.join(dir, 'events.ndjson');
  const lines = fs.readFileSync(events, 'utf8').split('\n');
  t.equal((JSON.parse(lines[leafOf(position)]!) as { id: string }).id, id);
  lines[leafOf(position)] = leafBytesOf(edited!).toString('utf8');
  fs.writeFileSync(events, lines.join('\n'));
  // The manifest's file hashes rewritten too: only the tree can tell.
  const manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const files = Object.fromEntries(Object.keys(manifest.files).map((f) => [f, sha256Hex(fs.readFileSync(path.join(dir, f)))]));
  fs.writeFileSync(path.join(dir, 'manifest.json'), canonicalFile({ ...manifest, files }));
  const report = verifyBundle(dir, { registry: buildEventRegistry(), definitions: PROJECTIONS, progress: noProgress });
  t.notOk(report.ok);
  t.match(report.fault, { leafIndex: leafOf(position), eventId: id });
});
