/**
 * Vault errors. Messages name the field or the personRef (a pseudonym), never a value
 * of the record.
 */
export abstract class VaultError extends Error {
  abstract readonly code: string;
}

/** put() was given something the vault will not store; `field` names what is wrong. */
export class VaultInputError extends VaultError {
  readonly code = 'vault.invalid_input';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'VaultInputError';
  }
}

export type UnreadableReason = 'authentication' | 'format';

/**
 * A stored record that does not decrypt: altered, moved to another personRef's row, or
 * sealed under another key. Nothing of the ciphertext is returned: garbage never leaves.
 */
export class VaultRecordUnreadableError extends VaultError {
  readonly code = 'vault.record_unreadable';
  constructor(
    readonly personRef: string,
    readonly reason: UnreadableReason,
  ) {
    super(
      reason === 'authentication'
        ? `vault record of ${personRef} fails authentication: altered, moved from another row, or sealed with another key`
        : `vault record of ${personRef} is not in a format this version reads`,
    );
    this.name = 'VaultRecordUnreadableError';
  }
}
