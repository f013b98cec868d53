import { z } from 'zod';

/**
 * Occupation codes of the national occupational classification (国家职业分类大典):
 * major group (1–8), middle group, minor group, occupation, e.g. `4-03-02-01`; a fifth
 * pair names a job type (工种) within an occupation where the classification has them.
 */
export const OCCUPATION_CODE_PATTERN = /^[1-8]-\d{2}-\d{2}-\d{2}(-\d{2})?$/;

export const OccupationCodeSchema = z
  .string()
  .trim()
  .regex(OCCUPATION_CODE_PATTERN, { message: 'expected an occupation code like 4-03-02-01 (国家职业分类)' });

export type OccupationCode = string;

/** A set of occupations: unique codes, bounded, kept sorted so equal sets compare equal. */
export const OccupationSetSchema = z
  .array(OccupationCodeSchema)
  .min(1, { message: 'at least one occupation' })
  .max(500, { message: 'at most 500 occupations' })
  .transform((codes) => [...new Set(codes)].sort());
