import { z } from 'zod';
import { BusinessDateSchema } from '../../calendar/business-date.ts';
import { EntityIdSchema } from '../../command-input.ts';
import { RegionCodeSchema } from '../../institution/events.ts';

/**
 * Events of the list of inspection matters (随机抽查事项清单), stream
 * `inspectionmatters-{listId}`, one list per province (listId = the province code, e.g.
 * 360000). Every inspection follows a published matter: a plan must name one that is on
 * the list, not withdrawn. Matters are public: nothing here is personal data.
 */

export const MatterTitleSchema = z.string().min(1).max(200);

export const InspectionMatterPublishedSchema = z.strictObject({
  listId: RegionCodeSchema,
  matterId: EntityIdSchema,
  title: MatterTitleSchema,
  /** The legal basis (检查依据): the rules the inspection checks against. */
  basis: z.string().min(1).max(1000),
  /** What is inspected (检查内容). */
  content: z.string().min(1).max(2000),
  publishedOn: BusinessDateSchema,
});

export const InspectionMatterWithdrawnSchema = z.strictObject({
  listId: RegionCodeSchema,
  matterId: EntityIdSchema,
  withdrawnOn: BusinessDateSchema,
  reason: z.string().min(1).max(500),
});

export const InspectionMattersEventSchemas = {
  InspectionMatterPublished: InspectionMatterPublishedSchema,
  InspectionMatterWithdrawn: InspectionMatterWithdrawnSchema,
} as const;

export type InspectionMattersEvent =
  | { type: 'InspectionMatterPublished'; data: z.infer<typeof InspectionMatterPublishedSchema> }
  | { type: 'InspectionMatterWithdrawn'; data: z.infer<typeof InspectionMatterWithdrawnSchema> };
