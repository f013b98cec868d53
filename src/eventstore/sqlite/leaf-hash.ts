/**
 * The Merkle-log leaf hash of an event, computed once by the store's writer as it appends
 * the event and stored beside it (`events.leaf_hash`), as transparency logs integrate leaf
 * hashes computed when an entry was added: the log then reads 32 bytes per event instead of
 * the event's text (src/integrity-log/leaf-source.ts).
 *
 * It is RFC 9162 SHA-256(0x00 ‖ JCS(envelope)) of the event exactly as stored — what the
 * log, the export and `verify` compute from the row (leafBytesOf) — built from the stored
 * text by the function the log's text road uses (src/integrity/envelope-text.ts).
 *
 * It is a cache the log trusts, not evidence: the export recomputes every leaf from the
 * row's bytes and refuses a row that no longer hashes to its leaf, and `verify` recomputes
 * every leaf from the bundle, so a row edited after its hash was stored is found, not hidden.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { toEnvelope } from '../envelope.ts';
import { envelopeTextOf, type EnvelopeTextFields } from '../../integrity/envelope-text.ts';
import { hashLeafText, leafHashOfEnvelope } from '../../integrity/hasher.ts';
import type { EventMetadata } from '../port.ts';

/**
 * The leaf hash of an event as the store is about to write it, or null when it has none
 * (data that is not canonicalisable JSON, a revision beyond 2^53): the row is then stored
 * without one and the log takes the text road for it, which decides what is an error.
 * Never throws: an append must not fail for the log's sake.
 */
export function leafHashAtAppend(fields: EnvelopeTextFields): Buffer | null {
  const text = envelopeTextOf(fields);
  if (text !== undefined) return hashLeafText(text);
  try {
    const data = JSON.parse(fields.dataJson) as unknown;
    const metadata = JSON.parse(fields.metadataJson) as EventMetadata;
    const revision = typeof fields.revision === 'bigint' ? fields.revision : BigInt(fields.revision);
    return leafHashOfEnvelope(toEnvelope({ ...fields, revision, position: 0n, data, metadata }));
  } catch {
    return null;
  }
}

// Node 20.12+ has a one-shot hash; older 20.x falls back to a Hash object (as hasher.ts does).
const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function' ? (text) => oneShotHash('sha256', text, 'hex') : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * leafHashAtAppend as 64 hex digits, as the writer stores it (`unhex(?)`) and reports it to
 * the live tail: SHA-256(0x00 ‖ text) asked for as hex, so no Buffer is made per event and
 * none is turned into hex again (hashLeafText's formula; sqlite-leaf-hash.test.ts holds the
 * stored hash to the log's own road). null as leafHashAtAppend.
 */
export function leafHashHexAtAppend(fields: EnvelopeTextFields): string | null {
  const text = envelopeTextOf(fields);
  if (text !== undefined) return sha256Hex(`\u0000${text}`);
  return leafHashAtAppend(fields)?.toString('hex') ?? null;
}
