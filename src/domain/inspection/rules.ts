import { z } from 'zod';

/**
 * The time limits and consequences of inspections and rectification, as a parameter the
 * app layer passes in (the shape a policy table would validate, so it can move into the
 * versioned policy data without changing the deciders).
 *
 * - resultPublicationWorkingDays: 双随机、一公开 results are made public within 20 working
 *   days of the inspection's end.
 * - dueSoonWorkingDays: rectification tracking lists findings due within this many
 *   working days (3 by default).
 * - overdueRectificationSanction: what a missed rectification deadline leads to *(local)*:
 *   `none`, an interview (约谈) or delisting (移出目录).
 */
export const OVERDUE_SANCTIONS = ['none', 'interview', 'delist'] as const;
export type OverdueSanction = (typeof OVERDUE_SANCTIONS)[number];

export const InspectionRulesSchema = z.strictObject({
  resultPublicationWorkingDays: z.number().int().min(1).max(250),
  dueSoonWorkingDays: z.number().int().min(0).max(30),
  overdueRectificationSanction: z.enum(OVERDUE_SANCTIONS),
});
export type InspectionRules = z.output<typeof InspectionRulesSchema>;

export const DEFAULT_INSPECTION_RULES: InspectionRules = Object.freeze({
  resultPublicationWorkingDays: 20,
  dueSoonWorkingDays: 3,
  overdueRectificationSanction: 'none',
});
