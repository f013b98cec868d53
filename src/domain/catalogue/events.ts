import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { EntityIdSchema } from '../command-input.ts';
import { OccupationCodeSchema } from './occupation.ts';

/**
 * Events of a training-project catalogue (the first of 两目录). One stream per catalogue,
 * `catalogue-{catalogueId}` (a province or city keeps one), because the rule "one project
 * per occupation and level at any date" spans every project in it.
 *
 * Dates are inclusive business dates. A project's terms are a list of versions; each
 * applies from its `effectiveFrom` until the next version's, and the last until the
 * project's `effectiveTo` (open-ended when absent).
 */

const Text = z.string().min(1).max(500);

export const ProjectAddedSchema = z.object({
  projectId: EntityIdSchema,
  occupationCode: OccupationCodeSchema,
  occupationName: z.string().min(1).max(100),
  level: CertificateLevelSchema,
  standardHours: z.int().positive(),
  rateFen: z.int().positive(),
  effectiveFrom: BusinessDateSchema,
  effectiveTo: BusinessDateSchema.optional(),
  /** The policy document that catalogued it, e.g. 赣人社字〔2020〕12号. */
  source: Text,
});

export const ProjectRevisedSchema = z.object({
  projectId: EntityIdSchema,
  effectiveFrom: BusinessDateSchema,
  occupationName: z.string().min(1).max(100),
  standardHours: z.int().positive(),
  rateFen: z.int().positive(),
  source: Text,
  reason: Text,
});

export const ProjectRetiredSchema = z.object({
  projectId: EntityIdSchema,
  /** Last day the project is in force. */
  lastDay: BusinessDateSchema,
  source: Text,
  reason: Text,
});

export const CatalogueEventSchemas = {
  ProjectAdded: ProjectAddedSchema,
  ProjectRevised: ProjectRevisedSchema,
  ProjectRetired: ProjectRetiredSchema,
} as const;

export type ProjectAdded = z.infer<typeof ProjectAddedSchema>;
export type ProjectRevised = z.infer<typeof ProjectRevisedSchema>;
export type ProjectRetired = z.infer<typeof ProjectRetiredSchema>;

export type CatalogueEvent =
  | { type: 'ProjectAdded'; data: ProjectAdded }
  | { type: 'ProjectRevised'; data: ProjectRevised }
  | { type: 'ProjectRetired'; data: ProjectRetired };
