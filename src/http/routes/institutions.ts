import { z } from 'zod';
import { shanghaiDate } from '../../app/clock.ts';
import type { CommandOutcome } from '../../app/command-outcome.ts';
import type { AppDeps } from '../../app/app-deps.ts';
import type { CommandContext } from '../../app/command-context.ts';
import * as institutions from '../../app/services/institutions.ts';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { CreditCodeSchema } from '../../domain/identity/credit-code.ts';
import {
  BlacklistInstitutionSchema,
  ChangeCreditGradeSchema,
  ChangeOccupationsSchema,
  DelistInstitutionSchema,
  InterviewInstitutionSchema,
  IssueRectificationNoticeSchema,
  LiftSuspensionSchema,
  ListInstitutionSchema,
  RegisterInstitutionSchema,
  RemoveFromBlacklistSchema,
  RevokeLicenceSchema,
  SuspendInstitutionSchema,
} from '../../domain/institution/commands.ts';
import type { RegisteredInstitution } from '../../domain/institution/state.ts';
import { creditGradeOn, institutionStatusOn, occupationsOn } from '../../domain/institution/status-on.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf, type ZodApp } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import type { Clock } from '../../app/clock.ts';

/**
 * Institutions (两目录, the catalogue of approved institutions) and the sanctions ladder.
 *
 * Who does what, and why:
 * - registrars (and admins) register institutions in their region: data entry;
 * - listing in the catalogue, the occupations an institution may train and its credit
 *   grade are catalogue decisions: admins only. The grade weights the random sampling of
 *   inspections, so inspectors, who are sampled into inspections, do not set it;
 * - inspectors record the rungs of the ladder that follow an inspection and change no
 *   status: the interview (约谈) and the rectification notice (整改函);
 * - every step that changes what an institution may do (suspension and its lifting,
 *   delisting, blacklisting and removal, licence revocation) is an admin's decision.
 * Region scope: every command and query checks the institution's region (from its
 * registration) against the principal's.
 */

const Params = z.object({ creditCode: CreditCodeSchema.describe('unified social credit code (GB 32100)') });
const OnQuery = MinPositionQuery.extend({ on: BusinessDateSchema.optional().describe('the date the status, occupations and grade are given for (YYYY-MM-DD); default today in Asia/Shanghai') });

const Dated = <T extends z.ZodType>(value: T) => z.array(z.object({ from: z.string(), value }));

const PublicInstitutionSchema = z.object({
  creditCode: z.string(),
  licenceNumber: z.string(),
  name: z.string(),
  address: z.string(),
  nature: z.enum(['public', 'private']),
  regionCode: z.string(),
  registeredOn: z.string(),
  on: z.string().describe('the date the following fields describe'),
  status: z.string().describe('unlisted, listed, suspended, delisted, blacklisted or revoked on that date'),
  occupations: z.array(z.string()).describe('occupations it may train on that date'),
});

const InstitutionSchema = PublicInstitutionSchema.extend({
  creditGrade: z.string().nullable(),
  statusTimeline: z.array(z.object({ from: z.string(), status: z.string(), until: z.string().optional() })),
  occupationTimeline: Dated(z.array(z.string())),
  gradeTimeline: Dated(z.string()),
  sanctions: z.array(z.object({ step: z.string(), on: z.string(), reason: z.string(), reference: z.string().optional(), deadline: z.string().optional() })),
});

function publicView(s: RegisteredInstitution, on: string): z.infer<typeof PublicInstitutionSchema> {
  return {
    creditCode: s.creditCode,
    licenceNumber: s.licenceNumber,
    name: s.name,
    address: s.address,
    nature: s.nature,
    regionCode: s.regionCode,
    registeredOn: s.registeredOn,
    on,
    status: institutionStatusOn(s, on),
    occupations: [...occupationsOn(s, on)],
  };
}

function fullView(s: RegisteredInstitution, on: string): z.infer<typeof InstitutionSchema> {
  return {
    ...publicView(s, on),
    creditGrade: creditGradeOn(s, on) ?? null,
    statusTimeline: s.statusTimeline.map((x) => ({ ...x })),
    occupationTimeline: s.occupationTimeline.map((x) => ({ from: x.from, value: [...x.value] })),
    gradeTimeline: s.gradeTimeline.map((x) => ({ ...x })),
    sanctions: s.sanctions.map((x) => ({ ...x })),
  };
}

type Service<I> = (deps: AppDeps, ctx: CommandContext, creditCode: string, input: I) => Promise<CommandOutcome>;

