import { z } from 'zod';
import { RoleSchema } from '../access/roles.ts';
import { PERSON_REF_PATTERN } from '../pseudonym/format.ts';
import { PersonalRecordSchema } from './port.ts';

/**
 * The audit record of one reveal: a principal read unmasked personal data (design.md:
 * "each read of an unmasked value itself recorded as an event"). The vault knows
 * nothing of roles; the HTTP layer checks the role, then the app layer appends this as
 * a `PersonalDataRevealed` event BEFORE it sends the values, and sends nothing if the
 * append fails, so no value ever leaves unrecorded.
 *
 * The event is part of the audited log (Merkle log, exports), so it holds no personal
 * data: the ref, the names of the fields shown (never their values), and a purpose from
 * a closed list. There is deliberately no free-text note: whatever a user types into an
 * immutable, exported log could itself be a name or a number. A `caseRef` (the stream
 * of the application, finding or objection being worked) says why instead.
 * Keep it out of the `pii-` category, which exports skip and erasure deletes: the
 * record that someone looked must outlive the data they looked at.
 */

export const PERSONAL_DATA_REVEALED = 'PersonalDataRevealed';

export const REVEAL_PURPOSES = [
  'application_review',
  'objection_handling',
  'payment_verification',
  'recovery',
  'inspection',
  'data_subject_request',
] as const;

/** A `{category}-{id}` stream name, e.g. `application-0190…`. */
const CASE_REF_PATTERN = /^[a-z][a-zA-Z0-9]*-[A-Za-z0-9_.-]{1,100}$/;

export const RevealedFieldSchema = PersonalRecordSchema.keyof();

export const PersonalDataRevealedSchema = z
  .object({
    principalId: z.string().min(1).max(128),
    role: RoleSchema,
    purpose: z.enum(REVEAL_PURPOSES),
    caseRef: z.string().regex(CASE_REF_PATTERN, 'a stream name such as application-{id}').optional(),
    personRef: z.string().regex(PERSON_REF_PATTERN, 'a personRef'),
    fields: z
      .array(RevealedFieldSchema)
      .min(1)
      .refine((fields) => new Set(fields).size === fields.length, 'each field once'),
  })
  .strict();

export type PersonalDataRevealed = z.infer<typeof PersonalDataRevealedSchema>;
export type RevealPurpose = (typeof REVEAL_PURPOSES)[number];
