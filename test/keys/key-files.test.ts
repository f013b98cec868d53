import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { nodeScript } from '../helpers/node-script.ts';
import {
  KeyFileError,
  keysDir,
  loadOrCreateKey,
  loadOrCreateSecretKey,
  pkcs8PrivateKeyPem,
} from '../../src/keys/key-files.ts';

const posix = process.platform !== 'win32';
const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

t.test('a new key is created 0600 in a 0700 keys directory', { skip: !posix && 'no POSIX modes' }, async (t) => {
  const dataDir = path.join(t.testdir(), 'data');
  const key = loadOrCreateSecretKey(dataDir, 'pseudonym.key');
  t.equal(key.length, 32);
  t.equal(modeOf(keysDir(dataDir)), 0o700);
  const file = path.join(keysDir(dataDir), 'pseudonym.key');
  t.equal(modeOf(file), 0o600);
  t.same(fs.readFileSync(file), key);
  t.same(fs.readdirSync(keysDir(dataDir)), ['pseudonym.key'], 'no temp file is left behind');
});

t.test('modes hold under a permissive umask', { skip: !posix && 'no POSIX modes' }, async (t) => {
  const previous = process.umask(0);
  t.teardown(() => void process.umask(previous));
  const dataDir = t.testdir();
  loadOrCreateSecretKey(dataDir, 'vault.key');
  t.equal(modeOf(keysDir(dataDir)), 0o700);
  t.equal(modeOf(path.join(keysDir(dataDir), 'vault.key')), 0o600);
});

t.test('a restart reuses the stored key instead of making a new one', async (t) => {
  const dataDir = t.testdir();
  const first = loadOrCreateSecretKey(dataDir, 'vault.key');
  let created = 0;
  const second = loadOrCreateKey(dataDir, 'vault.key', () => {
    created++;
    return randomBytes(32);
  });
  t.same(second, first);
  t.equal(created, 0, 'the generator is not called when the key exists');
});

t.test('different names are different keys', async (t) => {
  const dataDir = t.testdir();
  t.not(
    loadOrCreateSecretKey(dataDir, 'a.key').toString('hex'),
    loadOrCreateSecretKey(dataDir, 'b.key').toString('hex'),
  );
});

t.test('a key file open to group or others is refused', { skip: !posix && 'no POSIX modes' }, async (t) => {
  for (const mode of [0o640, 0o604, 0o620, 0o644]) {
    const dataDir = t.testdir();
    loadOrCreateSecretKey(dataDir, 'vault.key');
    const file = path.join(keysDir(dataDir), 'vault.key');
    fs.chmodSync(file, mode);
    t.throws(
      () => loadOrCreateSecretKey(dataDir, 'vault.key'),
      { name: 'KeyFileError', problem: 'permissions', filePath: file, message: /chmod 600/ },
      `mode ${mode.toString(8)}`,
    );
  }
});

t.test('a keys directory open to group or others is refused', { skip: !posix && 'no POSIX modes' }, async (t) => {
  const dataDir = t.testdir();
  loadOrCreateSecretKey(dataDir, 'vault.key');
  fs.chmodSync(keysDir(dataDir), 0o755);
  t.throws(() => loadOrCreateSecretKey(dataDir, 'vault.key'), {
    name: 'KeyFileError',
    problem: 'permissions',
    message: /chmod 700/,
  });
});

t.test('a malformed key file is refused and its content never quoted', async (t) => {
  const dataDir = t.testdir();
  loadOrCreateSecretKey(dataDir, 'vault.key');
  const file = path.join(keysDir(dataDir), 'vault.key');
  const secret = 'do-not-print-me-0123456789abcdef!!'; // 34 bytes: not a key
  fs.writeFileSync(file, secret);
  const err = t.throws(() => loadOrCreateSecretKey(dataDir, 'vault.key')) as unknown;
  t.ok(err instanceof KeyFileError);
  t.match(err, { problem: 'malformed', message: /expected 32 bytes, found 34/ });
  t.notMatch(String((err as Error).message), secret);

  fs.writeFileSync(file, Buffer.alloc(0));
  t.throws(() => loadOrCreateSecretKey(dataDir, 'vault.key'), { problem: 'malformed', message: /found 0/ });
});

