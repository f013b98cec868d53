import { z } from 'zod';
import { freeTextSchema } from './free-text.ts';

/**
 * A piece of evidence as the log keeps it: the SHA-256 of the file (the file itself is
 * kept elsewhere; the hash proves later that it is the file the inspector saw) and what
 * it shows. Lower-case hex, so one file always has one spelling.
 */
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'expected a SHA-256 digest: 64 lower-case hex characters' });

export const EvidenceRefSchema = z.strictObject({
  sha256: Sha256HexSchema,
  description: freeTextSchema(500),
});
export type EvidenceRef = z.output<typeof EvidenceRefSchema>;

/** A list of evidence with no file twice. */
export function evidenceListSchema(min: number, max: number) {
  return z
    .array(EvidenceRefSchema)
    .min(min, { message: min === 1 ? 'at least one piece of evidence is required' : `at least ${min} pieces of evidence` })
    .max(max, { message: `at most ${max} pieces of evidence` })
    .refine((list) => new Set(list.map((e) => e.sha256)).size === list.length, { message: 'the same file is listed twice' });
}
