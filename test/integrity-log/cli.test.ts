/**
 * The `taizhang` command end to end: keys show, export, verify, prove, each as a real child
 * process where its exit status and output are the point (a child costs a couple of seconds
 * of start-up, so the independent ones run at the same time), and in-process through the
 * same runners where only the answer matters. One store and one bundle for all of them.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runKeysShow } from '../../src/cli/keys-command.ts';
import { runProve } from '../../src/cli/prove-command.ts';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { verifyTlogProof } from '../../src/integrity/tlog-proof.ts';
import { nodeScript } from '../helpers/node-script.ts';
import { domainLog, integrityConfig, ORIGIN } from './bundle-fixture.ts';

// The compiled main under `npm test` (no loader in each child), the .ts through tsx otherwise.
const MAIN = nodeScript(new URL('../../src/cli/main.ts', import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function taizhang(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...MAIN, ...args], {
      env: { ...process.env, TAIZHANG_DATA_DIR: dataDir, TAIZHANG_LOG_ORIGIN: ORIGIN, TAIZHANG_LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

t.test('the taizhang command: keys show, export, verify, prove', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  await domainLog(dataDir, 2);

  const keys = await taizhang(dataDir, 'keys', 'show');
  t.equal(keys.status, 0, keys.stderr);
  const vkey = keys.stdout.trim();
  t.equal(parseVerifierKey(vkey).name, ORIGIN, 'keys show prints the verifier key, named for the origin');
  t.notMatch(keys.stdout + keys.stderr, /PRIVATE/, 'never the private key');
  const keyFile = path.join(dataDir, 'keys', 'log-signer.key');
  t.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'the signing key file is 0600');
  const again: string[] = [];
  runKeysShow({ dataDir, origin: ORIGIN, out: (line) => again.push(line) });
  t.same(again, [vkey], 'the same key on every run');
  t.throws(() => runKeysShow({ dataDir, origin: 'another.example/log', out: () => {} }), /a log keeps its origin for life/, 'another origin for the same data directory is refused');

  const bundle = path.join(dir, 'bundle');
  const exported = await taizhang(dataDir, 'export', '--to', bundle);
  t.equal(exported.status, 0, exported.stderr);
  t.match(exported.stdout, /exported \d+ events .* with 1 checkpoints/);

  const tampered = path.join(dir, 'tampered');
  fs.cpSync(bundle, tampered, { recursive: true });
  const lines = fs.readFileSync(path.join(tampered, 'events.ndjson'), 'utf8').split('\n');
  lines[2] = lines[2]!.replace('"revision":', '"revision":1');
  fs.writeFileSync(path.join(tampered, 'events.ndjson'), lines.join('\n'));
  const eventId = (JSON.parse(lines[5]!) as { id: string }).id;
  const entry = path.join(dir, 'entry.json');

  const [ok, bad, proved] = await Promise.all([
    taizhang(dataDir, 'verify', bundle, '--key', vkey),
    taizhang(dataDir, 'verify', tampered),
    taizhang(dataDir, 'prove', eventId, '--entry', entry),
  ]);
  t.equal(ok.status, 0, `${ok.stdout}${ok.stderr}`);
  t.match(ok.stdout, /: OK\n/);
  t.equal(bad.status, 1, 'a tampered bundle: exit 1');
  t.match(bad.stdout, /FAILED\n {2}event fault at file events.ndjson, leaf 2, event [0-9a-f-]{36}: the event of leaf 2 was altered/);

  t.equal(proved.status, 0, proved.stderr);
  t.match(proved.stdout, /^c2sp\.org\/tlog-proof@v1\nindex 5\n/);
  const verified = verifyTlogProof(proved.stdout, hashLeaf(fs.readFileSync(entry)), parseVerifierKey(vkey));
  t.equal(verified.index, 5, 'the tlog-proof verifies with the event bytes and the verifier key alone');
  t.same(JSON.parse(fs.readFileSync(entry, 'utf8')).id, eventId);
  const config = { dataDir, storeUrl: 'sqlite:', maxEventBytes: 1 << 20 };
  await t.rejects(runProve({ eventId: '0190b6a2-3c4d-7e5f-8a1b-000000000009', config, integrity: integrityConfig, out: () => {} }), /no event 0190b6a2-3c4d-7e5f-8a1b-000000000009 in the log/);
});
