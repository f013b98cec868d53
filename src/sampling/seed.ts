/**
 * Seed derivation (docs/sampling.md §4). The seed binds the committed public value to this
 * plan and these exact rosters, so the same beacon round reused by another plan, or the
 * same plan over an edited roster, yields an unrelated draw. The sample design (rates,
 * counts, floors) is deliberately NOT in the seed: raising a count must extend the sample,
 * not reshuffle it.
 */
import { compareBytes, concatBytes, fromHex, lp, toHex, utf8 } from './bytes.ts';
import { SamplingInputError } from './errors.ts';
import { rfc3797KeyString } from './rfc3797-key.ts';
import type { CommittedRandomness, Sha256 } from './types.ts';
import { checkArray, checkInteger, checkObject, checkOneOf, checkText, invalidField } from './validate-fields.ts';

export const SEED_TAG = 'taizhang-sampling-v1/seed';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(value: unknown, field: string): string {
  const s = checkText(value, field);
  const m = DATE_RE.exec(s);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (!m || days === undefined || day < 1 || day > days) invalidField(field, 'must be a calendar date YYYY-MM-DD', { actual: s });
  return s;
}

function randomnessError(field: string, message: string, details: Record<string, unknown> = {}): never {
  throw new SamplingInputError('sampling.randomness_invalid', `${field}: ${message}`, field, details);
}

function hex32(value: unknown, field: string): Uint8Array {
  const bytes = typeof value === 'string' ? fromHex(value) : undefined;
  if (!bytes || bytes.length !== 32) randomnessError(field, 'must be 64 hexadecimal digits', { actual: value });
  return bytes;
}

/** The committed value as the fields hashed into the seed, after validation. */
export interface CanonicalRandomness {
  readonly fields: readonly Uint8Array[];
  /** RFC 3797 key string of the value, for the rfc3797 mode. */
  readonly rfc3797Sources: readonly (readonly bigint[])[];
}

export function canonicalRandomness(input: unknown, sha256: Sha256, field = 'randomness'): CanonicalRandomness {
  const r = checkObject(input, field);
  const source = checkObject(r.source, `${field}.source`);
  const value = checkObject(r.value, `${field}.value`);
  const kind = checkOneOf(source.kind, ['drand', 'lottery'] as const, `${field}.source.kind`);
  if (value.kind !== kind) randomnessError(`${field}.value.kind`, `must be "${kind}" like the committed source`, { expected: kind, actual: value.kind });
  if (kind === 'drand') {
    const chain = toHex(hex32(source.chainHash, `${field}.source.chainHash`));
    const round = checkInteger(source.round, `${field}.source.round`, 1);
    const randomness = hex32(value.randomness, `${field}.value.randomness`);
    if (value.signature !== undefined) {
      const sig = typeof value.signature === 'string' ? fromHex(value.signature) : undefined;
      if (!sig || sig.length === 0) randomnessError(`${field}.value.signature`, 'must be hexadecimal');
      // drand publishes randomness = SHA-256(signature); a mismatch means a mistyped value.
      if (compareBytes(sha256(sig), randomness) !== 0) {
        randomnessError(`${field}.value.randomness`, 'is not SHA-256 of the signature', { expected: toHex(sha256(sig)), actual: toHex(randomness) });
      }
    }
    return {
      fields: [lp('drand'), lp(chain), lp(String(round)), lp(randomness)],
      rfc3797Sources: [[BigInt(`0x${toHex(randomness)}`)]],
    };
  }
  const name = checkText(source.name, `${field}.source.name`);
  const date = checkDate(source.drawDate, `${field}.source.drawDate`);
  const groups = checkArray(value.numbers, `${field}.value.numbers`);
  if (groups.length === 0) randomnessError(`${field}.value.numbers`, 'must hold at least one group of numbers');
  const sources = groups.map((g, i) => {
    const list = checkArray(g, `${field}.value.numbers.${i}`);
    if (list.length === 0) randomnessError(`${field}.value.numbers.${i}`, 'must not be empty');
    return list.map((n, j) => BigInt(checkInteger(n, `${field}.value.numbers.${i}.${j}`, 0)));
  });
  return { fields: [lp('lottery'), lp(name), lp(date), lp(rfc3797KeyString(sources))], rfc3797Sources: sources };
}

/** seed = SHA-256(lp(tag) ‖ randomness fields ‖ lp(planId) ‖ lp(subject hash) ‖ lp(inspector hash)). */
export function deriveSeed(
  randomness: CanonicalRandomness,
  planId: string,
  rosterHashes: { readonly subjects: string; readonly inspectors: string },
  sha256: Sha256,
): Uint8Array {
  const subjects = fromHex(rosterHashes.subjects);
  const inspectors = fromHex(rosterHashes.inspectors);
  if (!subjects || subjects.length !== 32 || !inspectors || inspectors.length !== 32) {
    throw new Error('invariant violated: roster hashes are 32-byte hex');
  }
  return sha256(concatBytes([lp(SEED_TAG), ...randomness.fields, lp(utf8(planId)), lp(subjects), lp(inspectors)]));
}

/** Convenience for callers outside a draw (the plan page shows the seed once the value is in). */
export function seedHex(input: CommittedRandomness, planId: string, rosterHashes: { readonly subjects: string; readonly inspectors: string }, sha256: Sha256): string {
  return toHex(deriveSeed(canonicalRandomness(input, sha256), planId, rosterHashes, sha256));
}
