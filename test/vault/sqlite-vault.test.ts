import t from 'tap';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import { SqliteVault, VAULT_FILE } from '../../src/vault/sqlite-vault.ts';
import { VaultRecordUnreadableError } from '../../src/vault/errors.ts';
import { keysDir } from '../../src/keys/key-files.ts';
import { li, refOf, vaultContract, zhang } from './vault-contract.ts';
import { nodeScript } from '../helpers/node-script.ts';

const posix = process.platform !== 'win32';

t.test('contract', async (t) => {
  vaultContract(t, async (t, options) => SqliteVault.open(t.testdir(), options));
});

/** Every file SQLite keeps for the vault: the database, -wal and -shm. */
function vaultFiles(dataDir: string): string[] {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith(VAULT_FILE))
    .map((f) => path.join(dataDir, f));
}

/** True when `needle` occurs anywhere in the raw bytes of any vault file. */
function foundInVaultFiles(dataDir: string, needle: Buffer): string[] {
  return vaultFiles(dataDir).filter((f) => fs.readFileSync(f).includes(needle));
}

/** Reads and writes the stored row behind the vault's back, as an attacker with the file would. */
function raw(dataDir: string): Database.Database {
  return new Database(path.join(dataDir, VAULT_FILE));
}

function sealedOf(dataDir: string, ref: string): Buffer {
  const db = raw(dataDir);
  try {
    const row = db.prepare<[string], { sealed: Buffer }>('SELECT sealed FROM personal_records WHERE person_ref = ?').get(ref);
    if (row === undefined) throw new Error('no row');
    return row.sealed;
  } finally {
    db.close();
  }
}

function writeSealed(dataDir: string, ref: string, sealed: Buffer): void {
  const db = raw(dataDir);
  try {
    db.prepare('UPDATE personal_records SET sealed = ? WHERE person_ref = ?').run(sealed, ref);
  } finally {
    db.close();
  }
}

const plaintexts = (r: typeof zhang): Buffer[] =>
  [r.idNumber, r.name, r.phone, r.bankAccount, r.bankName]
    .filter((v): v is string => v !== undefined)
    .flatMap((v) => [Buffer.from(v, 'utf8'), Buffer.from(v, 'utf16le')]);

t.test('the vault lives in its own file under the data dir, its key in data/keys', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  await vault.put(refOf(li.idNumber), li);
  await vault.close();
  t.ok(fs.existsSync(path.join(dataDir, 'vault.sqlite')));
  t.ok(fs.existsSync(path.join(keysDir(dataDir), 'vault.key')));
});

t.test('vault files are private (0600), -wal and -shm included', { skip: !posix && 'no POSIX modes' }, async (t) => {
  const previous = process.umask(0o022);
  t.teardown(() => void process.umask(previous));
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  await vault.put(refOf(li.idNumber), li);
  const files = vaultFiles(dataDir);
  t.ok(files.some((f) => f.endsWith('-wal')), 'the WAL file exists while open');
  for (const f of files) t.equal(fs.statSync(f).mode & 0o777, 0o600, path.basename(f));
});

t.test('no personal data appears anywhere in the vault files', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  await vault.put(refOf(zhang.idNumber), zhang);
  await vault.put(refOf(li.idNumber), li);
  // Scanned twice: while the writes sit in the WAL, and after they reach the main file.
  for (const when of ['in the WAL', 'after checkpoint and close']) {
    if (when !== 'in the WAL') await vault.close();
    for (const needle of [...plaintexts(zhang), ...plaintexts(li)]) {
      t.same(foundInVaultFiles(dataDir, needle), [], `${when}: no trace of a ${needle.length}-byte value`);
    }
  }
  // The scan itself can find things: the personRef is stored in the clear.
  t.not(foundInVaultFiles(dataDir, Buffer.from(refOf(li.idNumber))).length, 0, 'the scan sees stored bytes');
});

t.test('records survive a reopen', async (t) => {
  const dataDir = t.testdir();
  const first = SqliteVault.open(dataDir);
  await first.put(refOf(zhang.idNumber), zhang);
  await first.close();
  const second = SqliteVault.open(dataDir);
  t.teardown(() => second.close());
  t.same(await second.get(refOf(zhang.idNumber)), zhang);
});

