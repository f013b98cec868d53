import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { verifyBundle } from '../../src/integrity-log/verify-bundle.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { domainLog, exportTo, noProgress, registerPeople, withApp } from './bundle-fixture.ts';

/** mulberry32: seeded, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function filesOf(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const name = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? filesOf(dir, name) : [name];
  });
}

function writeByteAt(file: string, at: number, byte: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Uint8Array.of(byte), 0, 1, at);
  } finally {
    fs.closeSync(fd);
  }
}

t.test('1 000 random single-byte changes anywhere in a bundle: every one is detected', async (t) => {
  const root = t.testdir();
  const dataDir = path.join(root, 'data');
  await domainLog(dataDir, 2);
  await exportTo(dataDir, path.join(root, 'first'));
  await withApp(dataDir, (app) => registerPeople(app, 1, 60, { idNumbers: [], names: [], accounts: [], phones: [] }));
  const bundle = path.join(root, 'bundle');
  await exportTo(dataDir, bundle);
  const dir = path.join(root, 'flipped');
  fs.cpSync(bundle, dir, { recursive: true });
  const registry = buildEventRegistry();
  const files = filesOf(dir).map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  t.ok(verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress }).ok, 'the copy holds before any change');

  const seed = Number(process.env.FLIP_SEED ?? 20260301);
  const random = prng(seed);
  const byKind = new Map<string, number>();
  const byFile = new Map<string, number>();
  const missed: string[] = [];
  for (let n = 0; n < 1000; n++) {
    // A byte position uniform over the whole bundle, changed to any other value.
    let at = Math.floor(random() * total);
    const file = files.find((f) => (at < f.bytes.length ? true : ((at -= f.bytes.length), false)))!;
    const original = file.bytes[at]!;
    const target = path.join(dir, file.name);
    // The one byte is written in place and put back: rewriting whole files cost more than the verify.
    writeByteAt(target, at, original ^ (1 + Math.floor(random() * 255)));
    const report = verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress });
    writeByteAt(target, at, original);
    if (report.ok) missed.push(`${file.name}@${at}`);
    else byKind.set(report.fault!.kind, (byKind.get(report.fault!.kind) ?? 0) + 1);
    byFile.set(file.name.startsWith('checkpoints/') ? 'checkpoints/*' : file.name, (byFile.get(file.name.startsWith('checkpoints/') ? 'checkpoints/*' : file.name) ?? 0) + 1);
  }
  t.same(missed, [], `every change detected (seed ${seed}; by file ${JSON.stringify(Object.fromEntries(byFile))}; faults ${JSON.stringify(Object.fromEntries(byKind))})`);
  t.ok((byFile.get('events.ndjson') ?? 0) > 500, 'most changes hit the events, as the bytes are there');
  t.ok(verifyBundle(dir, { registry, definitions: PROJECTIONS, progress: noProgress }).ok, 'restored, it holds again');
  t.same(filesOf(dir).map((name) => fs.readFileSync(path.join(dir, name))), files.map((f) => f.bytes), 'every byte put back');
});
