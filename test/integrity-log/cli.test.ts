import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { verifyTlogProof } from '../../src/integrity/tlog-proof.ts';
import { domainLog, ORIGIN } from './bundle-fixture.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function taizhang(dataDir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TAIZHANG_DATA_DIR: dataDir, TAIZHANG_LOG_ORIGIN: ORIGIN, TAIZHANG_LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('the taizhang command: keys show, export, verify, prove', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  await domainLog(dataDir, 2);

  const keys = taizhang(dataDir, 'keys', 'show');
  t.equal(keys.status, 0, keys.stderr);
  const vkey = keys.stdout.trim();
  t.equal(parseVerifierKey(vkey).name, ORIGIN, 'keys show prints the verifier key, named for the origin');
  t.notMatch(keys.stdout + keys.stderr, /PRIVATE/, 'never the private key');
  const keyFile = path.join(dataDir, 'keys', 'log-signer.key');
  t.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the signing key file is 0600');
  t.equal(taizhang(dataDir, 'keys', 'show').stdout.trim(), vkey, 'the same key on every run');
  const otherOrigin = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'keys', 'show'], { encoding: 'utf8', env: { ...process.env, TAIZHANG_DATA_DIR: dataDir, TAIZHANG_LOG_ORIGIN: 'another.example/log' } });
  t.equal(otherOrigin.status, 1, 'another origin for the same data directory is refused');
  t.match(otherOrigin.stderr, /a log keeps its origin for life/);

  const bundle = path.join(dir, 'bundle');
  const exported = taizhang(dataDir, 'export', '--to', bundle);
  t.equal(exported.status, 0, exported.stderr);
  t.match(exported.stdout, /exported \d+ events .* with 1 checkpoints/);

  const ok = taizhang(dataDir, 'verify', bundle, '--key', vkey);
  t.equal(ok.status, 0, `${ok.stdout}${ok.stderr}`);
  t.match(ok.stdout, /: OK\n/);
  const lines = fs.readFileSync(path.join(bundle, 'events.ndjson'), 'utf8').split('\n');
  lines[2] = lines[2]!.replace('"revision":', '"revision":1');
  fs.writeFileSync(path.join(bundle, 'events.ndjson'), lines.join('\n'));
  const bad = taizhang(dataDir, 'verify', bundle);
  t.equal(bad.status, 1, 'a tampered bundle: exit 1');
  t.match(bad.stdout, /FAILED\n {2}event fault at file events.ndjson, leaf 2, event [0-9a-f-]{36}: the event of leaf 2 was altered/);

  const eventId = (JSON.parse(lines[5]!) as { id: string }).id;
  const entry = path.join(dir, 'entry.json');
  const proved = taizhang(dataDir, 'prove', eventId, '--entry', entry);
  t.equal(proved.status, 0, proved.stderr);
  t.match(proved.stdout, /^c2sp\.org\/tlog-proof@v1\nindex 5\n/);
  const verified = verifyTlogProof(proved.stdout, hashLeaf(fs.readFileSync(entry)), parseVerifierKey(vkey));
  t.equal(verified.index, 5, 'the tlog-proof verifies with the event bytes and the verifier key alone');
  t.same(JSON.parse(fs.readFileSync(entry, 'utf8')).id, eventId);
  const unknown = taizhang(dataDir, 'prove', '0190b6a2-3c4d-7e5f-8a1b-000000000009');
  t.equal(unknown.status, 1);
  t.match(unknown.stderr, /no event 0190b6a2-3c4d-7e5f-8a1b-000000000009 in the log/);
});
