import { z } from 'zod';
import { isBusinessDate, type BusinessDate } from '../calendar/business-date.ts';

/**
 * Resident identity number, GB 11643-1999: 6-digit area code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence (odd for men, even for women), check character over the
 * first 17 digits (ISO 7064 MOD 11-2).
 *
 * The value is personal data: nothing here (errors, schema messages) ever repeats it.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Index S = Σ(digit × weight) mod 11 gives the check character. */
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes of GB/T 2260 (plus 71 Taiwan, 81/82/83 for the residence permits
 * of Hong Kong, Macao and Taiwan residents, which use the same number format).
 * Only the first two digits are checked: county codes are renamed and merged every year,
 * and a number issued under a retired county code stays valid for life.
 */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** Earliest birth year accepted: older dates in a training register are data-entry errors. */
export const RESIDENT_ID_BIRTH_YEAR_MIN = 1900;

export type ResidentIdInvalidReason = 'length' | 'format' | 'area' | 'birth_date' | 'check_char';

export type Sex = 'male' | 'female';

export interface ResidentIdParts {
  /** Normalised: 18 characters, upper-case X. */
  readonly value: string;
  readonly areaCode: string;
  readonly birthDate: BusinessDate;
  readonly sex: Sex;
}

export type ResidentIdValidation =
  | { readonly valid: true; readonly parts: ResidentIdParts }
  | { readonly valid: false; readonly reason: ResidentIdInvalidReason };

/** Messages for each reason; they describe the fault, never the value. */
export const RESIDENT_ID_REASON_MESSAGES: Readonly<Record<ResidentIdInvalidReason, string>> = {
  length: 'resident ID number must have 18 characters',
  format: 'resident ID number must be 17 digits followed by a digit or X',
  area: 'resident ID number has an unknown area code',
  birth_date: 'resident ID number has an impossible birth date',
  check_char: 'resident ID number check character does not match',
};

/** Trims surrounding white space and upper-cases a trailing x. */
export function normaliseResidentId(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * The check character for the first 17 digits.
 * Precondition: `first17` is exactly 17 ASCII digits (a programmer error otherwise).
 */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** Validates after normalising; on success returns the parts (birth date, sex). */
export function validateResidentId(raw: string): ResidentIdValidation {
  const value = normaliseResidentId(raw);
  if (value.length !== 18) return { valid: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(value)) return { valid: false, reason: 'format' };
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return { valid: false, reason: 'area' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isBusinessDate(birthDate) || Number(value.slice(6, 10)) < RESIDENT_ID_BIRTH_YEAR_MIN) {
    return { valid: false, reason: 'birth_date' };
  }
  if (residentIdCheckChar(value.slice(0, 17)) !== value.charAt(17)) return { valid: false, reason: 'check_char' };
  const sequenceLastDigit = value.charCodeAt(16) - 48;
  return {
    valid: true,
    parts: { value, areaCode: value.slice(0, 6), birthDate, sex: sequenceLastDigit % 2 === 1 ? 'male' : 'female' },
  };
}

export function isValidResidentId(raw: string): boolean {
  return validateResidentId(raw).valid;
}

/** Birth date of a valid number; undefined when the number is not valid. */
export function residentIdBirthDate(raw: string): BusinessDate | undefined {
  const v = validateResidentId(raw);
  return v.valid ? v.parts.birthDate : undefined;
}

/** Sex recorded by the sequence number (odd: male); undefined when the number is not valid. */
export function residentIdSex(raw: string): Sex | undefined {
  const v = validateResidentId(raw);
  return v.valid ? v.parts.sex : undefined;
}

/**
 * A string that is a valid resident ID number; parses to the normalised form.
 * Issues carry a fixed message per fault and never the input (zod 4 only adds the input
 * to an issue when parsing with `reportInput: true`, which this codebase never does).
 */
export const ResidentIdSchema = z.string().transform((raw, ctx) => {
  const v = validateResidentId(raw);
  if (!v.valid) {
    ctx.addIssue({ code: 'custom', message: RESIDENT_ID_REASON_MESSAGES[v.reason], params: { reason: v.reason } });
    return z.NEVER;
  }
  return v.parts.value;
});
