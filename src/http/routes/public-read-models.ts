import { z } from 'zod';
import { CertificateLevelSchema } from '../../domain/policy/certificate-level.ts';
import { OccupationCodeSchema } from '../../domain/catalogue/occupation.ts';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { StoredCreditCodeSchema } from '../../domain/institution/events.ts';
import { listProjects } from '../../../projections/catalogue/queries.ts';
import { listInstitutions } from '../../../projections/institutions/queries.ts';
import { publicityList } from '../../../projections/publicity/queries.ts';
import { prefixOfRegion } from '../../../projections/shared/region.ts';
import { defineFeature } from '../feature.ts';
import { problemResponses } from '../problem-schema.ts';
import { AsOfQuery, asOfDate, PagedQuery, pageSchema, readModelQuery, RegionCodeQuery } from './read-models-access.ts';

/**
 * What anyone may read without a token, from the read models: the publicity lists (公示)
 * of subsidy recipients, the catalogue of approved institutions on a date, and the
 * catalogue of subsidised projects. A publicity line names the person by a masked name
 * only (张*): never an identity number, a personRef, or an account.
 */

const PUBLIC_RESPONSES = { 400: problemResponses[400], 429: problemResponses[429], 503: problemResponses[503] } as const;

const PublicityQuery = PagedQuery.extend(AsOfQuery.shape).extend({
  regionCode: RegionCodeQuery.optional().describe('this region and the regions below it'),
  institutionId: StoredCreditCodeSchema.optional(),
});

const PublicityEntrySchema = z.object({
  applicationId: z.string().describe('quote it to raise an objection'),
  maskedName: z.string().nullable().describe('e.g. 张*'),
  subsidyKind: z.string(),
  occupationCode: z.string(),
  occupationName: z.string().nullable(),
  level: z.string(),
  amountFen: z.number().int(),
  institutionName: z.string().nullable(),
  regionCode: z.string().nullable(),
  startOn: z.string(),
  endOn: z.string(),
  workingDays: z.number().int(),
  underObjection: z.boolean(),
});

const PublicInstitutionsQuery = PagedQuery.extend(AsOfQuery.shape).extend({
  regionCode: RegionCodeQuery.optional(),
  occupationCode: OccupationCodeSchema.optional().describe('approved for this occupation on asOf'),
});

const PublicInstitutionSchema = z.object({
  creditCode: z.string(),
  licenceNumber: z.string(),
  name: z.string(),
  address: z.string(),
  nature: z.string(),
  regionCode: z.string(),
  on: z.string(),
  status: z.literal('listed'),
  occupations: z.array(z.string()),
});

const ProjectsQuery = PagedQuery.extend(AsOfQuery.shape).extend({
  catalogueId: EntityIdSchema.optional(),
  occupationCode: OccupationCodeSchema.optional(),
  level: CertificateLevelSchema.optional(),
});

const ProjectSchema = z.object({
  catalogueId: z.string(),
  projectId: z.string(),
  occupationCode: z.string(),
  level: z.string(),
  firstDay: z.string(),
  lastDay: z.string().nullable(),
  retired: z.boolean(),
  inForce: z.object({ effectiveFrom: z.string(), occupationName: z.string(), standardHours: z.number().int(), rateFen: z.number().int(), source: z.string() }).nullable(),
  versions: z.number().int(),
});

export const publicReadModelsFeature = defineFeature('public-read-models', (app, deps) => {
  const query = readModelQuery(deps);
  const tags = ['public'];

  app.get(
    '/public/publicity',
    {
      schema: {
        summary: 'The publicity list (公示) on a date: recipients by masked name, occupation, level, amount and institution (public)',
        tags,
        querystring: PublicityQuery,
        response: { 200: pageSchema(PublicityEntrySchema), ...PUBLIC_RESPONSES },
      },
      config: { readModels: ['publicity'] },
    },
    async (request) => {
      const { regionCode, institutionId, asOf, cursor, limit } = request.query;
      const q = { asOf: asOfDate(asOf, deps.clock), prefix: regionCode === undefined ? undefined : prefixOfRegion(regionCode) };
      return query('publicity', (db) => publicityList(db, { ...q, ...(institutionId ? { institutionId } : {}), ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) }));
    },
  );

  app.get(
    '/public/institutions',
    {
      schema: {
        summary: 'The catalogue of approved institutions on a date: those listed then, with the occupations they may train (public)',
        tags,
        querystring: PublicInstitutionsQuery,
        response: { 200: pageSchema(PublicInstitutionSchema), ...PUBLIC_RESPONSES },
      },
      config: { readModels: ['institutions'] },
    },
    async (request) => {
      const { regionCode, occupationCode, asOf, cursor, limit } = request.query;
      const page = await query('institutions', (db) =>
        listInstitutions(db, {
          prefix: regionCode === undefined ? undefined : prefixOfRegion(regionCode),
          asOf: asOfDate(asOf, deps.clock),
          statuses: ['listed'],
          ...(occupationCode ? { occupationCode } : {}),
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
      // The public catalogue shows no risk grade and no sanctions count.
      const items = page.items.map(({ creditCode, licenceNumber, name, address, nature, regionCode: region, on, occupations }) => ({
        creditCode, licenceNumber, name, address, nature, regionCode: region, on, status: 'listed' as const, occupations,
      }));
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/public/catalogue-projects',
    {
      schema: {
        summary: 'Subsidised training projects in force on a date, across catalogues, with their terms then (public)',
        tags,
        querystring: ProjectsQuery,
        response: { 200: pageSchema(ProjectSchema), ...PUBLIC_RESPONSES },
      },
      config: { readModels: ['catalogue'] },
    },
    async (request) => {
      const { catalogueId, occupationCode, level, asOf, cursor, limit } = request.query;
      return query('catalogue', (db) =>
        listProjects(db, {
          asOf: asOfDate(asOf, deps.clock),
          ...(catalogueId ? { catalogueId } : {}),
          ...(occupationCode ? { occupationCode } : {}),
          ...(level ? { level } : {}),
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
        }),
      );
    },
  );
});
