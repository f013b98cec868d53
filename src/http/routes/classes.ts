import { z } from 'zod';
import {
  approveClassOpening,
  completeClass,
  loadClassInScope,
  recordAssessmentResults,
  recordAttendanceSession,
  refuseClassOpening,
  requestClassOpening,
} from '../../app/services/classes.ts';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import {
  CompleteClassSchema,
  RecordAssessmentResultsSchema,
  RecordAttendanceSessionSchema,
  RefuseClassOpeningSchema,
  RequestClassOpeningSchema,
} from '../../domain/class/commands.ts';
import type { ClassState } from '../../domain/class/state.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Real-name classes: registrars file the opening request (开班申请) and the class's
 * records (attendance sessions with check-ins, completion, assessment results); reviewers
 * approve or refuse the opening, as themselves (the reviewer recorded is the principal).
 * A class lies in its institution's region; every command and query checks it.
 */

const Params = z.object({ classId: EntityIdSchema });

const ClassSchema = z.object({
  classId: z.string(),
  status: z.enum(['requested', 'approved', 'refused', 'completed']),
  institutionId: z.string(),
  projectId: z.string(),
  occupationCode: z.string(),
  level: z.string(),
  standardHours: z.number().int(),
  startOn: z.string(),
  endOn: z.string(),
  roster: z.array(z.string()).describe('personRefs'),
  teacherIds: z.array(z.string()),
  plan: z.object({ summary: z.string(), plannedHours: z.number().int() }),
  assessmentPlan: z.object({ summary: z.string(), plannedOn: z.string() }),
  requestedOn: z.string(),
  decision: z.object({ approved: z.boolean(), reviewerId: z.string(), decidedOn: z.string(), reason: z.string().optional() }).nullable(),
  sessions: z.array(
    z.object({
      sessionId: z.string(),
      date: z.string(),
      hours: z.number().int(),
      teacherId: z.string(),
      recordedOn: z.string(),
      checkIns: z.array(z.object({ personRef: z.string(), method: z.string(), result: z.string(), note: z.string().optional() })),
    }),
  ),
  completion: z.object({ completedOn: z.string(), hours: z.array(z.object({ personRef: z.string(), hoursAttended: z.number().int() })) }).nullable(),
  results: z.array(z.object({ personRef: z.string(), passed: z.boolean(), certificateLevel: z.string().optional(), assessedOn: z.string() })),
});

function classView(s: ClassState): z.infer<typeof ClassSchema> {
  const o = s.opening;
  if (!o || s.status === 'none') throw new Error('invariant violated: a class view needs an opening request');
  return {
    ...o,
    status: s.status,
    roster: [...o.roster],
    teacherIds: [...o.teacherIds],
    plan: { ...o.plan },
    assessmentPlan: { ...o.assessmentPlan },
    decision: s.decision ? { ...s.decision } : null,
    sessions: s.sessions.map((x) => ({ ...x, checkIns: x.checkIns.map((c) => ({ ...c })) })),
    completion: s.completion ? { completedOn: s.completion.completedOn, hours: [...s.completion.hours].map(([personRef, hoursAttended]) => ({ personRef, hoursAttended })) } : null,
    results: [...s.results.values()].map((r) => ({ ...r })),
  };
}

export const classesFeature = defineFeature('classes', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['classes'];

  commandRoute(app, clock, {
    url: '/api/v1/classes',
    summary: 'Request the opening of a real-name class (开班申请): institution, occupation and level, dates, roster, teachers, plans',
    tags,
    status: 201,
    body: RequestClassOpeningSchema.omit({ type: true }),
    handle: ({ body, ctx }) => requestClassOpening(services, ctx, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/classes/:classId/approval',
    summary: 'Approve the opening request, as the reviewer calling (catalogue, institution and rosters are judged again)',
    tags,
    params: Params,
    body: z.strictObject({ decidedOn: BusinessDateSchema }),
    handle: ({ body, params, ctx }) => approveClassOpening(services, ctx, params.classId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/classes/:classId/refusal',
    summary: 'Refuse the opening request with a reason, as the reviewer calling',
    tags,
    params: Params,
    body: RefuseClassOpeningSchema.omit({ type: true, reviewerId: true }),
    handle: ({ body, params, ctx }) => refuseClassOpening(services, ctx, params.classId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/classes/:classId/sessions',
    summary: 'Record an attendance session with each trainee’s check-in (过程检查)',
    tags,
    params: Params,
    body: RecordAttendanceSessionSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => recordAttendanceSession(services, ctx, params.classId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/classes/:classId/completion',
    summary: 'Complete the class (结业) with the hours each trainee attended (never above the check-ins)',
    tags,
    params: Params,
    body: CompleteClassSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => completeClass(services, ctx, params.classId, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/classes/:classId/assessment-results',
    summary: 'Record final assessment results (结业考核) for trainees who attended',
    tags,
    params: Params,
    body: RecordAssessmentResultsSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => recordAssessmentResults(services, ctx, params.classId, body),
  });

  app.get(
    '/api/v1/classes/:classId',
    {
      schema: {
        summary: 'A class: opening request, decision, attendance sessions, completion and results (trainees as personRefs)',
        tags,
        params: Params,
        querystring: MinPositionQuery,
        response: { 200: ClassSchema, 404: problemResponse('no opening request for this class'), ...problemResponses },
      },
    },
    async (request) => {
      const s = await loadClassInScope(services, { principal: principalOf(request) }, request.params.classId);
      if (!s) throw new ProblemError('not-found', 'no opening request for this class');
      return classView(s);
    },
  );
});
