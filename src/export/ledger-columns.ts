import type { LedgerRow } from '../../projections/problem-ledger/queries.ts';

/**
 * The columns of an exported 问题台账, in the order offices keep them, with Chinese headers.
 * Money is exported in yuan (元) with two decimals, computed from integer fen without
 * floating point; a cell is text, a yuan amount, a count, or a business date.
 *
 * Never exported: the responsible person's pseudonym (personRef) or any name beyond the
 * masked form already in the ledger; inspector and official ids stay in the system.
 */
export type CellKind = 'text' | 'yuan' | 'count' | 'date';

export interface LedgerColumn {
  readonly header: string;
  readonly kind: CellKind;
  /** Width in characters for the spreadsheet. */
  readonly width: number;
  /** Text or date: a string (or null); yuan: integer fen; count: an integer. */
  readonly value: (r: LedgerRow) => string | number | null;
}

const yesNo = (b: boolean) => (b ? '是' : '否');

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { header: '问题编号', kind: 'text', width: 16, value: (r) => r.number },
  { header: '检查编号', kind: 'text', width: 16, value: (r) => r.inspectionId },
  { header: '问题类别', kind: 'text', width: 12, value: (r) => r.categoryLabel },
  { header: '问题描述', kind: 'text', width: 40, value: (r) => r.description },
  { header: '被检查机构', kind: 'text', width: 30, value: (r) => r.institutionName },
  { header: '统一社会信用代码', kind: 'text', width: 22, value: (r) => r.institutionId },
  { header: '行政区划代码', kind: 'text', width: 12, value: (r) => r.regionCode },
  { header: '涉及金额（元）', kind: 'yuan', width: 14, value: (r) => r.amountInvolvedFen },
  { header: '责任单位', kind: 'text', width: 30, value: (r) => r.responsibleUnit },
  { header: '责任人（脱敏）', kind: 'text', width: 12, value: (r) => r.responsiblePerson?.maskedName ?? null },
  { header: '责任人职务', kind: 'text', width: 12, value: (r) => r.responsiblePerson?.role ?? null },
  { header: '整改要求', kind: 'text', width: 40, value: (r) => r.measuresRequired },
  { header: '整改通知日期', kind: 'date', width: 12, value: (r) => r.noticeOn },
  { header: '整改时限（工作日）', kind: 'count', width: 10, value: (r) => r.deadlineWorkingDays },
  { header: '整改截止日期', kind: 'date', width: 12, value: (r) => r.deadlineOn },
  { header: '延期次数', kind: 'count', width: 8, value: (r) => r.extensionCount },
  { header: '整改状态', kind: 'text', width: 12, value: (r) => r.statusLabel },
  { header: '是否逾期', kind: 'text', width: 8, value: (r) => yesNo(r.overdue) },
  { header: '逾期天数', kind: 'count', width: 8, value: (r) => r.daysOverdue },
  { header: '整改措施', kind: 'text', width: 40, value: (r) => r.measuresTaken },
  { header: '整改提交日期', kind: 'date', width: 12, value: (r) => r.lastSubmittedOn },
  { header: '查验结论', kind: 'text', width: 30, value: (r) => r.verificationConclusion },
  { header: '查验日期', kind: 'date', width: 12, value: (r) => r.verifiedOn },
  { header: '销号日期', kind: 'date', width: 12, value: (r) => r.closedOn },
  { header: '责令退回金额（元）', kind: 'yuan', width: 14, value: (r) => r.amountOrderedFen },
  { header: '已追回金额（元）', kind: 'yuan', width: 14, value: (r) => r.amountRecoveredFen },
  { header: '撤销原因', kind: 'text', width: 30, value: (r) => r.withdrawalReason },
];

/** Integer fen as yuan with two decimals, exactly: 123456 → "1234.56", -5 → "-0.05". */
export function yuanOfFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
