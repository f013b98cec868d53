import { createPrivateKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Key files: the secrets taizhang keeps beside its data, one file per key in
 * `${dataDir}/keys/` (directory 0700, files 0600). They belong in backups and never in
 * an export. Nothing here ever puts key bytes in an error message or a log line.
 *
 * A key is created once, on first start, and read on every later start. Two processes
 * starting together must end up with the SAME key (two pseudonym keys would give one
 * person two refs), so a new key is written to a private temp file, flushed, and then
 * hard-linked into place: `link` fails with EEXIST when the name is taken, which gives
 * O_EXCL semantics without ever exposing a half-written file. (`rename` would silently
 * replace a key another process has already started using.) The loser reads the
 * winner's key.
 */

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** Permission bits for group and others: any of them set makes a key file unsafe. */
const GROUP_OTHER_BITS = 0o077;
const KEY_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Larger than any key taizhang keeps; a bigger file is not a key. */
const KEY_FILE_BYTES_MAX = 64 * 1024;
/** Mode checks only mean something where the OS enforces POSIX modes. */
const POSIX_MODES = process.platform !== 'win32';

export type KeyFileProblem = 'permissions' | 'malformed' | 'not_a_file' | 'invalid_name';

/** A key file taizhang refuses to use. The message names the file and the fix, never the key. */
export class KeyFileError extends Error {
  readonly code = 'key_file';
  constructor(
    readonly filePath: string,
    readonly problem: KeyFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * Returns why `bytes` is not a usable key, or undefined when it is.
 * The reason must describe the fault, never quote the bytes.
 */
export type KeyValidator = (bytes: Buffer) => string | undefined;

export function keysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

/**
 * Reads the key `name` from `${dataDir}/keys/`, creating it with `create()` when absent.
 * Refuses (KeyFileError) a key directory or key file that group or others may access,
 * and a key file that `validate` rejects. Synchronous: it runs once, at start-up.
 */
export function loadOrCreateKey(
  dataDir: string,
  name: string,
  create: () => Buffer,
  validate: KeyValidator = nonEmpty,
): Buffer {
  const dir = ensureKeysDir(dataDir);
  if (!KEY_NAME_PATTERN.test(name)) {
    throw new KeyFileError(path.join(dir, name), 'invalid_name', `key name must match ${KEY_NAME_PATTERN.source}`);
  }
  const file = path.join(dir, name);
  const existing = readKeyFile(file, validate);
  if (existing !== undefined) return existing;

  const fresh = create();
  const reason = validate(fresh);
  // A generator that makes keys its own validator rejects is a programmer error.
  if (reason !== undefined) throw new Error(`key ${name}: the generated key is invalid: ${reason}`);
  if (publishKeyFile(dir, file, fresh)) return fresh;
  const winner = readKeyFile(file, validate);
  if (winner === undefined) throw new Error(`key ${name}: ${file} vanished while being created`);
  return winner;
}

/** A symmetric key of `lengthBytes` random bytes, stored raw. */
export function loadOrCreateSecretKey(dataDir: string, name: string, lengthBytes = 32): Buffer {
  return loadOrCreateKey(dataDir, name, () => randomBytes(lengthBytes), exactLength(lengthBytes));
}

export function nonEmpty(bytes: Buffer): string | undefined {
  return bytes.length === 0 ? 'the file is empty' : undefined;
}

export function exactLength(lengthBytes: number): KeyValidator {
  return (bytes) =>
    bytes.length === lengthBytes ? undefined : `expected ${lengthBytes} bytes, found ${bytes.length}`;
}

/**
 * A PKCS #8 private key in PEM form of the given type (e.g. the Ed25519 checkpoint
 * signing key: create it with `generateKeyPairSync('ed25519').privateKey.export({ type:
 * 'pkcs8', format: 'pem' })`, load it with `createPrivateKey(bytes)`).
 */
export function pkcs8PrivateKeyPem(keyType: string): KeyValidator {
  return (bytes) => {
    if (!bytes.subarray(0, 64).toString('latin1').startsWith('-----BEGIN PRIVATE KEY-----')) {
      return 'expected a PEM "PRIVATE KEY" (PKCS #8) block';
    }
    try {
      const key = createPrivateKey({ key: bytes, format: 'pem' });
      return key.asymmetricKeyType === keyType ? undefined : `expected a ${keyType} key, found ${String(key.asymmetricKeyType)}`;
    } catch {
      // OpenSSL's message is not repeated: it is not known never to quote the input.
      return 'the PEM block does not parse as a private key';
    }
  };
}

function ensureKeysDir(dataDir: string): string {
  const dir = keysDir(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.mkdirSync(dir, { mode: DIR_MODE });
    // mkdir's mode passes through the umask; make it exactly 0700.
    fs.chmodSync(dir, DIR_MODE);
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
  }
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new KeyFileError(dir, 'not_a_file', `${dir} must be a directory`);
  if (POSIX_MODES && (st.mode & GROUP_OTHER_BITS) !== 0) {
    throw new KeyFileError(
      dir,
      'permissions',
      `key directory ${dir} is open to group or others (mode ${modeString(st.mode)}); run: chmod 700 ${dir}`,
    );
  }
  return dir;
}

/** The key in `file`, or undefined when there is no such file. */
function readKeyFile(file: string, validate: KeyValidator): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    // fstat the descriptor we read from, so the file checked is the file used.
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new KeyFileError(file, 'not_a_file', `key file ${file} is not a regular file`);
    if (POSIX_MODES && (st.mode & GROUP_OTHER_BITS) !== 0) {
      throw new KeyFileError(
        file,
        'permissions',
        `key file ${file} is open to group or others (mode ${modeString(st.mode)}); run: chmod 600 ${file}`,
      );
    }
    if (st.size > KEY_FILE_BYTES_MAX) {
      throw new KeyFileError(file, 'malformed', `key file ${file} is malformed: larger than ${KEY_FILE_BYTES_MAX} bytes`);
    }
    const bytes = fs.readFileSync(fd);
    const reason = validate(bytes);
    if (reason !== undefined) throw new KeyFileError(file, 'malformed', `key file ${file} is malformed: ${reason}`);
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `bytes` as `file` unless it already exists; true when this call created it. */
function publishKeyFile(dir: string, file: string, bytes: Buffer): boolean {
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, FILE_MODE);
  try {
    fs.fchmodSync(fd, FILE_MODE);
    fs.writeFileSync(fd, bytes);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(dir);
  return true;
}

/** Makes the new directory entry durable; a no-op where directories cannot be opened. */
function fsyncDir(dir: string): void {
  if (!POSIX_MODES) return;
  const fd = fs.openSync(dir, fs.constants.O_RDONLY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function modeString(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