/** One POST per command on a registered institution. */
function onInstitution<B extends z.ZodType>(app: ZodApp, clock: Clock, services: AppDeps, path: string, summary: string, body: B, service: Service<z.output<B>>): void {
  commandRoute(app, clock, {
    url: `/api/v1/institutions/:creditCode/${path}`,
    summary,
    tags: ['institutions'],
    params: Params,
    body,
    handle: ({ body: b, params, ctx }) => service(services, ctx, params.creditCode, b),
  });
}

export const institutionsFeature = defineFeature('institutions', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const omitType = { type: true } as const;

  commandRoute(app, clock, {
    url: '/api/v1/institutions',
    summary: 'Register a training institution (by its unified social credit code) in a region',
    tags: ['institutions'],
    status: 201,
    body: RegisterInstitutionSchema.omit(omitType),
    handle: ({ body, ctx }) => institutions.registerInstitution(services, ctx, body),
  });
  onInstitution(app, clock, services, 'listing', 'List the institution in the catalogue of approved institutions (re-listing after delisting needs reviewRef)', ListInstitutionSchema.omit(omitType), institutions.listInstitution);
  onInstitution(app, clock, services, 'occupations', 'Set the occupations the institution may train, from a date', ChangeOccupationsSchema.omit(omitType), institutions.changeOccupations);
  onInstitution(app, clock, services, 'credit-grade', 'Change the credit grade (A–D) from a date', ChangeCreditGradeSchema.omit(omitType), institutions.changeCreditGrade);
  onInstitution(app, clock, services, 'interviews', 'Record an interview (约谈) with the institution', InterviewInstitutionSchema.omit(omitType), institutions.interviewInstitution);
  onInstitution(app, clock, services, 'rectification-notices', 'Issue a rectification notice (整改函) with its deadline', IssueRectificationNoticeSchema.omit(omitType), institutions.issueRectificationNotice);
  onInstitution(app, clock, services, 'suspension', 'Suspend the institution (停业整顿) from a date to its last day', SuspendInstitutionSchema.omit(omitType), institutions.suspendInstitution);
  onInstitution(app, clock, services, 'suspension-lifting', 'Lift a suspension early', LiftSuspensionSchema.omit(omitType), institutions.liftSuspension);
  onInstitution(app, clock, services, 'delisting', 'Remove the institution from the catalogue (移出目录)', DelistInstitutionSchema.omit(omitType), institutions.delistInstitution);
  onInstitution(app, clock, services, 'blacklisting', 'Blacklist the institution (黑名单), for a term or for good', BlacklistInstitutionSchema.omit(omitType), institutions.blacklistInstitution);
  onInstitution(app, clock, services, 'blacklist-removal', 'Remove the institution from the blacklist after its term (it is then delisted)', RemoveFromBlacklistSchema.omit(omitType), institutions.removeFromBlacklist);
  onInstitution(app, clock, services, 'licence-revocation', 'Revoke the licence (final)', RevokeLicenceSchema.omit(omitType), institutions.revokeLicence);

  app.get(
    '/api/v1/institutions/:creditCode',
    {
      schema: {
        summary: 'An institution: status, occupations and grade on a date, timelines and every sanction',
        tags: ['institutions'],
        params: Params,
        querystring: OnQuery,
        response: { 200: InstitutionSchema, 404: problemResponse('no institution registered with this code'), ...problemResponses },
      },
    },
    async (request) => {
      const s = await institutions.loadInstitutionInScope(services, { principal: principalOf(request) }, request.params.creditCode);
      if (!s) throw new ProblemError('not-found', 'no institution registered with this code');
      return fullView(s, request.query.on ?? shanghaiDate(clock.nowMs()));
    },
  );
  app.get(
    '/public/institutions/:creditCode',
    {
      schema: {
        summary: 'An institution as the public catalogue shows it: status and occupations on a date (public)',
        tags: ['institutions'],
        params: Params,
        querystring: OnQuery,
        response: { 200: PublicInstitutionSchema, 400: problemResponses[400], 404: problemResponse('no institution registered with this code'), 429: problemResponses[429], 503: problemResponses[503] },
      },
    },
    async (request) => {
      const s = await institutions.loadInstitution(services, request.params.creditCode);
      if (!s.registered) throw new ProblemError('not-found', 'no institution registered with this code');
      return publicView(s, request.query.on ?? shanghaiDate(clock.nowMs()));
    },
  );
});
