import { z } from 'zod';
import { PersonRefSchema } from '../fund/schemas-common.ts';
import { MaskedNameSchema } from '../trainee/masked-forms.ts';

/**
 * The person responsible for a finding (the institution's legal representative, a
 * class teacher …) is personal data: the log keeps the keyed pseudonym when the person
 * is known to the vault, and the masked name (`张*`) the ledger shows. A raw name is
 * refused by the masked-name check, so it never reaches an event.
 */
export const ResponsiblePersonSchema = z.strictObject({
  personRef: PersonRefSchema.nullable(),
  maskedName: MaskedNameSchema,
  /** The person's post (法定代表人, 校长, 班主任 …), not personal data. */
  role: z.string().trim().min(1).max(50).nullable(),
});
export type ResponsiblePerson = z.output<typeof ResponsiblePersonSchema>;
