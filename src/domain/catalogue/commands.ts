import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { EntityIdSchema, parseCommand, textSchema } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { OccupationCodeSchema } from './occupation.ts';

const Name = textSchema(100);
const Reason = textSchema(500);

export const AddProjectSchema = z.strictObject({
  type: z.literal('AddProject'),
  projectId: EntityIdSchema,
  occupationCode: OccupationCodeSchema,
  occupationName: Name,
  level: CertificateLevelSchema,
  standardHours: z.int().positive().max(10_000),
  rateFen: z.int().positive().max(100_000_000),
  effectiveFrom: BusinessDateSchema,
  effectiveTo: BusinessDateSchema.optional(),
  source: Reason,
});

/** New terms from `effectiveFrom`; the earlier terms keep applying to earlier dates. */
export const ReviseProjectSchema = z.strictObject({
  type: z.literal('ReviseProject'),
  projectId: EntityIdSchema,
  effectiveFrom: BusinessDateSchema,
  occupationName: Name,
  standardHours: z.int().positive().max(10_000),
  rateFen: z.int().positive().max(100_000_000),
  source: Reason,
  reason: Reason,
});

export const RetireProjectSchema = z.strictObject({
  type: z.literal('RetireProject'),
  projectId: EntityIdSchema,
  lastDay: BusinessDateSchema,
  source: Reason,
  reason: Reason,
});

export const CatalogueCommandSchema = z.discriminatedUnion('type', [AddProjectSchema, ReviseProjectSchema, RetireProjectSchema]);

export type AddProject = z.infer<typeof AddProjectSchema>;
export type ReviseProject = z.infer<typeof ReviseProjectSchema>;
export type RetireProject = z.infer<typeof RetireProjectSchema>;
export type CatalogueCommand = z.infer<typeof CatalogueCommandSchema>;

export function parseCatalogueCommand(input: unknown): CatalogueCommand | Rejection {
  return parseCommand(CatalogueCommandSchema, input, 'catalogue');
}