t.test('a record put just before a crash is there after restart', async (t) => {
  const dataDir = t.testdir();
  const child = spawn(
    process.execPath,
    [...nodeScript(new URL('./fixtures/put-then-crash.ts', import.meta.url)), dataDir, refOf(li.idNumber), li.idNumber, li.name],
    { stdio: 'inherit' },
  );
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  t.equal(signal, 'SIGKILL', 'the writer died without closing');
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  t.same(await vault.get(refOf(li.idNumber)), li);
});

t.test('a byte changed anywhere in a stored record is detected, never decrypted to garbage', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  const ref = refOf(zhang.idNumber);
  await vault.put(ref, zhang);
  const original = sealedOf(dataDir, ref);
  const positions = { iv: 1, ciphertext: 20, 'last ciphertext byte': original.length - 17, tag: original.length - 1 };
  for (const [where, at] of Object.entries(positions)) {
    const tampered = Buffer.from(original);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    writeSealed(dataDir, ref, tampered);
    await t.rejects(vault.get(ref), { name: 'VaultRecordUnreadableError', reason: 'authentication', personRef: ref }, where);
  }
  const wrongFormat = Buffer.from(original);
  wrongFormat[0] = 0x02;
  writeSealed(dataDir, ref, wrongFormat);
  await t.rejects(vault.get(ref), { name: 'VaultRecordUnreadableError', reason: 'format' }, 'format byte');
  writeSealed(dataDir, ref, original.subarray(0, 20));
  await t.rejects(vault.get(ref), { name: 'VaultRecordUnreadableError', reason: 'format' }, 'truncated');

  writeSealed(dataDir, ref, original);
  t.same(await vault.get(ref), zhang, 'the untouched bytes still decrypt');
});

t.test('a record moved to another person\'s row does not decrypt (personRef is bound as AAD)', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  const a = refOf(zhang.idNumber);
  const b = refOf(li.idNumber);
  await vault.put(a, zhang);
  await vault.put(b, li);
  writeSealed(dataDir, b, sealedOf(dataDir, a));
  const err = await vault.get(b).catch((e: unknown) => e);
  t.ok(err instanceof VaultRecordUnreadableError);
  t.match(err, { reason: 'authentication', personRef: b });
  t.same(await vault.get(a), zhang, 'the source row still reads');
});

t.test('a vault opened with another key reads nothing', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  await vault.put(refOf(li.idNumber), li);
  await vault.close();
  const stranger = new SqliteVault(path.join(dataDir, VAULT_FILE), createSecretKey(randomBytes(32)));
  t.teardown(() => stranger.close());
  await t.rejects(stranger.get(refOf(li.idNumber)), { name: 'VaultRecordUnreadableError', reason: 'authentication' });
});

t.test('each write uses a fresh IV: the same record sealed twice differs', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  const ref = refOf(li.idNumber);
  await vault.put(ref, li);
  const first = sealedOf(dataDir, ref);
  await vault.put(ref, li);
  const second = sealedOf(dataDir, ref);
  t.notSame(first.subarray(1, 13), second.subarray(1, 13), 'IVs differ');
  t.notSame(first, second);
});

t.test('after erase no trace of the record remains in the vault files', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  t.teardown(() => vault.close());
  const ref = refOf(zhang.idNumber);
  await vault.put(ref, zhang);
  await vault.put(refOf(li.idNumber), li);
  const sealed = sealedOf(dataDir, ref);
  // Before: the ciphertext is findable, so the scan below is a real one.
  t.not(foundInVaultFiles(dataDir, sealed).length, 0, 'ciphertext present before erase');

  t.equal(await vault.erase(ref), true);
  // The ciphertext is searched for, not just the plaintext: with the key (kept in
  // backups) a surviving ciphertext would still be the person's data.
  t.same(foundInVaultFiles(dataDir, sealed), [], 'no copy of the ciphertext in db, -wal or -shm');
  t.same(foundInVaultFiles(dataDir, sealed.subarray(1, 13)), [], 'not even its IV');
  t.same(foundInVaultFiles(dataDir, Buffer.from(ref)), [], 'nor the erased personRef');
  for (const needle of plaintexts(zhang)) t.same(foundInVaultFiles(dataDir, needle), [], 'nor any plaintext');
  t.same(await vault.get(refOf(li.idNumber)), li, 'the other record is intact');

  await vault.close();
  t.same(foundInVaultFiles(dataDir, sealed), [], 'still none after close');
  const reopened = SqliteVault.open(dataDir);
  t.teardown(() => reopened.close());
  t.equal(await reopened.get(ref), undefined, 'gone after a restart');
});