t.test('a directory where the key file should be is refused', async (t) => {
  const dataDir = t.testdir();
  fs.mkdirSync(path.join(keysDir(dataDir), 'vault.key'), { recursive: true, mode: 0o700 });
  fs.chmodSync(keysDir(dataDir), 0o700);
  t.throws(() => loadOrCreateSecretKey(dataDir, 'vault.key'), { name: 'KeyFileError', problem: 'not_a_file' });
});

t.test('key names cannot escape the keys directory', async (t) => {
  const dataDir = t.testdir();
  for (const name of ['../escape.key', 'a/b', '', '.hidden']) {
    t.throws(() => loadOrCreateSecretKey(dataDir, name), { name: 'KeyFileError', problem: 'invalid_name' }, JSON.stringify(name));
  }
});

t.test('a PKCS #8 PEM key (the Ed25519 signing key) fits the same API', async (t) => {
  const dataDir = t.testdir();
  const make = (): Buffer =>
    Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const pem = loadOrCreateKey(dataDir, 'checkpoint-signing.pem', make, pkcs8PrivateKeyPem('ed25519'));
  t.equal(createPrivateKey(pem).asymmetricKeyType, 'ed25519');
  t.same(loadOrCreateKey(dataDir, 'checkpoint-signing.pem', make, pkcs8PrivateKeyPem('ed25519')), pem);

  const file = path.join(keysDir(dataDir), 'checkpoint-signing.pem');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  fs.writeFileSync(file, rsa);
  t.throws(() => loadOrCreateKey(dataDir, 'checkpoint-signing.pem', make, pkcs8PrivateKeyPem('ed25519')), {
    problem: 'malformed',
    message: /expected a ed25519 key, found rsa/,
  });
  fs.writeFileSync(file, '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n');
  t.throws(() => loadOrCreateKey(dataDir, 'checkpoint-signing.pem', make, pkcs8PrivateKeyPem('ed25519')), {
    problem: 'malformed',
    message: /does not parse/,
  });
});

t.test('a generator that breaks its own validator is a programmer error', async (t) => {
  t.throws(() => loadOrCreateKey(t.testdir(), 'x.key', () => Buffer.alloc(0)), /generated key is invalid/);
});

t.test('losing the creation race returns the winner\'s key, not our own', async (t) => {
  // Deterministic form of the race: another "process" creates the key after our read
  // found nothing and before our link.
  const dataDir = t.testdir();
  let winner: Buffer | undefined;
  const ours = randomBytes(32);
  const got = loadOrCreateKey(dataDir, 'race.key', () => {
    winner = loadOrCreateSecretKey(dataDir, 'race.key');
    return ours;
  }, (b) => (b.length === 32 ? undefined : 'length'));
  t.ok(winner);
  t.same(got, winner);
  t.notSame(got, ours);
  t.same(fs.readFileSync(path.join(keysDir(dataDir), 'race.key')), winner);
  t.same(fs.readdirSync(keysDir(dataDir)), ['race.key'], 'our temp file is removed');
});

t.test('processes starting together all end up with one key', async (t) => {
  const dataDir = t.testdir();
  const racer = nodeScript(new URL('./fixtures/race-for-key.ts', import.meta.url));
  const runs = 4;
  // Each child waits for the same start file so that they really do start together.
  const go = path.join(dataDir, 'go');
  const children = Array.from({ length: runs }, () => {
    const child = spawn(process.execPath, [...racer, dataDir, go], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise<string>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`racer exited ${code}`))));
    });
  });
  // Give every child time to start polling, then release them at once.
  await new Promise((r) => setTimeout(r, 300));
  fs.writeFileSync(go, '');
  const digests = await Promise.all(children);
  t.equal(new Set(digests).size, 1, 'every process holds the same key');
  const stored = createHash('sha256').update(fs.readFileSync(path.join(keysDir(dataDir), 'race.key'))).digest('hex');
  t.equal(digests[0], stored, 'and it is the key on disk');
  t.same(fs.readdirSync(keysDir(dataDir)), ['race.key'], 'no temp file is left behind');
});
