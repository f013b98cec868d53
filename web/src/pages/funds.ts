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

interface Totals {
  year: number;
  regionCode: string;
  committedFen: number;
  paidFen: number;
  allocatedFen: number;
}

/** Committed and paid per year as paired bars, drawn by hand in SVG (no chart library). */
function Chart({ totals }: { totals: Totals[] }) {
  const byYear = new Map<number, { committed: number; paid: number }>();
  for (const r of totals) {
    const y = byYear.get(r.year) ?? { committed: 0, paid: 0 };
    y.committed += r.committedFen;
    y.paid += r.paidFen;
    byYear.set(r.year, y);
  }
  const years = [...byYear.keys()].sort();
  const max = Math.max(1, ...years.flatMap((y) => [byYear.get(y)?.committed ?? 0, byYear.get(y)?.paid ?? 0]));
  const W = 60;
  const H = 160;
  return html`<figure>
    <svg viewBox=${`0 0 ${Math.max(600, years.length * W + 20)} ${H + 30}`} preserveAspectRatio="xMinYMid meet" role="img" aria-label=${t('chart')} class="chart" data-testid="funds-chart">
      <line x1="10" y1=${H} x2=${years.length * W + 10} y2=${H} class="axis" />
      ${years.map((year, i) => {
        const v = byYear.get(year) ?? { committed: 0, paid: 0 };
        const hc = (v.committed / max) * (H - 10);
        const hp = (v.paid / max) * (H - 10);
        const x = 10 + i * W;
        return html`<g>
          <rect x=${x + 8} y=${H - hc} width="18" height=${hc} class="bar committed"><title>${t('committed')} ${year}: ${yuan(v.committed)}</title></rect>
          <rect x=${x + 28} y=${H - hp} width="18" height=${hp} class="bar paid"><title>${t('paid')} ${year}: ${yuan(v.paid)}</title></rect>
          <text x=${x + 27} y=${H + 18} text-anchor="middle">${year}</text>
        </g>`;
      })}
    </svg>
    <figcaption>${t('chart')} · <span class="key committed">■</span> ${t('committed')} <span class="key paid">■</span> ${t('paid')}</figcaption>
  </figure>`;
}

export function FundsPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const [funds] = useLoad(() => getJson<Page<Fund>>(`/api/v1/funds${query({ limit: 50, cursor })}`), [cursor]);
  const [totals] = useLoad(() => getJson<{ totals: Totals[] }>('/api/v1/fund-totals'), []);
  return html`<section>
    <h2>${t('funds')}</h2>
    <${Show} load=${totals}>${(v: { totals: Totals[] }) => html`<${Chart} totals=${v.totals} />`}<//>
    <h3>${t('balances')}</h3>
    <${Show} load=${funds}>${(page: Page<Fund>) => html`<div class="scroll"><table data-testid="funds">
      <thead><tr><th>fund</th><th>${t('year')}</th><th>${t('region')}</th><th>${t('allocated')}</th><th>${t('committed')}</th><th>${t('paid')}</th><th>${t('available')}</th></tr></thead>
      <tbody>${page.items.map((f) => html`<tr><td>${f.fundId}</td><td>${f.year}</td><td>${f.regionCode}</td><td class="num">${yuan(f.allocatedFen)}</td><td class="num">${yuan(f.committedFen)}</td><td class="num">${yuan(f.paidFen)}</td><td class="num">${yuan(f.availableFen)}</td></tr>`)}</tbody>
    </table></div>
    ${page.items.length === 0 ? html`<p class="state">${t('nothing')}</p>` : null}
    ${page.nextCursor ? html`<button onClick=${() => setCursor(page.nextCursor)}>${t('more')}</button>` : null}`}<//>
  </section>`;
}
