import { BACKWARDS, END, EventStoreDBClient, jsonEvent, StreamNotFoundError } from '@eventstore/db-client';
import type { KeyObject } from 'node:crypto';
import { VaultRecordUnreadableError } from './errors.ts';
import { checkPersonRef, checkPut, loadVaultKey, openRecord, sealRecord } from './sealed-record.ts';
import type { PersonalDataVault, PersonalRecord, VaultOptions } from './port.ts';

/**
 * The vault on EventStoreDB: one `pii-{personRef}` stream per person whose last event
 * holds the sealed record (the same AES-256-GCM bytes as the SQLite adapter, base64 in
 * a JSON event). The Merkle log, projections and exports must skip the `pii-` category
 * (readers of $all filter it out; see PII_STREAM_PREFIX).
 *
 * Erasure is a soft delete of the stream, not a tombstone (hard delete), on purpose:
 * - both remove the events from disk only when the database is scavenged, so an
 *   operator running the ESDB vault must schedule scavenges (until then the record is
 *   unreadable through the API and still encrypted under a key ESDB never sees);
 * - a tombstoned stream can never be written again, so a person erased after the
 *   retention period who enrols years later could not be registered at all. A soft
 *   deleted stream starts afresh, which keeps this adapter's contract equal to SQLite's.
 * Each stream is created with $maxCount = 1, so scavenging also removes superseded
 * versions of a record (an old phone number) without waiting for erasure.
 */

export const PII_STREAM_PREFIX = 'pii-';
export const PERSONAL_DATA_SEALED = 'PersonalDataSealed';

export function piiStream(personRef: string): string {
  return PII_STREAM_PREFIX + personRef;
}

interface SealedEventData {
  [key: string]: unknown;
  /** base64 of the sealed record (sealed-record.ts). */
  sealed: string;
}

export class EsdbVault implements PersonalDataVault {
  /** Connects to `connectionString` with the key from `${dataDir}/keys/vault.key`; close() disposes the client. */
  static open(dataDir: string, connectionString: string, options: VaultOptions = {}): EsdbVault {
    return new EsdbVault(EventStoreDBClient.connectionString(connectionString), loadVaultKey(dataDir), options, true);
  }

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly key: KeyObject,
    private readonly options: VaultOptions = {},
    private readonly ownsClient = false,
  ) {}

  async put(personRef: string, record: PersonalRecord): Promise<void> {
    const [ref, valid] = checkPut(personRef, record, this.options);
    const data: SealedEventData = { sealed: sealRecord(this.key, ref, valid).toString('base64') };
    const result = await this.client.appendToStream(piiStream(ref), jsonEvent({ type: PERSONAL_DATA_SEALED, data }));
    if (result.nextExpectedRevision === 0n) await this.client.setStreamMetadata(piiStream(ref), { maxCount: 1 });
  }

  async get(personRef: string): Promise<PersonalRecord | undefined> {
    const ref = checkPersonRef(personRef);
    const sealed = await this.lastSealed(ref);
    return sealed === undefined ? undefined : openRecord(this.key, ref, sealed);
  }

  async has(personRef: string): Promise<boolean> {
    return (await this.lastSealed(checkPersonRef(personRef))) !== undefined;
  }

  async erase(personRef: string): Promise<boolean> {
    const ref = checkPersonRef(personRef);
    if ((await this.lastSealed(ref)) === undefined) return false;
    await this.client.deleteStream(piiStream(ref));
    return true;
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.dispose();
  }

  private async lastSealed(ref: string): Promise<Buffer | undefined> {
    try {
      const read = this.client.readStream<{ type: string; data: SealedEventData }>(piiStream(ref), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      });
      for await (const resolved of read) {
        const event = resolved.event;
        if (event?.type !== PERSONAL_DATA_SEALED || typeof event.data.sealed !== 'string') {
          throw new VaultRecordUnreadableError(ref, 'format');
        }
        return Buffer.from(event.data.sealed, 'base64');
      }
      return undefined;
    } catch (err) {
      if (err instanceof StreamNotFoundError) return undefined;
      throw err;
    }
  }
}
