import { z } from 'zod';
import type { Principal } from '../../access/roles.ts';
import type { PolicySet } from '../../domain/policy/policy-set.ts';
import { procedureRuleOn } from '../../domain/policy/policy-set.ts';
import { addDays } from '../../domain/calendar/business-date.ts';
import { CalendarRangeError } from '../../domain/calendar/errors.ts';
import { BusinessDateSchema, PersonRefSchema, RefSchema } from '../../domain/fund/schemas-common.ts';
import { FUND_SOURCES } from '../../domain/fund/events.ts';
import { SUBSIDY_KINDS } from '../../domain/policy/certificate-level.ts';
import { fundMonths, fundTotals, listFunds } from '../../../projections/funds/queries.ts';
import { APPLICATION_STATUSES, countApplicationsByStatus, listApplications, type ApplicationFilter, type ApplicationSummary } from '../../../projections/applications/queries.ts';
import { applicationOfPayment, paymentTraceOf, traceInRegion } from '../../../projections/payment-trace/queries.ts';
import { subsidyHistory } from '../../../projections/trainee-history/queries.ts';
import { personInRegion } from '../../../projections/shared/placement.ts';
import type { RegionPrefix } from '../../../projections/shared/region.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { regionScope } from '../region-scope.ts';
import { AsOfQuery, asOfDate, csvOf, emptyPage, listPrefix, onCalendar, PagedQuery, pageSchema, readModelQuery, RegionCodeQuery } from './read-models-access.ts';
import { ApplicationSummarySchema, FundBalanceSchema, FundMonthSchema, FundTotalsSchema, PaymentTraceSchema, SubsidyHistorySchema } from './queries-money-schemas.ts';

/**
 * Queries over the money read models (projections funds, applications, payment-trace,
 * trainee-history): lists by status, institution, region and period, keyset-paged; the
 * payment trace of an application or a payment; a person's subsidy history. Every list is
 * filtered in SQL by the principal's region; every single record is checked against it
 * (403 outside). `?minPosition=` waits for the read model the route reads.
 */

const FundsQuery = PagedQuery.extend({
  year: z.coerce.number().int().min(2000).max(2999).optional(),
  source: z.enum(FUND_SOURCES).optional(),
  regionCode: RegionCodeQuery.optional().describe('funds of this region and the regions below it (within your scope)'),
});

const TotalsQuery = MinPositionQuery.extend({
  year: z.coerce.number().int().min(2000).max(2999).optional(),
  regionCode: RegionCodeQuery.optional(),
});

const MonthsQuery = TotalsQuery.extend({
  source: z.enum(FUND_SOURCES).optional(),
  fundId: RefSchema.optional().describe('one fund (nothing when it lies outside your scope)'),
});

const ApplicationFilterQuery = AsOfQuery.extend({
  status: csvOf(APPLICATION_STATUSES, 'one status or several, comma-separated'),
  institutionId: RefSchema.optional(),
  regionCode: RegionCodeQuery.optional().describe('applications of this region and below (within your scope)'),
  subsidyKind: z.enum(SUBSIDY_KINDS).optional(),
  personRef: PersonRefSchema.optional(),
  quotaYear: z.coerce.number().int().min(2000).max(2999).optional(),
  from: BusinessDateSchema.optional().describe('submitted on or after'),
  to: BusinessDateSchema.optional().describe('submitted on or before'),
  review: z.enum(['overdue']).optional().describe('overdue: awaiting a review past its deadline on asOf (working days, policy data)'),
});
const ApplicationsQuery = PagedQuery.extend(ApplicationFilterQuery.shape);
const CountsQuery = MinPositionQuery.extend(ApplicationFilterQuery.shape);

/** Statuses that wait for a review, and so have a deadline counted from the status's start. */
const AWAITING_REVIEW = ['submitted', 'initial_review_passed'] as const;
const REVIEW_WALK_MAX = 400;

/**
 * The latest date a review could have started and be overdue on `asOf`: a deadline ends
 * at 24:00 of its last day, so a review started on s is overdue when
 * addWorkingDays(s, n) < asOf. The last day only grows with s, so walking back from the
 * day before asOf finds it. `asOf` outside the loaded holiday years is the caller's error
 * (CalendarRangeError, a 400); a walk that leaves them finds no date (NOTHING_BEFORE):
 * deadlines are not given for reviews started outside them (see withDeadlines).
 */
