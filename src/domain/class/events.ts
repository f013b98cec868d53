import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { CertificateLevelSchema } from '../policy/certificate-level.ts';
import { EntityIdSchema } from '../command-input.ts';
import { OccupationCodeSchema } from '../catalogue/occupation.ts';
import { StoredCreditCodeSchema } from '../institution/events.ts';
import { PersonRefSchema } from '../trainee/person-ref.ts';

/**
 * Events of one real-name class (实名制培训), stream `class-{classId}`:
 * 开班申请 (opening request) → approval or refusal → attendance sessions (过程检查) →
 * completion (结业) with hours per trainee → assessment results (结业考核).
 *
 * Trainees appear only as personRef; teachers as ids of the teacher register (never an
 * identity number: EntityIdSchema refuses that shape).
 */

/** Bounds of one class: a roster larger than this is not a class but a data error. */
export const ROSTER_SIZE_MAX = 200;
export const TEACHERS_MAX = 50;

const Text = z.string().min(1).max(2000);

export const ClassPlanSchema = z.strictObject({ summary: Text, plannedHours: z.int().positive().max(10_000) });
export const AssessmentPlanSchema = z.strictObject({ summary: Text, plannedOn: BusinessDateSchema });

export const CHECK_IN_METHODS = ['face', 'manual', 'other'] as const;
export const CheckInSchema = z.strictObject({
  personRef: PersonRefSchema,
  method: z.enum(CHECK_IN_METHODS),
  result: z.enum(['pass', 'fail']),
  /** Why a check-in was not by face: required for manual and other. */
  note: z.string().min(1).max(500).optional(),
});

export const ClassOpeningRequestedSchema = z.object({
  classId: EntityIdSchema,
  /** The institution's unified social credit code: its stream id. */
  institutionId: StoredCreditCodeSchema,
  /** The catalogued project in force on startOn, and its standard hours then. */
  projectId: EntityIdSchema,
  occupationCode: OccupationCodeSchema,
  level: CertificateLevelSchema,
  standardHours: z.int().positive(),
  startOn: BusinessDateSchema,
  endOn: BusinessDateSchema,
  roster: z.array(PersonRefSchema).min(1).max(ROSTER_SIZE_MAX),
  teacherIds: z.array(EntityIdSchema).min(1).max(TEACHERS_MAX),
  plan: ClassPlanSchema,
  assessmentPlan: AssessmentPlanSchema,
  requestedOn: BusinessDateSchema,
});

export const ClassOpeningApprovedSchema = z.object({ reviewerId: EntityIdSchema, decidedOn: BusinessDateSchema });
export const ClassOpeningRefusedSchema = z.object({ reviewerId: EntityIdSchema, decidedOn: BusinessDateSchema, reason: z.string().min(1).max(500) });

export const AttendanceSessionRecordedSchema = z.object({
  sessionId: EntityIdSchema,
  date: BusinessDateSchema,
  hours: z.int().positive().max(24),
  teacherId: EntityIdSchema,
  checkIns: z.array(CheckInSchema).min(1).max(ROSTER_SIZE_MAX),
  recordedOn: BusinessDateSchema,
});

export const TraineeHoursSchema = z.strictObject({ personRef: PersonRefSchema, hoursAttended: z.int().min(0).max(10_000) });
export const ClassCompletedSchema = z.object({ completedOn: BusinessDateSchema, hours: z.array(TraineeHoursSchema).min(1).max(ROSTER_SIZE_MAX) });

export const AssessmentResultSchema = z.strictObject({
  personRef: PersonRefSchema,
  passed: z.boolean(),
  /** The certificate earned: the class's level, or 培训合格 (training_qualified) only. */
  certificateLevel: CertificateLevelSchema.optional(),
});
export const AssessmentResultsRecordedSchema = z.object({
  assessedOn: BusinessDateSchema,
  results: z.array(AssessmentResultSchema).min(1).max(ROSTER_SIZE_MAX),
});

export const ClassEventSchemas = {
  ClassOpeningRequested: ClassOpeningRequestedSchema,
  ClassOpeningApproved: ClassOpeningApprovedSchema,
  ClassOpeningRefused: ClassOpeningRefusedSchema,
  AttendanceSessionRecorded: AttendanceSessionRecordedSchema,
  ClassCompleted: ClassCompletedSchema,
  AssessmentResultsRecorded: AssessmentResultsRecordedSchema,
} as const;

type Schemas = typeof ClassEventSchemas;
export type ClassEvent = { [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> } }[keyof Schemas];
export type ClassEventOf<K extends ClassEvent['type']> = Extract<ClassEvent, { type: K }>;
export type CheckIn = z.infer<typeof CheckInSchema>;
export type AssessmentResult = z.infer<typeof AssessmentResultSchema>;
