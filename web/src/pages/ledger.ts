import { useState } from 'preact/hooks';
import { download, getJson, query, type Page } from '../api.ts';
import { t, todayInShanghai } from '../i18n.ts';
import { asApiError, AutoTable, ErrorBox, html, Show, useLoad } from '../ui.ts';
import type { ApiError } from '../api.ts';

/**
 * The problem ledger (GET /api/v1/problem-ledger, issue 8): filters, rows overdue or due
 * soon highlighted as of today in Asia/Shanghai, the export of the same filter, and a
 * finding's history. Columns follow what the API answers.
 */

type Row = Record<string, unknown>;

interface Filters {
  status: string;
  category: string;
  regionCode: string;
  due: string;
}

const EMPTY: Filters = { status: '', category: '', regionCode: '', due: '' };

function rowClass(row: Row): string {
  if (row.overdue === true || (row.clock as { overdue?: boolean } | undefined)?.overdue === true) return 'overdue';
  if (row.dueSoon === true || (row.clock as { dueSoon?: boolean } | undefined)?.dueSoon === true) return 'due-soon';
  return '';
}

function History({ findingId }: { findingId: string }) {
  const [load] = useLoad(() => getJson<Row>(`/api/v1/problem-ledger/${encodeURIComponent(findingId)}`), [findingId]);
  return html`<div data-testid="finding-history"><h3>${t('history')} · ${findingId}</h3>
    <${Show} load=${load}>${(v: Row) => {
      const history = (v.history ?? v.events ?? v.steps) as Row[] | undefined;
      return Array.isArray(history) ? html`<${AutoTable} rows=${history} />` : html`<pre class="json">${JSON.stringify(v, null, 2)}</pre>`;
    }}<//></div>`;
}

export function LedgerPage() {
  const asOf = todayInShanghai();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const params = { ...filters, asOf };
  const [load] = useLoad(() => getJson<Page<Row>>(`/api/v1/problem-ledger${query({ ...params, limit: 50, cursor })}`), [JSON.stringify(filters), cursor]);
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
      <label>${t('status')}<input name="status" value=${draft.status} onInput=${field('status')} placeholder="open" /></label>
      <label>${t('category')}<input name="category" value=${draft.category} onInput=${field('category')} /></label>
      <label>${t('region')}<input name="regionCode" value=${draft.regionCode} onInput=${field('regionCode')} placeholder="360100" /></label>
      <label>${t('allDue')}<select name="due" value=${draft.due} onChange=${field('due')}>
        <option value="">${t('allDue')}</option><option value="overdue">${t('overdue')}</option><option value="due_soon">${t('dueSoon')}</option>
      </select></label>
      <button type="submit">${t('search')}</button>
      <button type="button" onClick=${() => exportAs('xlsx')}>${t('exportXlsx')}</button>
      <button type="button" onClick=${() => exportAs('csv')}>${t('exportCsv')}</button>
    </form>
    ${exportError ? html`<${ErrorBox} error=${exportError} />` : null}
    <p class="legend"><span class="overdue">${t('overdue')}</span> <span class="due-soon">${t('dueSoon')}</span></p>
    <${Show} load=${load}>${(page: Page<Row>) => html`
      <div onClick=${(e: Event) => {
        const id = (e.target as HTMLElement).closest('tr')?.querySelector('td')?.textContent;
        if (id) setSelected(id);
      }}><${AutoTable} rows=${page.items} rowClass=${rowClass} /></div>
      ${page.nextCursor ? html`<button onClick=${() => setCursor(page.nextCursor)}>${t('more')}</button>` : null}`}<//>
    ${selected ? html`<${History} findingId=${selected} />` : null}
  </section>`;
}
