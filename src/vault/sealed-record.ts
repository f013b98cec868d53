import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { loadOrCreateSecretKey } from '../keys/key-files.ts';
import { isPersonRef } from '../pseudonym/format.ts';
import { VaultInputError, VaultRecordUnreadableError } from './errors.ts';
import { PersonalRecordSchema, type PersonalRecord, type VaultOptions } from './port.ts';

/**
 * A vault record at rest: AES-256-GCM (NIST SP 800-38D) over the record's JSON.
 *
 *   sealed = FORMAT (1 byte) ‖ IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes)
 *
 * - IV: 96 random bits per write, never reused with the key in practice (random IVs
 *   stay safe up to 2^32 writes per key, SP 800-38D §8.3; a province writes millions).
 * - AAD: the format byte, a label and the personRef, so a ciphertext copied into
 *   another person's row, or read as another format, fails authentication instead of
 *   decrypting as someone else's data.
 * Both adapters store exactly these bytes.
 */

export const VAULT_KEY_FILE = 'vault.key';
const KEY_BYTES = 32;
const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_LABEL = 'taizhang.vault.record';

/** The vault key from `${dataDir}/keys/vault.key`, created on first start. */
export function loadVaultKey(dataDir: string): KeyObject {
  return createSecretKey(loadOrCreateSecretKey(dataDir, VAULT_KEY_FILE, KEY_BYTES));
}

function additionalData(format: number, personRef: string): Buffer {
  return Buffer.concat([Buffer.of(format), Buffer.from(`${AAD_LABEL}\0${personRef}`, 'utf8')]);
}

export function sealRecord(key: KeyObject, personRef: string, record: PersonalRecord): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(FORMAT_V1, personRef));
  const body = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_V1), iv, body, cipher.getAuthTag()]);
}

export function openRecord(key: KeyObject, personRef: string, sealed: Uint8Array): PersonalRecord {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== FORMAT_V1) {
    throw new VaultRecordUnreadableError(personRef, 'format');
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(FORMAT_V1, personRef));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new VaultRecordUnreadableError(personRef, 'authentication');
  }
  // Authenticated, so it is what this code sealed; a failure here is a format change.
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new VaultRecordUnreadableError(personRef, 'format');
  }
  const record = PersonalRecordSchema.safeParse(parsed);
  if (!record.success) throw new VaultRecordUnreadableError(personRef, 'format');
  return record.data;
}

/** Checks a personRef argument: a raw ID number passed by mistake must never become a row key. */
export function checkPersonRef(personRef: unknown): string {
  if (!isPersonRef(personRef)) throw new VaultInputError('personRef', 'must be a personRef (p_ and 22 base64url characters)');
  return personRef;
}

/** Validates put()'s arguments; the error names the field, never its value. */
export function checkPut(personRef: unknown, record: unknown, options: VaultOptions): [string, PersonalRecord] {
  const ref = checkPersonRef(personRef);
  const parsed = PersonalRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['record', ...(issue?.path ?? []).map(String)].join('.');
    throw new VaultInputError(field, issue?.message ?? 'invalid');
  }
  if (options.personRefOf !== undefined) {
    let expected: string;
    try {
      expected = options.personRefOf(parsed.data.idNumber);
    } catch {
      throw new VaultInputError('record.idNumber', 'is not a resident ID number');
    }
    if (expected !== ref) throw new VaultInputError('personRef', 'is not the personRef of record.idNumber');
  }
  return [ref, parsed.data];
}
