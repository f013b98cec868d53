import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { RESIDENT_ID_REASON_MESSAGES, validateResidentId, type ResidentIdInvalidReason } from '../domain/identity/resident-id.ts';
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
  constructor(readonly reason: ResidentIdInvalidReason) {
    super(`idNumber: ${RESIDENT_ID_REASON_MESSAGES[reason]}`);
    this.name = 'PersonRefInputError';
  }
}

/**
 * The number is validated in full (GB 11643, via the domain's validator, which also
 * normalises: white space trimmed, a lower-case x upper-cased): a ref of a mistyped
 * number would silently match nobody, and a quota keyed on it would never bind.
 */
export function personRef(key: KeyObject, idNumber: string): string {
  if (key.type !== 'secret' || (key.symmetricKeySize ?? 0) < PSEUDONYM_KEY_BYTES) {
    throw new TypeError(`personRef needs a secret key of at least ${PSEUDONYM_KEY_BYTES} bytes`);
  }
  const checked = validateResidentId(idNumber);
  if (!checked.valid) throw new PersonRefInputError(checked.reason);
  const mac = createHmac('sha256', key).update(checked.parts.value, 'utf8').digest();
  return PERSON_REF_PREFIX + mac.subarray(0, PERSON_REF_DIGEST_BYTES).toString('base64url');
}
