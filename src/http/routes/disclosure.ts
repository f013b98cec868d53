import { z } from 'zod';
import { StoredCreditCodeSchema } from '../../domain/institution/events.ts';
import { disclosurePage, PUBLICATION_STATUSES } from '../../../projections/problem-ledger/disclosure.ts';
import { prefixOfRegion } from '../../../projections/shared/region.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { problemResponses } from '../problem-schema.ts';
import { asOfInstant, ledgerQuery } from './problem-ledger.ts';
import { InspectionDisclosureSchema } from './problem-ledger-schemas.ts';
import { AsOfQuery, asOfDate, PagedQuery, readModelQuery, RegionCodeQuery } from './read-models-access.ts';

/**
 * 双随机、一公开: the results of inspections, for anyone, without a token. Every completed
 * inspection is listed with its publication deadline and whether its results were
 * published, are still due, or are overdue on asOf; the results (findings by category,
 * money involved) once published. No personal data: no person, no free text, no inspector.
 */

// 422: sum-out-of-range, when the findings' amounts of an inspection cannot be summed exactly.
const PUBLIC_RESPONSES = { 400: problemResponses[400], 422: problemResponses[422], 429: problemResponses[429], 503: problemResponses[503] } as const;

const ResultsQuery = PagedQuery.extend(AsOfQuery.shape).extend({
  regionCode: RegionCodeQuery.optional().describe('this region and the regions below it'),
  institutionId: StoredCreditCodeSchema.optional(),
  publication: z.enum(PUBLICATION_STATUSES).optional().describe('published, pending (within the deadline) or overdue, on asOf'),
});

export const disclosureFeature = defineFeature('disclosure', (app, deps) => {
  const query = readModelQuery(deps);

  app.get(
    '/public/inspection-results',
    {
      schema: {
        summary: 'Results of inspections (双随机、一公开): completed inspections, the latest first, with the 20-working-day publication deadline tracked (public)',
        tags: ['public'],
        querystring: ResultsQuery,
        response: { 200: z.object({ asOf: z.string(), items: z.array(InspectionDisclosureSchema), nextCursor: z.string().nullable() }), ...PUBLIC_RESPONSES },
      },
      config: { readModels: ['problem-ledger'] },
    },
    async (request) => {
      const { regionCode, institutionId, publication, asOf, cursor, limit } = request.query;
      const date = asOfDate(asOf, deps.clock);
      const filter = {
        ...(regionCode === undefined ? {} : { prefix: prefixOfRegion(regionCode) }),
        ...(institutionId === undefined ? {} : { institutionId }),
        ...(publication === undefined ? {} : { publication }),
      };
      const page = await query('problem-ledger', (db) =>
        ledgerQuery(() => disclosurePage(db, { asOf: asOfInstant(date), calendar: servicesOf(deps).policy.calendar, filter, ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { after: cursor }) })),
      );
      return { asOf: date, items: page.rows, nextCursor: page.next };
    },
  );
});