function overdueIfStartedBy(policy: PolicySet, asOf: string): string {
  policy.calendar.isWorkingDay(asOf);
  const n = procedureRuleOn(policy, asOf).value.reviewDeadlineWorkingDays;
  let start = addDays(asOf, -1);
  try {
    for (let i = 0; i < REVIEW_WALK_MAX && policy.calendar.addWorkingDays(start, n) >= asOf; i++) start = addDays(start, -1);
  } catch (error) {
    if (error instanceof CalendarRangeError) return NOTHING_BEFORE;
    throw error;
  }
  return start;
}

/** Sorts before every business date. */
const NOTHING_BEFORE = '0000-00-00';

function withDeadlines(policy: PolicySet, asOf: string) {
  return (a: ApplicationSummary) => {
    let reviewDueOn: string | null = null;
    if ((AWAITING_REVIEW as readonly string[]).includes(a.status)) {
      try {
        reviewDueOn = policy.calendar.addWorkingDays(a.statusSinceOn, procedureRuleOn(policy, a.statusSinceOn).value.reviewDeadlineWorkingDays);
      } catch (error) {
        // A review started outside the loaded holiday years: no deadline can be given.
        if (!(error instanceof CalendarRangeError)) throw error;
      }
    }
    return {
      ...a,
      asOf,
      reviewDueOn,
      reviewOverdue: reviewDueOn !== null && reviewDueOn < asOf,
      publicityEnded: a.publicity === null ? null : a.publicity.endOn < asOf,
    };
  };
}

type FilterInput = z.output<typeof ApplicationFilterQuery>;

function applicationFilter(policy: PolicySet, prefix: RegionPrefix, q: FilterInput, asOf: string): ApplicationFilter {
  const f: ApplicationFilter = { prefix };
  if (q.status !== undefined) f.statuses = q.status;
  if (q.institutionId !== undefined) f.institutionId = q.institutionId;
  if (q.subsidyKind !== undefined) f.subsidyKind = q.subsidyKind;
  if (q.personRef !== undefined) f.personRef = q.personRef;
  if (q.quotaYear !== undefined) f.quotaYear = q.quotaYear;
  if (q.from !== undefined) f.from = q.from;
  if (q.to !== undefined) f.to = q.to;
  if (q.review === 'overdue') {
    f.statuses = (q.status ?? AWAITING_REVIEW).filter((s) => (AWAITING_REVIEW as readonly string[]).includes(s));
    f.statusSinceOnOrBefore = onCalendar('asOf', () => overdueIfStartedBy(policy, asOf));
  }
  return f;
}

function forbidden(what: string, principal: Principal): ProblemError {
  return new ProblemError('forbidden', `this ${what} lies outside region ${principal.region}`, { reason: 'region' });
}

