import type { Writable } from 'node:stream';
import type { LedgerRow } from '../../projections/problem-ledger/queries.ts';
import { LEDGER_COLUMNS, yuanOfFen } from './ledger-columns.ts';

/**
 * The ledger as an .xlsx workbook, written with exceljs's streaming WorkbookWriter: each
 * row is committed (serialised and released) as it is added, and the next page is not
 * read while the output waits for a slow reader to drain, so memory does not grow with
 * the ledger. Amounts are numbers in yuan formatted with two decimals (so offices can sum
 * them); dates stay YYYY-MM-DD text, as the ledger keeps them, never Excel serials.
 */

export const XLSX_SHEET_NAME = '问题台账';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function cells(row: LedgerRow): (string | number | null)[] {
  return LEDGER_COLUMNS.map((c) => {
    const v = c.value(row);
    if (v === null) return null;
    // Two decimals exactly as text first, then a number: fen / 100 rounds the same way.
    return c.kind === 'yuan' ? Number(yuanOfFen(Number(v))) : v;
  });
}

/** Resolves when `out` drains, or closes (a reader gone never drains). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Writes the workbook to `out` and resolves once it is complete (the stream is ended by exceljs). */
export async function writeLedgerXlsx(out: Writable, pages: AsyncIterable<readonly LedgerRow[]>, meta: { readonly title: string }): Promise<void> {
  // Loaded on first export, not at start: exceljs and its zip stack are ~400 modules that
  // every server process (and every test process) would otherwise compile and never use.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'taizhang';
  workbook.title = meta.title;
  const sheet = workbook.addWorksheet(XLSX_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEDGER_COLUMNS.map((c, i) => ({ key: `c${i}`, width: c.width, ...(c.kind === 'yuan' ? { style: { numFmt: '#,##0.00' } } : {}) }));
  const header = sheet.addRow(LEDGER_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  for await (const rows of pages) {
    for (const row of rows) sheet.addRow(cells(row)).commit();
    if (out.writableNeedDrain) await drained(out);
    if (out.destroyed) throw new Error('the export was abandoned by its reader');
  }
  sheet.commit();
  await workbook.commit();
}
