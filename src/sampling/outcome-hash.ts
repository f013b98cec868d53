/**
 * A digest of a draw outcome, so an event can record what was drawn in 32 bytes and
 * `draw verify` can compare a re-run with the published record at a glance.
 */
import { toHex, utf8 } from './bytes.ts';
import { canonicalJson, type CanonicalValue } from './canonical-json.ts';
import { sha256 as pureSha256 } from './sha256.ts';
import type { DrawOutcome, Sha256 } from './types.ts';

/** SHA-256 of the outcome's RFC 8785 canonical JSON, lower-case hex. */
export function drawOutcomeHash(outcome: DrawOutcome, sha256: Sha256 = pureSha256): string {
  // Round-trip through JSON drops undefined optionals the way a published record does.
  const plain = JSON.parse(JSON.stringify(outcome)) as CanonicalValue;
  return toHex(sha256(utf8(canonicalJson(plain))));
}
