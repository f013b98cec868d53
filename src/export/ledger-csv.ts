import type { LedgerRow } from '../../projections/problem-ledger/queries.ts';
import { LEDGER_COLUMNS, yuanOfFen, type LedgerColumn } from './ledger-columns.ts';

/**
 * The ledger as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line
 * break, quotes doubled), UTF-8 with a byte-order mark so Excel reads the Chinese right.
 * A text cell starting with = + - @ (or a tab or CR) gets a leading apostrophe, so a
 * spreadsheet never runs what an institution typed as a formula.
 */

export const CSV_BOM = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function cell(column: LedgerColumn, row: LedgerRow): string {
  const v = column.value(row);
  if (v === null) return '';
  if (column.kind === 'yuan') return yuanOfFen(Number(v));
  if (column.kind === 'count') return String(v);
  const text = String(v);
  return csvField(column.kind === 'text' && FORMULA_START.test(text) ? `'${text}` : text);
}

export function csvHeaderLine(): string {
  return `${CSV_BOM}${LEDGER_COLUMNS.map((c) => csvField(c.header)).join(',')}\r\n`;
}

export function csvLine(row: LedgerRow): string {
  return `${LEDGER_COLUMNS.map((c) => cell(c, row)).join(',')}\r\n`;
}

/** The CSV text, chunk by chunk (one chunk per page of rows), header first. */
export async function* ledgerCsv(pages: AsyncIterable<readonly LedgerRow[]>): AsyncGenerator<string> {
  yield csvHeaderLine();
  for await (const rows of pages) if (rows.length > 0) yield rows.map(csvLine).join('');
}
