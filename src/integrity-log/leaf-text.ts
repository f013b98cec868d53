/**
 * The leaf text of an event read as stored text (EventStore.readAllText): the RFC 8785 form
 * of its envelope, built from the stored text without a parse by the function the store's
 * writer also hashes with at append (src/integrity/envelope-text.ts).
 *
 * It must be, byte for byte, leafBytesOf(the parsed event) (log-writer.ts), so it answers
 * only when it can vouch for that and returns undefined otherwise — then the caller takes
 * leafBytesOf's road, which also decides what is an error.
 */
import type { StoredEventText } from '../eventstore/port.ts';
import { envelopeTextOf } from '../integrity/envelope-text.ts';

/** The canonical envelope text of `event`, or undefined when it takes the parse-and-canonicalise road. */
export function leafTextOf(event: StoredEventText): string | undefined {
  return envelopeTextOf(event);
}
