import { z } from 'zod';

/**
 * Unified social credit code, GB 32100-2015: 18 characters from a 31-symbol alphabet
 * (digits and upper-case letters without I, O, Z, S, V): registration authority (1),
 * organisation type (1), area code (6 digits, GB/T 2260), organisation code (9),
 * check character (1) over the first 17, modulo 31.
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeInvalidReason = 'length' | 'format' | 'area' | 'check_char';

export type CreditCodeValidation =
  | { readonly valid: true; readonly value: string }
  | { readonly valid: false; readonly reason: CreditCodeInvalidReason };

export const CREDIT_CODE_REASON_MESSAGES: Readonly<Record<CreditCodeInvalidReason, string>> = {
  length: 'unified social credit code must have 18 characters',
  format: `unified social credit code may only use the characters ${CREDIT_CODE_ALPHABET}`,
  area: 'unified social credit code characters 3 to 8 must be a numeric area code',
  check_char: 'unified social credit code check character does not match',
};

/** Trims surrounding white space and upper-cases. */
export function normaliseCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * The check character for the first 17 characters.
 * Precondition: `first17` is 17 characters of the alphabet (a programmer error otherwise).
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) throw new RangeError('creditCodeCheckChar: character outside the GB 32100 alphabet');
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function validateCreditCode(raw: string): CreditCodeValidation {
  const value = normaliseCreditCode(raw);
  if (value.length !== 18) return { valid: false, reason: 'length' };
  for (const ch of value) if (!CREDIT_CODE_ALPHABET.includes(ch)) return { valid: false, reason: 'format' };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { valid: false, reason: 'area' };
  if (creditCodeCheckChar(value.slice(0, 17)) !== value.charAt(17)) return { valid: false, reason: 'check_char' };
  return { valid: true, value };
}

export function isValidCreditCode(raw: string): boolean {
  return validateCreditCode(raw).valid;
}

/** A string that is a valid unified social credit code; parses to the normalised form. */
export const CreditCodeSchema = z.string().transform((raw, ctx) => {
  const v = validateCreditCode(raw);
  if (!v.valid) {
    ctx.addIssue({ code: 'custom', message: CREDIT_CODE_REASON_MESSAGES[v.reason], params: { reason: v.reason } });
    return z.NEVER;
  }
  return v.value;
});
