import { z } from 'zod';

/** Response schemas of queries-registry.ts: each mirrors a query result of projections/… exactly. */

export const InstitutionOnDateSchema = z.object({
  creditCode: z.string(),
  licenceNumber: z.string(),
  name: z.string(),
  address: z.string(),
  nature: z.string(),
  regionCode: z.string(),
  registeredOn: z.string(),
  on: z.string().describe('the date status, occupations and grade describe'),
  status: z.string().describe('unlisted, listed, suspended, delisted, blacklisted or revoked on that date'),
  occupations: z.array(z.string()),
  creditGrade: z.string().nullable(),
  sanctions: z.number().int().describe('steps of the sanctions ladder ever recorded'),
});

export const SanctionSchema = z.object({
  creditCode: z.string(),
  institutionName: z.string(),
  regionCode: z.string(),
  step: z.string(),
  on: z.string(),
  reason: z.string(),
  reference: z.string().nullable(),
  deadline: z.string().nullable(),
  until: z.string().nullable(),
  eventId: z.string(),
  position: z.number().int(),
  actor: z.object({ id: z.string(), role: z.string() }),
});

export const ClassSummarySchema = z.object({
  classId: z.string(),
  institutionId: z.string(),
  regionCode: z.string(),
  projectId: z.string(),
  occupationCode: z.string(),
  level: z.string(),
  standardHours: z.number().int(),
  plannedHours: z.number().int(),
  startOn: z.string(),
  endOn: z.string(),
  requestedOn: z.string(),
  status: z.string(),
  decidedOn: z.string().nullable(),
  reviewerId: z.string().nullable(),
  refusalReason: z.string().nullable(),
  completedOn: z.string().nullable(),
  rosterSize: z.number().int(),
  teachers: z.number().int(),
  attendance: z.object({
    sessions: z.number().int(),
    sessionHours: z.number().int(),
    checkIns: z.number().int(),
    checkInsPassed: z.number().int(),
    checkInsByFace: z.number().int(),
    attendedHours: z.number().int().describe('trainee-hours checked in'),
  }),
  completion: z.object({ trainees: z.number().int(), hours: z.number().int() }).nullable(),
  assessment: z.object({ lastAssessedOn: z.string(), assessed: z.number().int(), passed: z.number().int() }).nullable(),
  lastPosition: z.number().int(),
});

export const ClassAttendanceSchema = ClassSummarySchema.extend({
  trainees: z.array(
    z.object({
      personRef: z.string(),
      sessionsAttended: z.number().int(),
      hoursCheckedIn: z.number().int(),
      checkInsFailed: z.number().int(),
      completedHours: z.number().int().nullable(),
      passed: z.boolean().nullable(),
      certificateLevel: z.string().nullable(),
    }),
  ),
});
