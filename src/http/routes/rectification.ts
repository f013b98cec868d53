import { z } from 'zod';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { FINDING_CATEGORIES } from '../../domain/finding/categories.ts';
import { publicationCounts } from '../../../projections/problem-ledger/disclosure.ts';
import { rectificationTracking } from '../../../projections/problem-ledger/tracking.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponses } from '../problem-schema.ts';
import { asOfInstant, ledgerQuery } from './problem-ledger.ts';
import { RectificationSummarySchema } from './problem-ledger-schemas.ts';
import { AsOfQuery, asOfDate, listPrefix, readModelQuery, RegionCodeQuery } from './read-models-access.ts';

/**
 * 整改跟踪: how rectification stands on a day, within the principal's region — findings
 * whose clock runs, overdue, due within 3 working days, closed and withdrawn, with the
 * amounts involved, ordered back and recovered, by region, institution and category —
 * and how the publication of inspection results stands against its 20-working-day limit.
 */

const SummaryQuery = MinPositionQuery.extend(AsOfQuery.shape).extend({
  regionCode: RegionCodeQuery.optional().describe('this region and the regions below it (within your scope)'),
  institutionId: EntityIdSchema.optional(),
  category: z.enum(FINDING_CATEGORIES).optional(),
});

export const rectificationFeature = defineFeature('rectification', (app, deps) => {
  const query = readModelQuery(deps);

  app.get(
    '/api/v1/rectification/summary',
    {
      schema: {
        summary: 'Rectification tracking on asOf: overdue, due soon, counts and amounts (involved, ordered, recovered) by region, institution and category; publication of results',
        tags: ['problem ledger'],
        querystring: SummaryQuery,
        response: { 200: RectificationSummarySchema, ...problemResponses },
      },
      config: { readModels: ['problem-ledger'] },
    },
    async (request) => {
      const { regionCode, institutionId, category, asOf } = request.query;
      const principal = principalOf(request);
      const prefix = listPrefix(principal, regionCode);
      if (prefix === null) throw new ProblemError('forbidden', `region ${regionCode ?? ''} lies outside region ${principal.region}`, { reason: 'region' });
      const date = asOfDate(asOf, deps.clock);
      const clock = { asOf: asOfInstant(date), calendar: servicesOf(deps).policy.calendar };
      const scope = { prefix, ...(institutionId === undefined ? {} : { institutionId }), ...(category === undefined ? {} : { category }) };
      return query('problem-ledger', (db) =>
        ledgerQuery(() => {
          const r = rectificationTracking(db, { ...clock, scope });
          const publication = publicationCounts(db, { ...clock, filter: { prefix, ...(institutionId === undefined ? {} : { institutionId }) } });
          return { asOf: r.asOfDate, dueSoonLast: r.dueSoonLast, total: r.total, byRegion: r.byRegion, byInstitution: r.byInstitution, byCategory: r.byCategory, publication };
        }),
      );
    },
  );
});
