import { z } from 'zod';
import { BusinessDateSchema } from '../../calendar/business-date.ts';
import { EntityIdSchema, parseCommand, textSchema } from '../../command-input.ts';
import type { Rejection } from '../../decider.ts';

/** Commands on one province's list of inspection matters; the app layer picks the stream. */

export const PublishInspectionMatterSchema = z.strictObject({
  type: z.literal('PublishInspectionMatter'),
  matterId: EntityIdSchema,
  title: textSchema(200),
  basis: textSchema(1000),
  content: textSchema(2000),
  publishedOn: BusinessDateSchema,
});

export const WithdrawInspectionMatterSchema = z.strictObject({
  type: z.literal('WithdrawInspectionMatter'),
  matterId: EntityIdSchema,
  withdrawnOn: BusinessDateSchema,
  reason: textSchema(500),
});

export const InspectionMattersCommandSchema = z.discriminatedUnion('type', [PublishInspectionMatterSchema, WithdrawInspectionMatterSchema]);
export type InspectionMattersCommand = z.infer<typeof InspectionMattersCommandSchema>;

export function parseInspectionMattersCommand(input: unknown): InspectionMattersCommand | Rejection {
  return parseCommand(InspectionMattersCommandSchema, input, 'inspection_matters');
}
