import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { CreditCodeSchema } from '../identity/credit-code.ts';
import { EntityIdSchema, parseCommand, textSchema } from '../command-input.ts';
import type { Rejection } from '../decider.ts';
import { OccupationCodeSchema } from '../catalogue/occupation.ts';
import { PersonRefSchema } from '../trainee/person-ref.ts';
import { AssessmentResultSchema, CheckInSchema, ROSTER_SIZE_MAX, TEACHERS_MAX, TraineeHoursSchema } from './events.ts';

/**
 * Commands on one class. The project (id, standard hours) is not typed by the
 * institution: the decider takes it from the catalogue through the context, for the
 * occupation and level requested, in force on the start date.
 */

export const RequestClassOpeningSchema = z.strictObject({
  type: z.literal('RequestClassOpening'),
  classId: EntityIdSchema,
  institutionId: CreditCodeSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  startOn: BusinessDateSchema,
  endOn: BusinessDateSchema,
  roster: z.array(PersonRefSchema).min(1).max(ROSTER_SIZE_MAX),
  teacherIds: z.array(EntityIdSchema).min(1).max(TEACHERS_MAX),
  plan: z.strictObject({ summary: textSchema(2000), plannedHours: z.int().positive().max(10_000) }),
  assessmentPlan: z.strictObject({ summary: textSchema(2000), plannedOn: BusinessDateSchema }),
  requestedOn: BusinessDateSchema,
});

export const ApproveClassOpeningSchema = z.strictObject({
  type: z.literal('ApproveClassOpening'),
  reviewerId: EntityIdSchema,
  decidedOn: BusinessDateSchema,
});

export const RefuseClassOpeningSchema = z.strictObject({
  type: z.literal('RefuseClassOpening'),
  reviewerId: EntityIdSchema,
  decidedOn: BusinessDateSchema,
  reason: textSchema(500),
});

export const RecordAttendanceSessionSchema = z.strictObject({
  type: z.literal('RecordAttendanceSession'),
  sessionId: EntityIdSchema,
  date: BusinessDateSchema,
  hours: z.int().positive().max(24),
  teacherId: EntityIdSchema,
  checkIns: z.array(CheckInSchema).min(1).max(ROSTER_SIZE_MAX),
  /** The business date the record is made: a session cannot be recorded before it happens. */
  recordedOn: BusinessDateSchema,
});

export const CompleteClassSchema = z.strictObject({
  type: z.literal('CompleteClass'),
  completedOn: BusinessDateSchema,
  /** Hours each trainee attended; a roster trainee left out attended none. */
  hours: z.array(TraineeHoursSchema).min(1).max(ROSTER_SIZE_MAX),
});

export const RecordAssessmentResultsSchema = z.strictObject({
  type: z.literal('RecordAssessmentResults'),
  assessedOn: BusinessDateSchema,
  results: z.array(AssessmentResultSchema).min(1).max(ROSTER_SIZE_MAX),
});

export const ClassCommandSchema = z.discriminatedUnion('type', [
  RequestClassOpeningSchema,
  ApproveClassOpeningSchema,
  RefuseClassOpeningSchema,
  RecordAttendanceSessionSchema,
  CompleteClassSchema,
  RecordAssessmentResultsSchema,
]);

export type ClassCommand = z.infer<typeof ClassCommandSchema>;
export type ClassCommandOf<K extends ClassCommand['type']> = Extract<ClassCommand, { type: K }>;

export function parseClassCommand(input: unknown): ClassCommand | Rejection {
  return parseCommand(ClassCommandSchema, input, 'class');
}
