import { useState } from 'preact/hooks';
import { getJson, query, type Page } from '../api.ts';
import { t, yuan } from '../i18n.ts';
import { html, Show, useLoad } from '../ui.ts';

interface Fund {
  fundId: string;
  source: string;
  year: number;
  regionCode: string;
  allocatedFen: number;
  committedFen: number;
  paidFen: number;
  availableFen: number;
}

interface Month {
  month: string;
  committedFen: number;
  paidFen: number;
  recoveredFen: number;
  bouncedFen: number;
}

/** A long history would make bars too thin to read: the chart keeps the latest this many months. */
const MONTHS_SHOWN = 60;

/** Every month from the first to the last (YYYY-MM), quiet months included, so the axis is time. */
function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (let key = first; key <= last; key = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(key);
    if (++m > 12) (m = 1), (y += 1);
  }
  return out.slice(-MONTHS_SHOWN);
}

const SERIES = [
  ['committed', 'committedFen'],
  ['paid', 'paidFen'],
  ['recovered', 'recoveredFen'],
] as const;

/** Committed, paid and recovered per month as grouped bars, drawn by hand in SVG (no chart library). */
function Chart({ months }: { months: Month[] }) {
  const first = months[0];
  const last = months[months.length - 1];
  if (first === undefined || last === undefined) return html`<p class="state" data-testid="funds-chart-empty">${t('nothing')}</p>`;
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const axis = monthRange(first.month, last.month);
  const max = Math.max(1, ...months.flatMap((m) => SERIES.map(([, k]) => m[k])));
  const W = 34;
  const H = 160;
  return html`<figure>
    <svg viewBox=${`0 0 ${Math.max(600, axis.length * W + 20)} ${H + 44}`} preserveAspectRatio="xMinYMid meet" role="img" aria-label=${t('chart')} class="chart" data-testid="funds-chart">
      <line x1="10" y1=${H} x2=${axis.length * W + 10} y2=${H} class="axis" />
      ${axis.map((month, i) => {
        const v = byMonth.get(month);
        const x = 10 + i * W;
        return html`<g class="month" data-month=${month}>
          ${SERIES.map(([name, key], j) => {
            const fen = v?.[key] ?? 0;
            const h = (fen / max) * (H - 10);
            return html`<rect x=${x + 3 + j * 9} y=${H - h} width="8" height=${h} class=${`bar ${name}`}><title>${t(name)} ${month}: ${yuan(fen)}${name === 'paid' && v && v.bouncedFen > 0 ? ` (${t('bounced')} ${yuan(v.bouncedFen)})` : ''}</title></rect>`;
          })}
          <text x=${x + 16} y=${H + 16} text-anchor="middle">${month.slice(5)}</text>
          ${i === 0 || month.endsWith('-01') ? html`<text x=${x + 16} y=${H + 32} text-anchor="middle">${month.slice(0, 4)}</text>` : null}
        </g>`;
      })}
    </svg>
    <figcaption>${t('chart')} · <span class="key committed">■</span> ${t('committed')} <span class="key paid">■</span> ${t('paid')} <span class="key recovered">■</span> ${t('recovered')}</figcaption>
  </figure>`;
}

/** The chart over months with a choice of the funds' budget year (the years come from the fund totals). */
function MonthlyChart() {
  const [year, setYear] = useState('');
  const [years] = useLoad(() => getJson<{ totals: { year: number }[] }>('/api/v1/fund-totals'), []);
  const [months] = useLoad(() => getJson<{ months: Month[] }>(`/api/v1/fund-months${query({ year })}`), [year]);
  return html`<div>
    <${Show} load=${years}>${(v: { totals: { year: number }[] }) => html`<div class="row"><label>${t('year')}
      <select name="fundYear" value=${year} onChange=${(e: Event) => setYear((e.target as HTMLSelectElement).value)}>
        <option value="">${t('allYears')}</option>
        ${[...new Set(v.totals.map((r) => r.year))].sort().map((y) => html`<option value=${String(y)}>${y}</option>`)}
      </select></label></div>`}<//>
    <${Show} load=${months}>${(v: { months: Month[] }) => html`<${Chart} months=${v.months} />`}<//>
  </div>`;
}

export function FundsPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const [funds] = useLoad(() => getJson<Page<Fund>>(`/api/v1/funds${query({ limit: 50, cursor })}`), [cursor]);
  return html`<section>
    <h2>${t('funds')}</h2>
    <${MonthlyChart} />
    <h3>${t('balances')}</h3>
    <${Show} load=${funds}>${(page: Page<Fund>) => html`<div class="scroll"><table data-testid="funds">
      <thead><tr><th>fund</th><th>${t('year')}</th><th>${t('region')}</th><th>${t('allocated')}</th><th>${t('committed')}</th><th>${t('paid')}</th><th>${t('available')}</th></tr></thead>
      <tbody>${page.items.map((f) => html`<tr><td>${f.fundId}</td><td>${f.year}</td><td>${f.regionCode}</td><td class="num">${yuan(f.allocatedFen)}</td><td class="num">${yuan(f.committedFen)}</td><td class="num">${yuan(f.paidFen)}</td><td class="num">${yuan(f.availableFen)}</td></tr>`)}</tbody>
    </table></div>
    ${page.items.length === 0 ? html`<p class="state">${t('nothing')}</p>` : null}
    ${page.nextCursor ? html`<button onClick=${() => setCursor(page.nextCursor)}>${t('more')}</button>` : null}`}<//>
  </section>`;
}
