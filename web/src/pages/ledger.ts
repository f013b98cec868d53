import { useState } from 'preact/hooks';
import { download, getJson, query, type ApiError } from '../api.ts';
import { t, todayInShanghai, yuan } from '../i18n.ts';
import { asApiError, AutoTable, ErrorBox, html, Show, useLoad } from '../ui.ts';

/**
 * The problem ledger (GET /api/v1/problem-ledger): filters, rows overdue or due soon
 * highlighted as of today in Asia/Shanghai, the export of the same filter (xlsx or CSV,
 * fetched with the token), and a finding's whole history.
 */

interface Row {
  findingId: string;
  number: string;
  categoryLabel: string;
  institutionId: string;
  institutionName: string | null;
  regionCode: string;
  amountInvolvedFen: number;
  deadlineOn: string;
  statusLabel: string;
  overdue: boolean;
  dueSoon: boolean;
  daysOverdue: number;
  workingDaysLeft: number | null;
  amountOrderedFen: number;
  amountRecoveredFen: number;
}

interface LedgerPage {
  asOf: string;
  items: Row[];
  nextCursor: string | null;
}

interface History {
  finding: Row;
  recoveryOrders: Record<string, unknown>[];
  history: { position: string; type: string; recordedAt: string; data: Record<string, unknown> }[];
}

interface Filters {
  status: string;
  category: string;
  regionCode: string;
  tracking: string;
}

const EMPTY: Filters = { status: '', category: '', regionCode: '', tracking: '' };

function FindingHistory({ findingId, asOf }: { findingId: string; asOf: string }) {
  const [load] = useLoad(() => getJson<History>(`/api/v1/problem-ledger/${encodeURIComponent(findingId)}${query({ asOf })}`), [findingId]);
  return html`<div data-testid="finding-history"><h3>${t('history')} · ${findingId}</h3>
    <${Show} load=${load}>${(v: History) => html`
      <ol class="timeline">${v.history.map((e) => html`<li><b>${e.type}</b> <time>${e.recordedAt}</time> <span class="muted">#${e.position}</span></li>`)}</ol>
      ${v.recoveryOrders.length > 0 ? html`<${AutoTable} rows=${v.recoveryOrders} />` : null}`}<//></div>`;
}

function clockText(r: Row): string {
  if (r.overdue) return `${t('overdue')} ${r.daysOverdue}d`;
  if (r.workingDaysLeft !== null) return `${r.dueSoon ? `${t('dueSoon')} · ` : ''}${r.workingDaysLeft}wd`;
  return '—';
}

function Table({ rows, onPick }: { rows: Row[]; onPick: (id: string) => void }) {
  if (rows.length === 0) return html`<p class="state">${t('nothing')}</p>`;
  return html`<div class="scroll"><table data-testid="ledger">
    <thead><tr><th>#</th><th>${t('category')}</th><th>institution</th><th>${t('region')}</th><th>${t('amount')}</th><th>deadline</th><th>${t('status')}</th><th>clock</th><th>ordered / recovered</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr class=${r.overdue ? 'overdue' : r.dueSoon ? 'due-soon' : ''}>
        <td><button class="link" onClick=${() => onPick(r.findingId)}>${r.number}</button></td>
        <td>${r.categoryLabel}</td><td>${r.institutionName ?? r.institutionId}</td><td>${r.regionCode}</td>
        <td class="num">${yuan(r.amountInvolvedFen)}</td><td>${r.deadlineOn}</td><td>${r.statusLabel}</td><td>${clockText(r)}</td>
        <td class="num">${yuan(r.amountOrderedFen)} / ${yuan(r.amountRecoveredFen)}</td>
      </tr>`,
    )}</tbody></table></div>`;
}

export function LedgerPage() {
  const asOf = todayInShanghai();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const params = { ...filters, asOf };
  const [load] = useLoad(() => getJson<LedgerPage>(`/api/v1/problem-ledger${query({ ...params, limit: 50, cursor })}`), [JSON.stringify(filters), cursor]);
  const field = (name: keyof Filters) => (e: Event) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value });
  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExportError(null);
    try {
      await download(`/api/v1/problem-ledger/export${query({ ...params, format })}`, `problem-ledger-${asOf}.${format}`);
    } catch (error) {
      setExportError(asApiError(error));
    }
  };
  return html`<section>
    <h2>${t('ledger')} <small>${t('asOf')} ${asOf}</small></h2>
    <form class="row filters" onSubmit=${(e: Event) => {
      e.preventDefault();
      setCursor(null);
      setFilters(draft);
    }}>
      <label>${t('status')}<input name="status" value=${draft.status} onInput=${field('status')} placeholder="open,verified" /></label>
      <label>${t('category')}<input name="category" value=${draft.category} onInput=${field('category')} /></label>
      <label>${t('region')}<input name="regionCode" value=${draft.regionCode} onInput=${field('regionCode')} placeholder="360100" /></label>
      <label>${t('allDue')}<select name="tracking" value=${draft.tracking} onChange=${field('tracking')}>
        <option value="">${t('allDue')}</option><option value="overdue">${t('overdue')}</option><option value="due_soon">${t('dueSoon')}</option>
      </select></label>
      <button type="submit">${t('search')}</button>
      <button type="button" onClick=${() => exportAs('xlsx')}>${t('exportXlsx')}</button>
      <button type="button" onClick=${() => exportAs('csv')}>${t('exportCsv')}</button>
    </form>
    ${exportError ? html`<${ErrorBox} error=${exportError} />` : null}
    <p class="legend"><span class="overdue">${t('overdue')}</span> <span class="due-soon">${t('dueSoon')}</span></p>
    <${Show} load=${load}>${(page: LedgerPage) => html`
      <${Table} rows=${page.items} onPick=${setSelected} />
      ${page.nextCursor ? html`<button onClick=${() => setCursor(page.nextCursor)}>${t('more')}</button>` : null}`}<//>
    ${selected ? html`<${FindingHistory} key=${selected} findingId=${selected} asOf=${asOf} />` : null}
  </section>`;
}