export const moneyQueriesFeature = defineFeature('queries-money', (app, deps) => {
  const query = readModelQuery(deps);
  const policy = servicesOf(deps).policy;
  const tags = ['read models: money'];

  app.get(
    '/api/v1/funds',
    {
      schema: { summary: 'Funds in your region with their buckets (allocated, committed, paid, recovered, adjusted, available)', tags, querystring: FundsQuery, response: { 200: pageSchema(FundBalanceSchema), ...problemResponses } },
      config: { readModels: ['funds'] },
    },
    async (request) => {
      const { regionCode, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      return query('funds', (db) => listFunds(db, { ...q, prefix }));
    },
  );

  app.get(
    '/api/v1/fund-totals',
    {
      schema: {
        summary: 'Fund buckets summed per year and region (the funds\' own regions, within your scope)',
        tags,
        querystring: TotalsQuery,
        response: { 200: z.object({ totals: z.array(FundTotalsSchema) }), ...problemResponses },
      },
      config: { readModels: ['funds'] },
    },
    async (request) => {
      const prefix = listPrefix(principalOf(request), request.query.regionCode);
      if (prefix === null) return { totals: [] };
      const year = request.query.year;
      return { totals: await query('funds', (db) => fundTotals(db, year === undefined ? { prefix } : { prefix, year })) };
    },
  );

  app.get(
    '/api/v1/fund-months',
    {
      schema: {
        summary: 'Money moved per month (committed, paid, recovered, bounced), summed over the funds in your region; for charts over time',
        tags,
        querystring: MonthsQuery,
        response: { 200: z.object({ months: z.array(FundMonthSchema) }), ...problemResponses },
      },
      config: { readModels: ['funds'] },
    },
    async (request) => {
      const { regionCode, year, source, fundId } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return { months: [] };
      const q = { prefix, ...(year === undefined ? {} : { year }), ...(source === undefined ? {} : { source }), ...(fundId === undefined ? {} : { fundId }) };
      return { months: await query('funds', (db) => fundMonths(db, q)) };
    },
  );

  app.get(
    '/api/v1/applications',
    {
      schema: {
        summary: 'Applications by status, institution, region and period, oldest submission first, a page at a time',
        tags,
        querystring: ApplicationsQuery,
        response: { 200: pageSchema(ApplicationSummarySchema), ...problemResponses },
      },
      config: { readModels: ['applications'] },
    },
    async (request) => {
      const { cursor, limit, regionCode, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return emptyPage();
      const asOf = asOfDate(q.asOf, deps.clock);
      const filter = applicationFilter(policy, prefix, q, asOf);
      const page = await query('applications', (db) => listApplications(db, { ...filter, ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit }) }));
      return { items: page.items.map(withDeadlines(policy, asOf)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/application-counts',
    {
      schema: {
        summary: 'How many applications (and how much money) in each status, for the same filters as the list',
        tags,
        querystring: CountsQuery,
        response: { 200: z.object({ counts: z.array(z.object({ status: z.string(), applications: z.number().int(), amountFen: z.number().int() })) }), ...problemResponses },
      },
      config: { readModels: ['applications'] },
    },
    async (request) => {
      const { regionCode, ...q } = request.query;
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return { counts: [] };
      const filter = applicationFilter(policy, prefix, q, asOfDate(q.asOf, deps.clock));
      return { counts: await query('applications', (db) => countApplicationsByStatus(db, filter)) };
    },
  );

  const traceRoute = { tags, response: { 200: PaymentTraceSchema, ...problemResponses } };
  const traceOf = async (principal: Principal, applicationId: string | undefined, what: string) => {
    const prefix = regionScope(principal).prefix;
    return query('payment-trace', (db) => {
      if (applicationId === undefined) throw new ProblemError('not-found', `no such ${what}`);
      const inRegion = traceInRegion(db, applicationId, prefix);
      if (inRegion === undefined) throw new ProblemError('not-found', `no such ${what}`);
      if (!inRegion) throw forbidden(what, principal);
      return paymentTraceOf(db, applicationId)!;
    });
  };

  app.get(
    '/api/v1/applications/:applicationId/trace',
    {
      schema: {
        ...traceRoute,
        summary: 'The payment trace of an application: fund → allocation → application → reviews → publicity → approval → instruction → bank answer → recovery',
        params: z.object({ applicationId: RefSchema }),
        querystring: MinPositionQuery,
        response: { ...traceRoute.response, 404: problemResponse('no such application') },
      },
      config: { readModels: ['payment-trace'] },
    },
    async (request) => traceOf(principalOf(request), request.params.applicationId, 'application'),
  );

  app.get(
    '/api/v1/payments/:paymentId/trace',
    {
      schema: {
        ...traceRoute,
        summary: 'The payment trace of the application a payment was made for (the whole chain)',
        params: z.object({ paymentId: RefSchema }),
        querystring: MinPositionQuery,
        response: { ...traceRoute.response, 404: problemResponse('no such payment') },
      },
      config: { readModels: ['payment-trace'] },
    },
    async (request) => {
      const applicationId = await query('payment-trace', (db) => applicationOfPayment(db, request.params.paymentId));
      return { ...(await traceOf(principalOf(request), applicationId, 'payment')), paymentId: request.params.paymentId };
    },
  );

  app.get(
    '/api/v1/trainees/:personRef/subsidies',
    {
      schema: {
        summary: 'A person\'s subsidy claims, by year (the quota) and by occupation and level (once each, ever)',
        tags,
        params: z.object({ personRef: PersonRefSchema }),
        querystring: MinPositionQuery,
        response: { 200: SubsidyHistorySchema, ...problemResponses },
      },
      config: { readModels: ['trainee-history'] },
    },
    async (request) => {
      const principal = principalOf(request);
      const prefix = regionScope(principal).prefix;
      return query('trainee-history', (db) => {
        if (!personInRegion(db, request.params.personRef, prefix)) throw forbidden('trainee', principal);
        return subsidyHistory(db, request.params.personRef);
      });
    },
  );
});
