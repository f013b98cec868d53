import { z } from 'zod';
import { maskName } from '../masking.ts';

/**
 * The only forms of personal data a trainee's events hold. Each schema accepts a value
 * only if it is already masked the way src/domain/masking.ts masks, so a raw ID number,
 * name or account number handed to the domain by mistake is refused, never stored.
 */

/** First 4 and last 4 of an 18-character resident ID number: `3604**********0071`. */
export const MaskedResidentIdSchema = z
  .string()
  .regex(/^\d{4}\*{10}\d{3}[\dX]$/, { message: 'expected a masked ID number: first 4 and last 4 characters, 10 stars between' });

/** A name as maskName writes it (`张*`, `李**`, `欧阳**`): masking it again changes nothing. */
export const MaskedNameSchema = z
  .string()
  .min(1)
  .max(50)
  .refine((v) => v.includes('*') && maskName(v) === v, { message: 'expected a masked name (first character, or two for four or more, then stars)' });

/** An account as maskAccount writes it: four stars and the last 4 characters, or four stars. */
export const MaskedAccountSchema = z
  .string()
  .regex(/^\*{4}([0-9A-Za-z]{4})?$/, { message: 'expected a masked account: **** followed by the last 4 characters' });
