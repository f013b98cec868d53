import { z } from 'zod';
import { BusinessDateSchema } from '../../domain/calendar/business-date.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { OccupationCodeSchema } from '../../domain/catalogue/occupation.ts';
import { CREDIT_GRADES, StoredCreditCodeSchema } from '../../domain/institution/events.ts';
import { INSTITUTION_STATUSES, LADDER_STEPS } from '../../domain/institution/sanctions-ladder.ts';
import { classAttendance, listClasses } from '../../../projections/classes/queries.ts';
import { listInstitutions, listSanctions } from '../../../projections/institutions/queries.ts';
import { regionInPrefix } from '../../../projections/shared/region.ts';
import { defineFeature } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { regionScope } from '../region-scope.ts';
import { AsOfQuery, asOfDate, csvOf, emptyPage, listPrefix, PagedQuery, pageSchema, readModelQuery, RegionCodeQuery } from './read-models-access.ts';
import { ClassAttendanceSchema, ClassSummarySchema, InstitutionOnDateSchema, SanctionSchema } from './queries-registry-schemas.ts';

/**
 * Queries over the registry read models (projections institutions and classes): the
 * institutions of a region as they stand on a date, the sanctions history across them,
 * classes with attendance and hours totals, and one class's attendance per trainee.
 */

const InstitutionsQuery = PagedQuery.extend(AsOfQuery.shape).extend({
  status: csvOf(INSTITUTION_STATUSES, 'status on asOf: one or several, comma-separated'),
  occupationCode: OccupationCodeSchema.optional().describe('approved for this occupation on asOf'),
  creditGrade: z.enum(CREDIT_GRADES).optional(),
  regionCode: RegionCodeQuery.optional(),
});

const SanctionsQuery = PagedQuery.extend({
  creditCode: StoredCreditCodeSchema.optional(),
  step: csvOf(LADDER_STEPS, 'steps of the sanctions ladder, comma-separated'),
  from: BusinessDateSchema.optional().describe('effective on or after'),
  to: BusinessDateSchema.optional().describe('effective on or before'),
  regionCode: RegionCodeQuery.optional(),
});

const CLASS_STATUSES = ['requested', 'approved', 'refused', 'completed'] as const;
const ClassesQuery = PagedQuery.extend({
  institutionId: StoredCreditCodeSchema.optional(),
  status: csvOf(CLASS_STATUSES, 'one status or several, comma-separated'),
  occupationCode: OccupationCodeSchema.optional(),
  from: BusinessDateSchema.optional().describe('starting on or after'),
  to: BusinessDateSchema.optional().describe('starting on or before'),
  runningOn: BusinessDateSchema.optional().describe('running on this date'),
  regionCode: RegionCodeQuery.optional(),
});

/** Copies the defined values only (exactOptionalPropertyTypes). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export const registryQueriesFeature = defineFeature('queries-registry', (app, deps) => {
  const query = readModelQuery(deps);

  app.get(
    '/api/v1/institutions',
    {
      schema: {
        summary: 'Institutions in your region as they stand on a date: status, occupations, grade, sanctions count',
        tags: ['read models: registry'],
        querystring: InstitutionsQuery,
        response: { 200: pageSchema(InstitutionOnDateSchema), ...problemResponses },
      },
      config: { readModels: ['institutions'] },
    },
    async (request) => {
      const { regionCode, status, asOf, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      return query('institutions', (db) => listInstitutions(db, { ...defined(q), ...defined({ statuses: status }), prefix, asOf: asOfDate(asOf, deps.clock) }));
    },
  );

  app.get(
    '/api/v1/institution-sanctions',
    {
      schema: {
        summary: 'Steps of the sanctions ladder (约谈 … 吊销) across the institutions of your region, by effective date',
        tags: ['read models: registry'],
        querystring: SanctionsQuery,
        response: { 200: pageSchema(SanctionSchema), ...problemResponses },
      },
      config: { readModels: ['institutions'] },
    },
    async (request) => {
      const { regionCode, step, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      return query('institutions', (db) => listSanctions(db, { ...defined(q), ...defined({ steps: step }), prefix }));
    },
  );

  app.get(
    '/api/v1/classes',
    {
      schema: {
        summary: 'Classes in your region with attendance and hours totals, by start date',
        tags: ['read models: registry'],
        querystring: ClassesQuery,
        response: { 200: pageSchema(ClassSummarySchema), ...problemResponses },
      },
      config: { readModels: ['classes'] },
    },
    async (request) => {
      const { regionCode, status, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      return query('classes', (db) => listClasses(db, { ...defined(q), ...defined({ statuses: status }), prefix }));
    },
  );

  app.get(
    '/api/v1/classes/:classId/attendance',
    {
      schema: {
        summary: 'A class\'s attendance and hours, in total and per trainee (personRefs)',
        tags: ['read models: registry'],
        params: z.object({ classId: EntityIdSchema }),
        querystring: MinPositionQuery,
        response: { 200: ClassAttendanceSchema, ...problemResponses, 404: problemResponse('no opening request for this class') },
      },
      config: { readModels: ['classes'] },
    },
    async (request) => {
      const principal = principalOf(request);
      const found = await query('classes', (db) => classAttendance(db, request.params.classId));
      if (found === undefined) throw new ProblemError('not-found', 'no opening request for this class');
      if (!regionInPrefix(found.regionCode, regionScope(principal).prefix)) {
        throw new ProblemError('forbidden', `this class lies outside region ${principal.region}`, { reason: 'region' });
      }
      return found;
    },
  );
});
