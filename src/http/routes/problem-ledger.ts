import { PassThrough, Readable } from 'node:stream';
import { z } from 'zod';
import { EntityIdSchema } from '../../domain/command-input.ts';
import { CalendarError } from '../../domain/calendar/errors.ts';
import { FINDING_CATEGORIES } from '../../domain/finding/categories.ts';
import { ledgerCsv } from '../../export/ledger-csv.ts';
import { writeLedgerXlsx, XLSX_CONTENT_TYPE } from '../../export/ledger-xlsx.ts';
import { findingStream } from '../../domain/finding/decider.ts';
import { LEDGER_STATUSES, LedgerQueryError, ledgerPage, ledgerRow, type LedgerFilter, type LedgerRow } from '../../../projections/problem-ledger/queries.ts';
import type { AsOf } from '../../../projections/problem-ledger/clock.ts';
import { regionInPrefix, type RegionPrefix } from '../../../projections/shared/region.ts';
import type { SqliteDatabase } from '../../shared/sqlite-connection.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { principalOf } from '../plugins/auth.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import { AsOfQuery, asOfDate, csvOf, invalidQuery, listPrefix, PagedQuery, principalPrefix, readModelQuery, RegionCodeQuery } from './read-models-access.ts';
import { FindingHistorySchema, LedgerPageSchema } from './problem-ledger-schemas.ts';

/**
 * The problem ledger (问题台账) for the offices that keep and check it: a filtered page of
 * findings with their rectification clock as of a day, one finding with its whole
 * history, and the same list exported as CSV or .xlsx (streamed a page at a time). Lists
 * are filtered in SQL by the principal's region; one finding is checked against it.
 */

const READ_MODEL = 'problem-ledger';
const EXPORT_PAGE_ROWS = 500;

const LedgerFilterQuery = AsOfQuery.extend({
  status: csvOf(LEDGER_STATUSES, 'one status or several, comma-separated'),
  category: z.enum(FINDING_CATEGORIES).optional(),
  institutionId: EntityIdSchema.optional(),
  regionCode: RegionCodeQuery.optional().describe('findings of this region and the regions below it (within your scope)'),
  inspectionId: EntityIdSchema.optional(),
  tracking: z.enum(['overdue', 'due_soon']).optional().describe('overdue, or due within 3 working days, on asOf'),
});
type FilterInput = z.output<typeof LedgerFilterQuery>;

const LedgerListQuery = PagedQuery.extend(LedgerFilterQuery.shape);
const ExportQuery = MinPositionQuery.extend(LedgerFilterQuery.shape).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** A business date as the instant the ledger's clock reads (noon in Shanghai: the same day). */
export function asOfInstant(date: string): string {
  return `${date}T12:00:00+08:00`;
}

export function ledgerFilterOf(q: FilterInput, prefix: RegionPrefix): LedgerFilter {
  return {
    prefix,
    ...(q.status === undefined ? {} : { statuses: q.status }),
    ...(q.category === undefined ? {} : { category: q.category }),
    ...(q.institutionId === undefined ? {} : { institutionId: q.institutionId }),
    ...(q.inspectionId === undefined ? {} : { inspectionId: q.inspectionId }),
    ...(q.tracking === undefined ? {} : { tracking: q.tracking }),
  };
}

/** Runs a ledger query, turning its refusals (bad cursor or limit, a day beyond the calendar) into 400s naming the field. */
export function ledgerQuery<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof LedgerQueryError) throw invalidQuery(error.field === 'after' ? 'cursor' : error.field, error.message);
    if (error instanceof CalendarError) throw invalidQuery('asOf', error.message);
    throw error;
  }
}

type Query = ReturnType<typeof readModelQuery>;

/** Every matching row, a page per read (the read model is never held across an await). */
async function* exportPages(
  query: Query,
  first: { rows: LedgerRow[]; next: string | null },
  page: (after: string) => (db: SqliteDatabase) => { rows: LedgerRow[]; next: string | null },
  onDone: (rows: number) => void,
) {
  let rows = first.rows.length;
  yield first.rows;
  let next = first.next;
  while (next !== null) {
    const p = await query(READ_MODEL, page(next));
    rows += p.rows.length;
    yield p.rows;
    next = p.next;
  }
  onDone(rows);
}

