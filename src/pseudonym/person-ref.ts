import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { loadOrCreateSecretKey } from '../keys/key-files.ts';
import { PERSON_REF_DIGEST_BYTES, PERSON_REF_PREFIX } from './format.ts';

/**
 * personRef: the keyed pseudonym events carry instead of a resident ID number
 * (design.md, "Personal data"). personRef = PERSON_REF_PREFIX + base64url(first 16 bytes
 * of HMAC-SHA-256(key, UTF-8 of the normalised ID number)); format.ts says why.
 *
 * The same number under the same key always gives the same ref, so the quota and
 * once-per-level rules still work on refs. The key can therefore never be rotated:
 * every stored event holds refs made with it. It lives in ./data/keys, is part of
 * every backup and of no export; losing it splits every person into an old and a new
 * ref. Without the key a ref cannot be linked back to a number, even by enumerating
 * the (small) space of valid ID numbers, which a plain hash would allow.
 */

export const PSEUDONYM_KEY_FILE = 'pseudonym.key';
const PSEUDONYM_KEY_BYTES = 32;

/** The pseudonym key from `${dataDir}/keys/pseudonym.key`, created on first start. */
export function loadPseudonymKey(dataDir: string): KeyObject {
  return createSecretKey(loadOrCreateSecretKey(dataDir, PSEUDONYM_KEY_FILE, PSEUDONYM_KEY_BYTES));
}

/** An ID number personRef will not pseudonymise. Names the field, never repeats the value. */
export class PersonRefInputError extends Error {
  readonly code = 'person_ref.invalid_id_number';
  readonly field = 'idNumber';
  constructor(message: string) {
    super(`idNumber: ${message}`);
    this.name = 'PersonRefInputError';
  }
}

/**
 * GB 11643 normalisation: surrounding white space trimmed and a lower-case check
 * character x upper-cased. Kept local until src/domain/identity/resident-id.ts
 * (normaliseResidentId) is committed; the two must agree on every valid number.
 */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * Only the shape (17 digits and a digit or X) is checked here: refs of malformed input
 * would silently never match anyone. The check character is the domain's to validate.
 */
const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

export function personRef(key: KeyObject, idNumber: string): string {
  if (key.type !== 'secret' || (key.symmetricKeySize ?? 0) < PSEUDONYM_KEY_BYTES) {
    throw new TypeError(`personRef needs a secret key of at least ${PSEUDONYM_KEY_BYTES} bytes`);
  }
  const normalised = normaliseIdNumber(idNumber);
  if (!ID_NUMBER_SHAPE.test(normalised)) {
    throw new PersonRefInputError('must be 17 digits followed by a digit or X');
  }
  const mac = createHmac('sha256', key).update(normalised, 'utf8').digest();
  return PERSON_REF_PREFIX + mac.subarray(0, PERSON_REF_DIGEST_BYTES).toString('base64url');
}
