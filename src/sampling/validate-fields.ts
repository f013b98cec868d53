/**
 * Field checks shared by roster and plan validation. Inputs may come from a published JSON
 * record, so every check looks at the runtime type, not only the TypeScript one.
 */
import { isWellFormed } from './bytes.ts';
import { SamplingInputError } from './errors.ts';

export const TEXT_LENGTH_MAX = 256;

function invalid(field: string, message: string, details: Record<string, unknown> = {}): never {
  throw new SamplingInputError('sampling.invalid_field', `${field}: ${message}`, field, details);
}

/** A non-empty, well-formed string of at most TEXT_LENGTH_MAX UTF-16 units. */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(field, 'must be a string', { actual: typeof value });
  if (value.length === 0) invalid(field, 'must not be empty');
  if (value.length > TEXT_LENGTH_MAX) invalid(field, `must be at most ${TEXT_LENGTH_MAX} characters`, { actual: value.length });
  if (!isWellFormed(value)) invalid(field, 'must be well-formed Unicode (no lone surrogates)');
  return value;
}

/** A stratum value: text without '|', which joins stratum labels. */
export function checkStratumValue(value: unknown, field: string): string {
  const s = checkText(value, field);
  if (s.includes('|')) invalid(field, "must not contain '|'", { actual: s });
  return s;
}

export function checkTextList(value: unknown, field: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(field, 'must be an array of strings');
  value.forEach((v, i) => checkText(v, `${field}.${i}`));
  return value as string[];
}

export function checkInteger(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) invalid(field, 'must be an integer', { actual: value });
  if (value < min || value > max) invalid(field, `must be between ${min} and ${max}`, { expected: [min, max], actual: value });
  return value;
}

export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(field, 'must be an object');
  return value as Record<string, unknown>;
}

export function checkArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) invalid(field, 'must be an array');
  return value;
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') invalid(field, 'must be true or false', { actual: value });
  return value;
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(field, `must be one of ${allowed.join(', ')}`, { expected: allowed, actual: value });
  }
  return value as T;
}

export { invalid as invalidField };
