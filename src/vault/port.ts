import { z } from 'zod';

/**
 * The personal-data vault (design.md, "Personal data"): the only place raw identity
 * numbers, names, phones and bank accounts are kept, encrypted at rest, keyed by
 * personRef. Events and exports carry the ref and masked forms, never these values.
 *
 * ORDER OF WRITES (for the app layer): write the vault FIRST, then append the event.
 *   await vault.put(ref, record);            // 1. durable before it returns
 *   await store.append(stream, [registered]); // 2. the event naming only `ref`
 * A crash between 1 and 2 leaves an unused vault entry (harmless: no event points to
 * it, and a retried command overwrites it, since put is an upsert). The opposite order
 * could leave an event whose person cannot be found. Erasure runs the other way round:
 * events stay, only the vault entry goes, and every digest and proof stays valid.
 *
 * Roles are not checked here: the HTTP layer decides who may read, and records each
 * read of an unmasked value as an event (see reveal.ts).
 */

/** Fields with a size bound: a vault record is a few hundred bytes, never a document. */
export const PersonalRecordSchema = z
  .object({
    /** Resident ID number (GB 11643), normalised. */
    idNumber: z.string().min(1).max(32),
    name: z.string().min(1).max(200),
    phone: z.string().min(1).max(32).optional(),
    bankAccount: z.string().min(1).max(64).optional(),
    bankName: z.string().min(1).max(200).optional(),
    socialSecurityCard: z.string().min(1).max(64).optional(),
  })
  .strict();

export type PersonalRecord = z.infer<typeof PersonalRecordSchema>;
export type PersonalField = keyof PersonalRecord;
export const PERSONAL_FIELDS = Object.keys(PersonalRecordSchema.shape) as PersonalField[];

export interface PersonalDataVault {
  /** Stores (or replaces) the record of `personRef`; durable when the promise resolves. */
  put(personRef: string, record: PersonalRecord): Promise<void>;
  /** The record, or undefined when there is none (never stored, or erased). */
  get(personRef: string): Promise<PersonalRecord | undefined>;
  has(personRef: string): Promise<boolean>;
  /**
   * Deletes the record for good; true when there was one. A later put for the same ref
   * stores a new record (a person may come back after the retention period).
   */
  erase(personRef: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface VaultOptions {
  /**
   * The pseudonym function (personRef bound to its key). When given, put() refuses a
   * record whose ID number does not give `personRef`, so a record can never be filed
   * under someone else's ref.
   */
  personRefOf?: (idNumber: string) => string;
}
