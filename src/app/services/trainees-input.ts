import { z } from 'zod';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { textSchema } from '../../domain/command-input.ts';
import { ResidentIdSchema } from '../../domain/identity/resident-id.ts';
import { TraineeCategorySchema } from '../../domain/trainee/category.ts';
import { InsuranceSchema } from '../../domain/trainee/events.ts';

/**
 * What a registrar types to register a trainee: the RAW personal data, which only the
 * app layer ever sees. It goes to the vault; the event gets the pseudonym and masked
 * forms (trainees.ts). Messages name the fault, never the value.
 */

/** A person's name: letters (any script), the middle dot and spaces; no digits, so an ID number typed into it is refused. */
export const PersonNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(50, { message: 'at most 50 characters' })
  .regex(/^[\p{L}\p{M}·•・ ]+$/u, { message: 'expected letters only (and · between the parts of a name)' });

/** Bank or social-security-card account number: digits, grouped by spaces or hyphens. */
export const AccountNumberSchema = z
  .string()
  .trim()
  .regex(/^\d[\d -]{6,38}\d$/, { message: 'expected 8 to 40 digits, optionally grouped by spaces or hyphens' });

export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[\d ()-]{5,24}$/, { message: 'expected a phone number of digits, optionally with +, spaces, hyphens or brackets' });

export const RegisterTraineeInputSchema = z.strictObject({
  idNumber: ResidentIdSchema,
  name: PersonNameSchema,
  phone: PhoneSchema.optional(),
  bankAccount: AccountNumberSchema.optional(),
  bankName: textSchema(200).optional(),
  socialSecurityCard: AccountNumberSchema.optional(),
  category: TraineeCategorySchema,
  graduationYear: z.int().min(1900).max(9999).optional(),
  insurance: InsuranceSchema.strict().optional(),
  registeredOn: BusinessDateSchema,
});

export type RegisterTraineeInput = z.input<typeof RegisterTraineeInputSchema>;

/** Looking a person up by the ID number the caller holds. */
export const TraineeLookupInputSchema = z.strictObject({ idNumber: ResidentIdSchema });
