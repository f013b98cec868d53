import { getJson, query } from '../api.ts';
import { t, todayInShanghai, yuan } from '../i18n.ts';
import { html, Show, useLoad } from '../ui.ts';

/** Counts and amounts by region and category, and recovery progress (GET /api/v1/rectification/summary). */

type Counts = Record<string, number>;
interface Summary {
  asOf: string;
  dueSoonLast: string;
  total: Counts;
  byRegion: (Counts & { key: string; label: string | null })[];
  byInstitution: (Counts & { key: string; label: string | null })[];
  byCategory: (Counts & { key: string; label: string | null })[];
  publication: Counts;
}

const isMoney = (k: string) => k.endsWith('Fen');

function Progress({ c }: { c: Counts }) {
  const ordered = c.orderedFen ?? 0;
  const recovered = c.recoveredFen ?? 0;
  const pct = ordered > 0 ? Math.min(100, Math.round((recovered / ordered) * 100)) : 0;
  return html`<span class="progress" title=${`${yuan(recovered)} / ${yuan(ordered)}`}><svg viewBox="0 0 100 8" width="100" height="8"><rect width="100" height="8" class="track" /><rect width=${pct} height="8" class="done" /></svg> ${pct}%</span>`;
}

function Groups({ title, rows }: { title: string; rows: Summary['byRegion'] }) {
  const keys = Object.keys(rows[0] ?? {}).filter((k) => k !== 'key' && k !== 'label');
  return html`<h3>${title}</h3>${rows.length === 0 ? html`<p class="state">${t('nothing')}</p>` : html`<div class="scroll"><table>
    <thead><tr><th></th>${keys.map((k) => html`<th>${k}</th>`)}<th>recovery</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td>${r.label ?? r.key}</td>${keys.map((k) => html`<td class="num">${isMoney(k) ? yuan(r[k]) : String(r[k])}</td>`)}<td><${Progress} c=${r} /></td></tr>`)}</tbody>
  </table></div>`}`;
}

export function RectificationPage() {
  const [load] = useLoad(() => getJson<Summary>(`/api/v1/rectification/summary${query({ asOf: todayInShanghai() })}`), []);
  return html`<section>
    <h2>${t('rectification')}</h2>
    <${Show} load=${load}>${(s: Summary) => html`
      <p class="muted">${t('asOf')} ${s.asOf} · ${t('dueSoon')} ≤ ${s.dueSoonLast}</p>
      <dl class="facts" data-testid="rectification-total">${Object.entries(s.total).map(([k, v]) => html`<dt>${k}</dt><dd>${isMoney(k) ? yuan(v) : v}</dd>`)}<dt>recovery</dt><dd><${Progress} c=${s.total} /></dd></dl>
      <${Groups} title=${`${t('region')}`} rows=${s.byRegion} />
      <${Groups} title=${t('category')} rows=${s.byCategory} />
      <${Groups} title="institution" rows=${s.byInstitution} />
      <h3>publication</h3>
      <dl class="facts">${Object.entries(s.publication).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`}<//>
  </section>`;
}
