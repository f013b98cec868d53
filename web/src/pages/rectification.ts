import { getJson } from '../api.ts';
import { t } from '../i18n.ts';
import { AutoTable, html, Show, useLoad } from '../ui.ts';

type Row = Record<string, unknown>;

/** Counts and amounts by region and category, and recovery progress (GET /api/v1/rectification/summary, issue 8). */
export function RectificationPage() {
  const [load] = useLoad(() => getJson<Row>('/api/v1/rectification/summary'), []);
  return html`<section>
    <h2>${t('rectification')}</h2>
    <${Show} load=${load}>${(summary: Row) => html`${Object.entries(summary).map(([k, v]) =>
      Array.isArray(v) ? html`<h3>${k}</h3><${AutoTable} rows=${v as Row[]} />` : typeof v === 'object' && v !== null ? html`<h3>${k}</h3><${AutoTable} rows=${[v as Row]} />` : html`<p><b>${k}</b>: ${String(v)}</p>`,
    )}`}<//>
  </section>`;
}