export const problemLedgerFeature = defineFeature('problem-ledger', (app, deps) => {
  const query = readModelQuery(deps);
  const calendar = () => servicesOf(deps).policy.calendar;
  const tags = ['problem ledger'];
  const clockOf = (asOf: string | undefined): AsOf & { date: string } => {
    const date = asOfDate(asOf, deps.clock);
    return { date, asOf: asOfInstant(date), calendar: calendar() };
  };

  app.get(
    '/api/v1/problem-ledger',
    {
      schema: { summary: 'The problem ledger (问题台账): one row per finding with its rectification clock on asOf, in register order, a page at a time', tags, querystring: LedgerListQuery, response: { 200: LedgerPageSchema, ...problemResponses } },
      config: { readModels: [READ_MODEL] },
    },
    async (request) => {
      const { cursor, limit, regionCode, ...q } = request.query;
      const clock = clockOf(q.asOf);
      const prefix = listPrefix(principalOf(request), regionCode);
      if (prefix === null) return { asOf: clock.date, items: [], nextCursor: null };
      const filter = ledgerFilterOf(q, prefix);
      const page = await query(READ_MODEL, (db) => ledgerQuery(() => ledgerPage(db, { ...clock, filter, ...(limit === undefined ? {} : { limit }), ...(cursor === undefined ? {} : { after: cursor }) })));
      return { asOf: clock.date, items: page.rows, nextCursor: page.next };
    },
  );

  app.get(
    '/api/v1/problem-ledger/export',
    {
      schema: {
        summary: 'The problem ledger as CSV (UTF-8 with BOM) or .xlsx, Chinese column headers, same filters as the list, streamed',
        tags,
        querystring: ExportQuery,
        response: { 200: z.unknown().describe('text/csv (UTF-8 with BOM) or an .xlsx workbook, streamed'), ...problemResponses },
      },
      config: { readModels: [READ_MODEL] },
    },
    async (request, reply) => {
      const { format, regionCode, ...q } = request.query;
      const clock = clockOf(q.asOf);
      const prefix = listPrefix(principalOf(request), regionCode);
      const filter = ledgerFilterOf(q, prefix ?? undefined);
      const page = (after?: string) => (db: SqliteDatabase) =>
        prefix === null ? { rows: [], next: null } : ledgerQuery(() => ledgerPage(db, { ...clock, filter, limit: EXPORT_PAGE_ROWS, ...(after === undefined ? {} : { after }) }));
      // The first page is read before anything is sent, so a refusal is still a problem response.
      const first = await query(READ_MODEL, page());
      // How many rows left the system is on record, beside the request's own log line.
      const pages = exportPages(query, first, (after) => page(after), (rows) => request.log.info({ export: READ_MODEL, format, rows, asOf: clock.date }, 'problem ledger exported'));
      const name = `problem-ledger-${clock.date}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(Readable.from(ledgerCsv(pages)));
      const out = new PassThrough();
      writeLedgerXlsx(out, pages, { title: `问题台账 ${clock.date}` }).catch((error: unknown) => {
        request.log.error({ err: error }, 'problem-ledger export failed mid-stream');
        out.destroy(error instanceof Error ? error : new Error('export failed'));
      });
      return reply.type(XLSX_CONTENT_TYPE).send(out);
    },
  );

  app.get(
    '/api/v1/problem-ledger/:findingId',
    {
      schema: {
        summary: 'One finding of the ledger with its clock on asOf, its whole history (every event of its stream) and its recovery orders',
        tags,
        params: z.object({ findingId: EntityIdSchema }),
        querystring: MinPositionQuery.extend(AsOfQuery.shape),
        response: { 200: FindingHistorySchema, ...problemResponses, 404: problemResponse('no such finding') },
      },
      config: { readModels: [READ_MODEL] },
    },
    async (request) => {
      const principal = principalOf(request);
      const { findingId } = request.params;
      const clock = clockOf(request.query.asOf);
      const found = await query(READ_MODEL, (db) => {
        const finding = ledgerQuery(() => ledgerRow(db, findingId, clock));
        if (finding === undefined) return undefined;
        const orders = db.prepare('SELECT order_id AS orderId, ordered_fen AS orderedFen, status, issued_on AS issuedOn FROM ledger_recovery_order WHERE finding_id = ? ORDER BY issued_on, order_id').all(findingId);
        return { finding, recoveryOrders: orders as { orderId: string; orderedFen: number; status: string; issuedOn: string }[] };
      });
      if (found === undefined) throw new ProblemError('not-found', `no finding ${findingId}`);
      if (!regionInPrefix(found.finding.regionCode, principalPrefix(request))) throw new ProblemError('forbidden', `this finding lies outside region ${principal.region}`, { reason: 'region' });
      const events = await deps.store.readStream(findingStream(findingId));
      const history = events.map((e) => ({ position: String(e.position), revision: Number(e.revision), type: e.type, recordedAt: e.recordedAt, data: e.data as Record<string, unknown> }));
      return { asOf: clock.date, ...found, history };
    },
  );
});
