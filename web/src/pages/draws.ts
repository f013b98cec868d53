import { useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { t } from '../i18n.ts';
import { AutoTable, cell, html, Show, useLoad } from '../ui.ts';

/** An inspector's or auditor's view of a plan: the plan, its committed randomness and its result (drafts included). */
function Plan({ planId }: { planId: string }) {
  const [load] = useLoad(() => getJson<Record<string, unknown>>(`/api/v1/inspection-plans/${encodeURIComponent(planId)}`), [planId]);
  return html`<${Show} load=${load}>${(plan: Record<string, unknown>) => html`
    <dl class="facts" data-testid="plan">
      ${Object.entries(plan)
        .filter(([, v]) => typeof v !== 'object' || v === null)
        .map(([k, v]) => html`<dt>${k}</dt><dd>${cell(v)}</dd>`)}
    </dl>
    ${Object.entries(plan)
      .filter(([, v]) => typeof v === 'object' && v !== null)
      .map(([k, v]) => html`<h3>${k}</h3>${Array.isArray(v) ? html`<${AutoTable} rows=${v as Record<string, unknown>[]} />` : html`<pre class="json">${JSON.stringify(v, null, 2)}</pre>`}`)}
    <p><a href=${`#/public/draws/${encodeURIComponent(planId)}`}>${t('publicDraw')} →</a></p>`}<//>`;
}

export function DrawsPage({ planId }: { planId?: string }) {
  const [input, setInput] = useState(planId ?? '');
  return html`<section>
    <h2>${t('draws')}</h2>
    <form class="row" onSubmit=${(e: Event) => {
      e.preventDefault();
      location.hash = `#/draws/${encodeURIComponent(input.trim())}`;
    }}>
      <label>${t('planId')}<input name="planId" value=${input} onInput=${(e: Event) => setInput((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">${t('open')}</button>
    </form>
    ${planId ? html`<${Plan} planId=${planId} />` : null}
  </section>`;
}
